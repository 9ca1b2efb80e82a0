import { AppError } from '@satprep/domain';
import { isPglite, type Em, type Orm } from '@satprep/domain/db';
import type { PrepareOptions } from './prepare.ts';
import { filteredQuery, orderedQuery, type ReadMode } from './sources/read.ts';
import { SOURCE_DEFS } from './sources/index.ts';
import type { SyntheticDeps } from './synthetic/generator.ts';
import { ACTIVE_DAYS, ACTIVE_USERS_SQL, DEFAULT_TRANSITION, mixCounts, transitionStage, type TransitionPlan, type TransitionStage } from './synthetic/transition.ts';
import { createFormatter } from './formats/index.ts';
import { SOURCES, type FileFormat, type FormatName, type SourceName } from './types.ts';
import { periodWindow } from './window.ts';

export interface ExportOptions {
  format: FormatName;
  /** jsonl (default), or parquet: `train.parquet` / `validation.parquet` with nested columns and the metadata as a column. */
  fileFormat?: FileFormat | undefined;
  /** Output directory. */
  outDir: string;
  since?: Date | undefined;
  until?: Date | undefined;
  period?: 'weekly' | 'monthly' | undefined;
  /** Start where the last successful run of this format ended (its window's end is the watermark). */
  incremental?: boolean | undefined;
  sources?: readonly SourceName[] | undefined;
  minRating?: number | undefined;
  /** Only outputs a human reviewer approved or corrected (see the review queue). */
  reviewedOnly?: boolean | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  models?: readonly string[] | undefined;
  excludeModels?: readonly string[] | undefined;
  /** Only real examples of students in one arm of an experiment, made while it ran (no synthetic examples). */
  experiment?: { id: number; arm: 'control' | 'candidate' } | undefined;
  valRatio?: number | undefined;
  /** auto: follow the transition plan; real: real examples only; synthetic: synthetic only. */
  mix?: 'auto' | 'real' | 'synthetic' | undefined;
  transition?: Partial<TransitionPlan> | undefined;
  seed?: number | undefined;
  batchSize?: number | undefined;
  /** How rows are read; default `copy` on PostgreSQL and `pages` on PGlite (which supports nothing else). */
  readMode?: ReadMode | undefined;
  /**
   * Prepare rows into lines (decoding, redaction, fingerprints, formatting) on a worker thread as
   * well as this one, which also checks duplicates and writes: only for `copy` reads of an export
   * of real examples only, in a format that makes each example's line alone (all but dpo).
   * Default: for sources the planner expects to have at least WORKER_MIN_ROWS rows. With `true`,
   * reading waits until the worker has started, so that it takes the first runs of rows (tests).
   */
  workerThread?: boolean | undefined;
  /**
   * What an example that breaks a hard rule of the quality audit (placeholders, internal ids,
   * grounding, key leaks, contradictions) does: `drop` (default) leaves it out; `count` keeps it
   * and only counts it in the manifest's audit (to see what a dataset would lose).
   */
  auditRules?: 'drop' | 'count' | undefined;
  /** Secret for pseudonymous user keys. */
  secret: string;
  trigger: 'cli' | 'api' | 'scheduled' | 'test';
  startedBy?: number | null | undefined;
  appVersion?: string | undefined;
  now?: Date | undefined;
  onProgress?: ((p: ExportProgress) => void) | undefined;
  /** Called once the run is recorded, with its id (the API returns it before the export finishes). */
  onStart?: ((runId: number) => void) | undefined;
}

export interface ExportProgress {
  phase: 'real' | 'synthetic' | 'validate' | 'done';
  source: string;
  rows: number;
  /** Rows expected in this phase: in the real phase, the planner's estimate until the source is read (then exact). */
  total: number;
  written: number;
}

export interface ExportDeps {
  /** Run records (export_runs) and the incremental watermark. */
  orm: Orm;
  /** Where examples are read from, e.g. a read replica; default `orm`. */
  readOrm?: Orm | undefined;
  /** Needed when the run includes synthetic examples. */
  synthetic?: SyntheticDeps | undefined;
}

/** An export's options resolved: defaults, its time window and the stage of the transition plan. */
export interface ExportPlan {
  readonly opts: ExportOptions;
  readonly format: FormatName;
  readonly fileFormat: FileFormat;
  readonly now: Date;
  readonly since: Date | null;
  readonly until: Date;
  readonly minRating: number;
  readonly valRatio: number;
  readonly seed: number;
  readonly sources: readonly SourceName[];
  readonly transition: TransitionPlan;
  readonly stage: TransitionStage;
  /** Students active in the last 30 days; null when a run with a forced mix could not count them. */
  readonly activeUsers: Promise<number | null>;
  /** The row checks (shared with worker threads). */
  readonly prepare: PrepareOptions;
}

/**
 * Resolves an export's options; throws a BAD_REQUEST for options that cannot make an export. The
 * stage of the transition plan comes from the students active in the last 30 days: a forced mix
 * needs that figure only for the manifest, so the query then runs while the rows stream.
 */
export async function planExport(em: Em, readOrm: Orm, opts: ExportOptions): Promise<ExportPlan> {
  const now = opts.now ?? new Date();
  const valRatio = opts.valRatio ?? 0.1;
  if (valRatio < 0 || valRatio >= 1) throw new AppError('BAD_REQUEST', '--val-ratio must be at least 0 and below 1');
  if (opts.experiment && opts.mix === 'synthetic') throw new Error('An export of an experiment arm holds real examples only: leave out mix synthetic.');
  let since = opts.since ?? null;
  let until = opts.until ?? now;
  if (opts.period) ({ since, until } = periodWindow(opts.period, now));
  if (opts.incremental) since = (await lastWatermark(em, opts.format)) ?? since;
  if (since && since >= until) throw new AppError('BAD_REQUEST', `The export window is empty (${since.toISOString()} is not before ${until.toISOString()}).`);

  const transition: TransitionPlan = { ...DEFAULT_TRANSITION, ...opts.transition };
  const active = readOrm.em.fork().execute<{ n: number }[]>(ACTIVE_USERS_SQL, [new Date(now.getTime() - ACTIVE_DAYS * 86_400_000)]).then((r) => r[0]!.n);
  // An experiment arm's export is what its students saw: real examples only.
  const forced = opts.mix === 'real' || opts.experiment ? 'real' : opts.mix === 'synthetic' ? 'synthetic' : null;
  const stage = forced ?? transitionStage(await active, transition);
  return {
    opts, format: opts.format, fileFormat: opts.fileFormat ?? 'jsonl', now, since, until, minRating: opts.minRating ?? 4, valRatio, seed: opts.seed ?? 42,
    sources: opts.sources ?? SOURCES, transition, stage, activeUsers: active.catch(() => null),
    prepare: {
      secret: opts.secret, reviewedOnly: Boolean(opts.reviewedOnly), minLength: opts.minLength ?? 10, maxLength: opts.maxLength ?? 20_000,
      models: opts.models ?? null, excludeModels: opts.excludeModels ?? null, auditRules: opts.auditRules ?? 'drop',
    },
  };
}

/** How a source is read: its query from `afterId` on (ids ascending) and its parameters. */
export interface SourceQuery {
  sql: string;
  params: unknown[];
  /** The source's select and conditions, for reads that page by id themselves. */
  select: string;
  where: string[];
}

/** What an export will read: rows per source, the mix of real and synthetic examples, and how rows are read and prepared. */
export interface ReadPlan {
  /** Rows each source has in the window: the planner's estimate in the real stage, an exact count up to the cap in the mixed one. */
  readonly totals: Partial<Record<SourceName, number>>;
  readonly mix: { real: number; synthetic: number };
  /** Examples the duplicate and decontamination tables are sized for. */
  readonly expectedExamples: number;
  readonly mode: ReadMode;
  readonly batchSize: number;
  /** 1 in how many outputs feed the duplicate and skeleton figures of the audit. */
  readonly auditSampleOneIn: number;
  /** Whether a source's rows become lines on a worker thread as well as this one (see preparedLines). */
  onWorker(name: SourceName): boolean;
  query(name: SourceName, afterId: number): SourceQuery;
}

/** Rows a source needs before a worker thread prepares them: starting one takes ~0.1 s. */
const WORKER_MIN_ROWS = 20_000;

/** 1 in how many outputs feed the duplicate and skeleton figures of an export a worker thread helps with (see AuditCollector). */
const AUDIT_SAMPLE_LARGE = 16;

/** Most examples the dedup table is sized for up front (7.5 bytes each: 75 MB); it grows past that if it must. */
const MAX_DEDUP_PRESIZE = 10_000_000;

/**
 * Sizes the read. The real stage takes every row, so the planner's estimate is enough (progress
 * totals, sizing the duplicate table, which grows if it is low): an exact count of a large table
 * costs as much as a tenth of the export. The mixed stage needs an exact count, up to its cap.
 */
export async function planRead(plan: ExportPlan, readOrm: Orm, readEm: Em): Promise<ReadPlan> {
  const { opts, stage, since, until } = plan;
  const timeParams = [...(since ? [since] : []), until];
  const whereOf = (name: SourceName) => {
    const { where, timeColumn, userColumn } = SOURCE_DEFS[name];
    return [...where, ...(since ? [`${timeColumn} >= ?`] : []), `${timeColumn} < ?`, ...(opts.experiment ? experimentWhere(opts.experiment, timeColumn, userColumn) : [])];
  };
  const totals: Partial<Record<SourceName, number>> = {};
  let realAvailable = 0;
  if (stage !== 'synthetic') {
    for (const name of plan.sources) {
      const select = filteredQuery(SOURCE_DEFS[name].select, whereOf(name));
      const n = stage === 'real' ? await estimateRows(readEm, select, timeParams) : await countRows(readEm, select, timeParams, plan.transition.mixedRealCount);
      totals[name] = n;
      realAvailable += n;
    }
  }
  const mix = mixCounts(stage, realAvailable, plan.transition);
  const mode: ReadMode = isPglite(readOrm) ? 'pages' : (opts.readMode ?? 'copy');
  const perExample = createFormatter(plan.format, { minRating: plan.minRating }).perExample;
  const onWorker = (name: SourceName) => mode === 'copy' && stage === 'real' && perExample && (opts.workerThread ?? (totals[name] ?? 0) >= WORKER_MIN_ROWS);
  return {
    totals, mix, mode, batchSize: opts.batchSize ?? 5000, onWorker,
    // An estimate may be low (stale statistics): the tables take a tenth more than they are sized
    // for before they grow (see FingerprintSet); the cap bounds what a wild estimate allocates.
    expectedExamples: Math.min(Math.min(realAvailable, mix.real) + mix.synthetic, MAX_DEDUP_PRESIZE),
    // Large exports (a worker thread) sample the duplicate and skeleton figures: 1 output in 16.
    auditSampleOneIn: plan.sources.some(onWorker) ? AUDIT_SAMPLE_LARGE : 1,
    query: (name, afterId) => {
      const where = afterId > 0 ? [...whereOf(name), 't.id > ?'] : whereOf(name);
      return { sql: orderedQuery(SOURCE_DEFS[name].select, where, 't.id'), params: afterId > 0 ? [...timeParams, afterId] : timeParams, select: SOURCE_DEFS[name].select, where };
    },
  };
}

/** An experiment arm's students, while the experiment ran (ids are integers and the arm one of two words: no parameters needed). */
function experimentWhere(e: { id: number; arm: 'control' | 'candidate' }, timeColumn: string, userColumn: string): string[] {
  const id = Math.trunc(e.id);
  const arm = e.arm === 'candidate' ? 'candidate' : 'control';
  return [
    `${userColumn} in (select ea.user_id from experiment_assignments ea where ea.experiment_id = ${id} and ea.arm = '${arm}')`,
    `exists (select 1 from experiments ex where ex.id = ${id} and ${timeColumn} >= ex.started_at and (ex.stopped_at is null or ${timeColumn} <= ex.stopped_at))`,
  ];
}

/** The planner's estimate of how many rows `select` returns (no rows are read). */
async function estimateRows(em: Em, select: string, params: unknown[]): Promise<number> {
  const plan: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await em.execute(`explain (format json) ${select}`, params);
  return Math.max(0, Math.round(plan[0]!['QUERY PLAN'][0].Plan['Plan Rows']));
}

/** How many rows `select` returns, counting no further than `cap`. */
async function countRows(em: Em, select: string, params: unknown[], cap: number): Promise<number> {
  if (cap <= 0) return 0;
  const c: { n: number }[] = await em.execute(`select count(*)::int as n from (${select} limit ${Math.floor(cap)}) x`, params);
  return c[0]!.n;
}

async function lastWatermark(em: Em, format: FormatName): Promise<Date | null> {
  const rows: { until: Date | null }[] = await em.execute(`select max(window_until) as until from export_runs where status = 'succeeded' and format = ?`, [format]);
  return rows[0]?.until ? new Date(rows[0].until) : null;
}
