import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError, notFound, type StartExportInput } from '@satprep/domain';
import type { Em, Orm } from '@satprep/domain/db';
import { ExportRun } from '@satprep/domain/entities';
import { exportTrainingData, type ExportOptions } from '@satprep/exporter';
import { exportDirName, pseudonymSecret, syntheticDeps } from '@satprep/core/export';
import type { AppConfig } from '../config.ts';
import { runHasPendingWithdrawals, scheduleExportWithdrawals } from './export-withdrawals.ts';

const running = new Set<Promise<unknown>>();

/** Starts an export in the background and returns its run id as soon as the run is recorded. */
export async function startExport(orm: Orm, readOrm: Orm, config: AppConfig, adminId: number, input: StartExportInput): Promise<{ runId: number }> {
  if (running.size >= 1) throw new AppError('CONFLICT', 'An export is already running; wait for it to finish.');
  const opts: ExportOptions = {
    format: input.format,
    fileFormat: input.fileFormat,
    outDir: path.join(config.exportDir, exportDirName(input.format)),
    period: input.period, since: input.since, until: input.until, incremental: input.incremental, reviewedOnly: input.reviewedOnly,
    minRating: input.minRating, valRatio: input.valRatio, mix: input.mix,
    ...(input.experiment ? { experiment: input.experiment } : {}),
    ...(input.target ? { transition: { target: input.target } } : {}),
    secret: pseudonymSecret(config), trigger: 'api', startedBy: adminId,
  };
  return new Promise((resolve, reject) => {
    let runId: number | undefined;
    const job = exportTrainingData({ orm, readOrm, synthetic: syntheticDeps() }, { ...opts, onStart: (id) => resolve({ runId: (runId = id) }) })
      .catch(async (err: unknown) => {
        if (err instanceof AppError) return reject(err);
        const failure = await recordExportFailure(orm, runId, err);
        reject(new AppError('BAD_REQUEST', failure));
      })
      .finally(() => {
        running.delete(job);
        // Withdrawals recorded while this export ran waited for it.
        void scheduleExportWithdrawals(orm, config);
      });
    running.add(job);
  });
}

/** What a client and export_runs say about a failed export: no driver or file-system text, an id to find the details in the server log. */
function failureMessage(errorId: string): string {
  return `Export failed (error id ${errorId}). The details are in the server log.`;
}
const FAILURE_MESSAGE = /^Export failed \(error id [0-9a-f]+\)\. The details are in the server log\.$/;

/**
 * Logs why an export failed under a fresh error id and replaces the run's recorded error (the
 * exporter stores the raw message, which may quote PostgreSQL) with the generic message.
 */
async function recordExportFailure(orm: Orm, runId: number | undefined, err: unknown): Promise<string> {
  const errorId = randomBytes(4).toString('hex');
  console.error(`export${runId === undefined ? '' : ` run ${runId}`} failed (error id ${errorId}):`, err);
  const message = failureMessage(errorId);
  if (runId !== undefined) await orm.em.fork().execute('update export_runs set error = ? where id = ?', [message, runId]).catch(() => {});
  return message;
}

/** Waits for background exports (tests and shutdown). */
export async function settleExports(): Promise<void> {
  await Promise.allSettled([...running]);
}

export async function listExportRuns(em: Em, limit = 50) {
  const runs = await em.find(ExportRun, {}, { orderBy: { id: 'desc' }, limit });
  return runs.map((r) => ({
    runId: r.id, status: r.status, format: r.format, trigger: r.trigger, startedAt: r.startedAt, finishedAt: r.finishedAt,
    durationMs: r.durationMs, windowSince: r.windowSince, windowUntil: r.windowUntil, counts: r.counts, sha256: r.sha256,
    // Set when the files were removed after students withdrew; purges: lines removed from the files since.
    withdrawnAt: r.withdrawnAt ?? null, purges: r.purges ?? null,
    // Runs started elsewhere (the CLI) keep the exporter's raw message, which may quote the database: not shown here.
    error: r.error == null || FAILURE_MESSAGE.test(r.error) ? (r.error ?? null) : 'Export failed. The details are in the server log.',
    files: (r.files ?? []).map((f) => ({ ...f, url: `/exports/${r.id}/${encodeURIComponent(f.name)}` })),
  }));
}

/** The on-disk path of one published file of a run, for the admin download route. */
export async function exportFilePath(em: Em, runId: number, name: string): Promise<string> {
  const run = await em.findOne(ExportRun, { id: runId, status: 'succeeded' });
  const file = run?.files?.find((f) => f.name === name);
  if (!run || !file || !run.outDir) throw notFound('Export file');
  return path.join(run.outDir, file.name);
}

/**
 * What the download route may serve: the file, or why not. A withdrawn run is gone (410); a run
 * with a withdrawal not yet applied to its files waits (503), since they may still hold that
 * student's lines.
 */
export async function exportDownload(em: Em, runId: number, name: string): Promise<{ file: string } | { status: 404 | 410 | 503; message: string }> {
  let file: string;
  try {
    file = await exportFilePath(em, runId, name);
  } catch {
    return { status: 404, message: 'No such export file.' };
  }
  const run = await em.findOneOrFail(ExportRun, { id: runId });
  if (run.withdrawnAt) return { status: 410, message: 'This export was withdrawn: students in it withdrew consent or deleted their accounts.' };
  if (await runHasPendingWithdrawals(em, runId)) return { status: 503, message: 'This export is being rewritten without the lines of students who withdrew. Try again shortly.' };
  return { file };
}
