import { AppError } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { ExportRun } from '@satprep/domain/entities';
import type { Manifest } from './card.ts';
import { Curator } from './curate.ts';
import { buildManifest, publish } from './manifest.ts';
import { planExport, planRead, type ExportDeps, type ExportOptions, type ExportPlan, type ExportProgress, type ReadPlan } from './plan.ts';
import { SourcePreparer } from './prepared-source.ts';
import { AtomicDirSink, type WrittenFile } from './sinks/file-sink.ts';
import { ExportStats } from './stats.ts';
import { sourceQuotas } from './synthetic/transition.ts';
import type { SourceName } from './types.ts';
import { DatasetWriter } from './write.ts';

export type { ExportDeps, ExportOptions, ExportProgress } from './plan.ts';
export { HELD_OUT } from './manifest.ts';

export interface ExportResult {
  runId: number;
  outDir: string;
  manifest: Manifest;
  files: WrittenFile[];
}

/** Progress without the lines written so far (the stats add them). */
type Progress = (p: Omit<ExportProgress, 'written'>) => void;

/**
 * The export pipeline, recorded in export_runs: plan → read and prepare each source (this thread,
 * or a worker thread too) → curate (duplicates, decontamination, audit) → format, validate and
 * write → manifest and dataset card, published atomically. Nothing is published on failure.
 */
export async function exportTrainingData(deps: ExportDeps, opts: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  const em = deps.orm.em.fork() as Em;
  const readOrm = deps.readOrm ?? deps.orm;
  const readEm = readOrm.em.fork() as Em;
  const plan = await planExport(em, readOrm, opts);
  const run = em.create(ExportRun, {
    startedBy: opts.startedBy ?? null, trigger: opts.trigger, status: 'running', format: opts.format,
    params: { ...opts, secret: undefined, onProgress: undefined, onStart: undefined, now: undefined, workerThread: undefined } as Record<string, unknown>,
    windowSince: plan.since, windowUntil: plan.until, counts: null, files: null, outDir: opts.outDir, sha256: null, durationMs: null, error: null, finishedAt: null,
  });
  await em.flush();
  opts.onStart?.(run.id);
  const sink = await AtomicDirSink.open(opts.outDir);
  try {
    const read = await planRead(plan, readOrm, readEm);
    const preparer = new SourcePreparer(readEm, plan, read);
    const stats = new ExportStats(read.auditSampleOneIn, preparer.redactions);
    const writer = new DatasetWriter(plan, sink, stats);
    const curator = new Curator(plan, read, stats, writer);
    const progress: Progress = (p) => opts.onProgress?.({ ...p, written: stats.written });

    const realTaken = await realExamples(plan, read, preparer, curator, progress);
    // The synthetic share fills the target around the real examples actually written.
    const syntheticTarget = plan.stage === 'mixed' ? Math.max(0, plan.transition.target - realTaken) : read.mix.synthetic;
    await syntheticExamples(deps, plan, syntheticTarget, preparer, curator, progress);
    await writer.end(() => progress({ phase: 'validate', source: '', rows: stats.written, total: stats.written }));

    const manifest = await buildManifest(plan, run.id, readEm, stats, curator, { realTaken, syntheticTarget });
    const { files, sha256 } = await publish(sink, opts.outDir, manifest, writer.names);
    Object.assign(run, { status: 'succeeded', counts: manifest.counts, files, sha256, durationMs: Date.now() - started, finishedAt: new Date() });
    await em.flush();
    progress({ phase: 'done', source: '', rows: stats.written, total: stats.written });
    return { runId: run.id, outDir: opts.outDir, manifest, files };
  } catch (err) {
    await sink.abort();
    Object.assign(run, { status: 'failed', error: err instanceof Error ? err.message : String(err), durationMs: Date.now() - started, finishedAt: new Date() });
    await em.flush().catch(() => {});
    throw err;
  }
}

/**
 * The real examples of the stage: every row in the real stage; in the mixed one, the real quota
 * counts examples that passed every filter, drawn from the sources in proportion to the spec's
 * volumes, and what a source cannot fill goes to the others. Returns the examples written.
 */
async function realExamples(plan: ExportPlan, read: ReadPlan, preparer: SourcePreparer, curator: Curator, progress: Progress): Promise<number> {
  let taken = 0;
  if (plan.stage === 'real') {
    for (const name of plan.sources) taken += (await readSource(name, Number.POSITIVE_INFINITY, 0, read, preparer, curator, progress)).taken;
  } else if (plan.stage === 'mixed') {
    const cap = plan.transition.mixedRealCount;
    const state = new Map(plan.sources.map((name) => [name, { lastId: 0, exhausted: false }]));
    let quotas = sourceQuotas(plan.sources, cap);
    while (taken < cap) {
      for (const name of plan.sources) {
        const st = state.get(name)!;
        const quota = quotas[name] ?? 0;
        if (st.exhausted || quota <= 0) continue;
        const r = await readSource(name, quota, st.lastId, read, preparer, curator, progress);
        taken += r.taken;
        Object.assign(st, { lastId: r.lastId, exhausted: r.exhausted });
      }
      const open = plan.sources.filter((n) => !state.get(n)!.exhausted);
      if (!open.length) break;
      quotas = sourceQuotas(open, cap - taken);
    }
  }
  return taken;
}

/**
 * Reads a source's rows after `afterId` and writes their examples until `quota` of them made it
 * through every filter; returns how many did, the last id read and whether rows ran out.
 */
async function readSource(
  name: SourceName, quota: number, afterId: number, read: ReadPlan, preparer: SourcePreparer, curator: Curator, progress: Progress,
): Promise<{ taken: number; lastId: number; exhausted: boolean }> {
  let rows = 0;
  let reported = 0;
  const report = (done = false) => {
    if (!done && rows - reported < 1000) return;
    reported = rows;
    progress({ phase: 'real', source: name, rows, total: done ? rows : Math.max(read.totals[name] ?? 0, rows) });
  };
  const prepared = preparer.source(name, afterId);
  if ('lines' in prepared) {
    // Only the real stage reads this way, which takes every row: no quota to check.
    let taken = 0;
    for await (const lines of prepared.lines) {
      const r = await curator.lines(name, lines);
      rows += r.rows;
      taken += r.written;
      report();
    }
    report(true);
    return { taken, lastId: Number.POSITIVE_INFINITY, exhausted: true };
  }
  let taken = 0;
  let lastId = afterId;
  for await (const batch of prepared.rows) {
    for (const row of batch) {
      if (taken >= quota) return report(true), { taken, lastId, exhausted: false };
      rows++;
      lastId = row.id;
      if (await curator.row(name, prepared.prepare(row))) taken++;
      report();
    }
  }
  report(true);
  return { taken, lastId, exhausted: true };
}

/** Synthetic examples, up to the stage's share of the target (drawn from the question bank, in the sources asked for). */
async function syntheticExamples(deps: ExportDeps, plan: ExportPlan, target: number, preparer: SourcePreparer, curator: Curator, progress: Progress): Promise<void> {
  if (target <= 0) return;
  if (!deps.synthetic) throw new AppError('BAD_REQUEST', 'This export needs synthetic examples but no generator was configured.');
  // Loaded only when needed: the generator brings the question bank (~10 MB).
  const { syntheticExample } = await import('./synthetic/generator.ts');
  const printOf = (output: string) => preparer.outputPrint(output);
  let made = 0;
  for (let i = 0; made < target && i < target * 3; i++) {
    const ex = await syntheticExample(deps.synthetic, plan.seed, i);
    if (!plan.sources.includes(ex.source)) continue;
    if (await curator.synthetic(ex, printOf)) made++;
    if (made % 1000 === 0) progress({ phase: 'synthetic', source: 'synthetic', rows: made, total: target });
  }
  progress({ phase: 'synthetic', source: 'synthetic', rows: made, total: target });
}
