import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, notFound, type StartExportInput } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import type { Em, Orm } from '@satprep/domain/db';
import { ExportRun } from '@satprep/domain/entities';
import { exportTrainingData, type ExportOptions, type SyntheticDeps } from '@satprep/exporter';
import type { AppConfig } from '../config.ts';
import { OfflineTutor } from '@satprep/tutor';
import { adjustPlan, buildPlan } from './study-plan-engine.ts';

let memorySecret: string | undefined;

/** The HMAC secret for pseudonymous user keys: PSEUDONYM_SECRET, else one generated once and kept in DATA_DIR. */
export function pseudonymSecret(config: Pick<AppConfig, 'pseudonymSecret' | 'dataDir'>): string {
  if (config.pseudonymSecret) return config.pseudonymSecret;
  if (config.dataDir.startsWith('memory:')) return (memorySecret ??= randomBytes(32).toString('hex'));
  const file = path.join(config.dataDir, 'pseudonym-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Synthetic examples always come from the deterministic offline tutor, so a seed reproduces them. */
export function syntheticDeps(): SyntheticDeps {
  return { bank: buildQuestionBank(), tutor: new OfflineTutor(), buildPlan, adjustPlan };
}

export function exportDirName(format: string, now = new Date()): string {
  return `${format}-${now.toISOString().replace(/[:.]/g, '').replace('T', '-').slice(0, 17)}-${randomBytes(2).toString('hex')}`;
}

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
    ...(input.target ? { transition: { target: input.target } } : {}),
    secret: pseudonymSecret(config), trigger: 'api', startedBy: adminId,
  };
  return new Promise((resolve, reject) => {
    const job = exportTrainingData({ orm, readOrm, synthetic: syntheticDeps() }, { ...opts, onStart: (runId) => resolve({ runId }) })
      .catch((err) => reject(err instanceof AppError ? err : new AppError('BAD_REQUEST', `Export failed: ${err instanceof Error ? err.message : String(err)}`)))
      .finally(() => running.delete(job));
    running.add(job);
  });
}

/** Waits for background exports (tests and shutdown). */
export async function settleExports(): Promise<void> {
  await Promise.allSettled([...running]);
}

export async function listExportRuns(em: Em, limit = 50) {
  const runs = await em.find(ExportRun, {}, { orderBy: { id: 'desc' }, limit });
  return runs.map((r) => ({
    runId: r.id, status: r.status, format: r.format, trigger: r.trigger, startedAt: r.startedAt, finishedAt: r.finishedAt,
    durationMs: r.durationMs, windowSince: r.windowSince, windowUntil: r.windowUntil, counts: r.counts, error: r.error, sha256: r.sha256,
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
