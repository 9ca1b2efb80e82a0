import { createHash } from 'node:crypto';
import { AppError } from '@satprep/domain';
import { isPglite, type Em, type Orm } from '@satprep/domain/db';
import { ExportRun } from '@satprep/domain/entities';
import { HARD_RULES, hardRuleBroken, type HardRule } from './audit/checks.ts';
import { SplitDecontaminator } from './audit/decontaminate.ts';
import { AuditCollector } from './audit/stats.ts';
import { datasetCard, type Manifest } from './card.ts';
import { createFormatter, FORMAT_SPECS, KTO_LABELS, type FormattedLine, type LineMetadata } from './formats/index.ts';
import { openDataFiles } from './sinks/data-files.ts';
import { AtomicDirSink, type WrittenFile } from './sinks/file-sink.ts';
import {
  dropOf, KEPT, ROW_SLOTS, SLOT_DATA_BYTES, SLOT_DATA_CHARS, SLOT_EXACT, SLOT_H1, SLOT_H2, SLOT_LABEL, SLOT_META_BYTES, SLOT_OUT_EXACT, SLOT_OUT_H1, SLOT_OUT_H2,
  SLOT_OUT_LENGTH, SLOT_OUT_SKELETON, SLOT_SPLIT, SLOT_STATUS, SLOT_VERDICT, SLOT_VIOLATION, splitOf, verdictOf,
} from './lines.ts';
import { preparedLines } from './parallel.ts';
import { filterReason, RowPreparer, type DropReason, type PrepareOptions } from './prepare.ts';
import { filteredQuery, orderedQuery, readRows, type ReadMode } from './sources/read.ts';
import { SOURCE_DEFS, type SourceRow } from './sources/index.ts';
import type { SyntheticDeps } from './synthetic/generator.ts';
import { ACTIVE_DAYS, ACTIVE_USERS_SQL, DEFAULT_TRANSITION, mixCounts, sourceQuotas, transitionStage, type TransitionPlan } from './synthetic/transition.ts';
import { Deduplicator } from './transforms/dedup.ts';
import { addCounts } from './transforms/redact.ts';
import { splitFor, userKey } from './transforms/split.ts';
import { SOURCES, type Example, type FileFormat, type FormatName, type SourceName, type Split } from './types.ts';
import { DatasetValidator, recordCheck } from './validate.ts';
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

export interface ExportResult {
  runId: number;
  outDir: string;
  manifest: Manifest;
  files: WrittenFile[];
}

export interface ExportDeps {
  /** Run records (export_runs) and the incremental watermark. */
  orm: Orm;
  /** Where examples are read from, e.g. a read replica; default `orm`. */
  readOrm?: Orm | undefined;
  /** Needed when the run includes synthetic examples. */
  synthetic?: SyntheticDeps | undefined;
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

/** Why no example of the evaluation set (@satprep/eval, which scores tutor models) is in any export. */
export const HELD_OUT = 'The evaluation set that scores tutor models (`satprep eval`) is held out of every export: its math items are generated under an evaluation-only seed and none shares a stem with the question bank, the only source of items here (real examples are about bank items, synthetic ones are drawn from the bank); its feedback, plan and note cases are drawn under that seed from those held-out items. Its Reading and Writing help cases reuse bank passages and are scored apart (in-bank). Real examples a reviewer approved or corrected are held out one in ten (review items whose id is a multiple of 10, from the moment of the decision, and still after a later dispute or rollback): the evaluation asks the model the same requests and checks its answers.';

const DPO_PAIRING = 'Feedback: a rating ≥4 output is paired with a rating ≤2 output whose session had the same weakest domain and the same overall-accuracy band (fifths); help: a thumbs-up answer is paired with a thumbs-down answer on the same SAT question. The chosen example\'s input is the prompt. Pairs never cross the train/validation split. A reviewer\'s correction is a pair on its own: chosen = the corrected text (chosen_model "human-review"), rejected = the model\'s original.';

/** The guideline versions the reviews behind this dataset's decisions were made under. */
async function guidelinesUsed(em: Em): Promise<{ version: number; text: string }[]> {
  return em.execute(
    `select g.version, g.text from review_guidelines g
      where g.version in (select r.guideline_version from reviews r join review_items ri on ri.id = r.item_id where ri.status in ('approved', 'corrected', 'rejected'))
      order by g.version`,
  );
}

/**
 * Verdicts behind this dataset's review decisions, per reviewer pseudonym (never an account):
 * the verdicts that count (not rolled back) on decided items of consenting students.
 */
async function verdictsByReviewer(em: Em): Promise<Record<string, { approve: number; correct: number; reject: number }>> {
  const rows = await em.execute<{ pseudonym: string; verdict: 'approve' | 'correct' | 'reject'; n: number }[]>(
    `select x.pseudonym, r.verdict, count(*)::int as n
       from reviews r join reviewers x on x.id = r.reviewer_pseudonym_id join review_items ri on ri.id = r.item_id
       join users u on u.id = ri.student_id and u.training_consent = true
      where r.rolled_back_at is null and ri.status in ('approved', 'corrected', 'rejected')
      group by x.pseudonym, r.verdict order by x.pseudonym, r.verdict`,
  );
  const out: Record<string, { approve: number; correct: number; reject: number }> = {};
  for (const r of rows) (out[r.pseudonym] ??= { approve: 0, correct: 0, reject: 0 })[r.verdict] = r.n;
  return out;
}

/** Rows a source needs before a worker thread prepares them: starting one takes ~0.1 s. */
const WORKER_MIN_ROWS = 20_000;

/** The validation errors of a line that has none (shared, never added to). */
const NO_ERRORS: string[] = [];

/** 1 in how many outputs feed the duplicate and skeleton figures of an export a worker thread helps with (see AuditCollector). */
const AUDIT_SAMPLE_LARGE = 16;

/** Most examples the dedup table is sized for up front (7.5 bytes each: 75 MB); it grows past that if it must. */
const MAX_DEDUP_PRESIZE = 10_000_000;

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

/** The export pipeline: sources → examples → curation → format → atomic files + manifest + card, recorded in export_runs. */
export async function exportTrainingData(deps: ExportDeps, opts: ExportOptions): Promise<ExportResult> {
  const em = deps.orm.em.fork() as Em;
  const readOrm = deps.readOrm ?? deps.orm;
  const readEm = readOrm.em.fork() as Em;
  const started = Date.now();
  const now = opts.now ?? new Date();
  const minRating = opts.minRating ?? 4;
  const minLength = opts.minLength ?? 10;
  const maxLength = opts.maxLength ?? 20_000;
  const valRatio = opts.valRatio ?? 0.1;
  const batchSize = opts.batchSize ?? 5000;
  const sources = opts.sources ?? SOURCES;
  const plan: TransitionPlan = { ...DEFAULT_TRANSITION, ...opts.transition };
  const seed = opts.seed ?? 42;
  if (valRatio < 0 || valRatio >= 1) throw new AppError('BAD_REQUEST', '--val-ratio must be at least 0 and below 1');

  // Window.
  let since = opts.since ?? null;
  let until = opts.until ?? now;
  if (opts.period) ({ since, until } = periodWindow(opts.period, now));
  if (opts.incremental) since = (await lastWatermark(em, opts.format)) ?? since;
  if (since && since >= until) throw new AppError('BAD_REQUEST', `The export window is empty (${since.toISOString()} is not before ${until.toISOString()}).`);

  // Stage of the transition plan, from students active in the last 30 days. A forced mix needs
  // the figure only for the manifest: the query then runs while the rows stream, and if it fails
  // the manifest says null rather than the finished export being thrown away.
  const activeQuery = readOrm.em.fork().execute<{ n: number }[]>(ACTIVE_USERS_SQL, [new Date(now.getTime() - ACTIVE_DAYS * 86_400_000)]).then((r) => r[0]!.n);
  activeQuery.catch(() => {});
  if (opts.experiment && opts.mix === 'synthetic') throw new Error('An export of an experiment arm holds real examples only: leave out mix synthetic.');
  // An experiment arm's export is what its students saw: real examples only.
  const stage = opts.mix === 'real' || opts.experiment ? 'real' : opts.mix === 'synthetic' ? 'synthetic' : transitionStage(await activeQuery, plan);

  const run = em.create(ExportRun, {
    startedBy: opts.startedBy ?? null, trigger: opts.trigger, status: 'running', format: opts.format,
    params: { ...opts, secret: undefined, onProgress: undefined, onStart: undefined, now: undefined, workerThread: undefined } as Record<string, unknown>,
    windowSince: since, windowUntil: until, counts: null, files: null, outDir: opts.outDir, sha256: null, durationMs: null, error: null, finishedAt: null,
  });
  await em.flush();
  opts.onStart?.(run.id);

  const sink = await AtomicDirSink.open(opts.outDir);
  const fileFormat = opts.fileFormat ?? 'jsonl';
  const formatter = createFormatter(opts.format, { minRating });
  const recordTexts = FORMAT_SPECS[opts.format].texts;
  // A training set with synthetic examples is named as such: `real_sat_data*.jsonl` holds real examples only.
  const dataFiles = openDataFiles(sink, opts.format, fileFormat, formatter.sideMetadata, undefined, stage !== 'real');
  const names = dataFiles.names;
  // Sized once the number of candidate examples is counted below.
  let dedup = new Deduplicator();
  const prepareOptions: PrepareOptions = {
    secret: opts.secret, reviewedOnly: Boolean(opts.reviewedOnly), minLength, maxLength, models: opts.models ?? null, excludeModels: opts.excludeModels ?? null,
    auditRules: opts.auditRules ?? 'drop',
  };
  const preparer = new RowPreparer(prepareOptions);
  // Redaction counts: of rows prepared on this thread, plus those of worker threads.
  const redactions = preparer.redactor.counts;
  const bySource: Record<string, number> = {};
  const bySplit: Record<string, number> = { train: 0, validation: 0 };
  const byOrigin: Record<string, number> = { real: 0, synthetic: 0 };
  const dropped: Record<DropReason | 'format_filter' | 'validation_overlap' | 'dpo_identical_pair', number> = {
    too_short: 0, too_long: 0, model_filter: 0, format_filter: 0, review_rejected: 0, not_reviewed: 0, malformed: 0,
    ...(Object.fromEntries(HARD_RULES.map((r) => [r, 0])) as Record<HardRule, number>), validation_overlap: 0, dpo_identical_pair: 0,
  };
  const reviewCounts = { approved: 0, corrected: 0, rejected_excluded: 0 };
  let written = 0;
  // validate-dataset's checks run on every line as it is written; a failure stops the publish.
  const validators: Record<Split, DatasetValidator> = { train: new DatasetValidator(opts.format), validation: new DatasetValidator(opts.format) };
  const check = recordCheck(opts.format);
  // The quality audit: hard rules drop examples (in RowPreparer and `curate`), the figures come from what is written.
  let audit = new AuditCollector();
  let decontaminate = new SplitDecontaminator();

  /** Counts a written line: under its first example (a dpo pair: the chosen one), so totals and per-source counts agree. */
  const countLine = (split: Split, metadata: LineMetadata | LineMetadata[], record: Record<string, unknown>) => {
    const m = Array.isArray(metadata) ? metadata[0]! : metadata;
    bySource[m.source_table] = (bySource[m.source_table] ?? 0) + 1;
    byOrigin[m.origin] = (byOrigin[m.origin] ?? 0) + 1;
    bySplit[split] = (bySplit[split] ?? 0) + 1;
    written++;
    const texts = recordTexts(record);
    audit.output(m.source_table, split, texts.output);
    if (texts.label !== undefined) audit.label(m.source_table, texts.label);
    if (opts.format === 'dpo') audit.pair(m.source_table);
  };

  /** Writes formatted lines; returns a promise only when a file asks to wait (backpressure). */
  const write = (lines: FormattedLine[], from = 0): Promise<void> | undefined => {
    for (let i = from; i < lines.length; i++) {
      const l = lines[i]!;
      const text = JSON.stringify(l.record);
      validators[l.split].line(text.length, Buffer.byteLength(text), check(l.record));
      const pending = dataFiles.write(l, text);
      countLine(l.split, l.metadata, l.record);
      if (pending) return pending.then(() => write(lines, i + 1));
    }
    return undefined;
  };

  /** A source row that became no example. */
  const notAnExample = (source: SourceName, drop: DropReason | null) => {
    if (drop) dropped[drop]++;
    if (drop === 'review_rejected') reviewCounts.rejected_excluded++;
    if (drop && (HARD_RULES as readonly string[]).includes(drop)) audit.violation(source, drop as HardRule);
  };

  /**
   * Formats and writes an example that passed every row check: unless its output's text is in
   * the other split already. Returns whether it made a line (dpo: whether the formatter took it).
   */
  const take = async (ex: Example, split: Split, outH1: number, outH2: number): Promise<boolean> => {
    if (!formatter.perExample) {
      if (!decontaminate.accept(split, outH1, outH2)) return void dropped.validation_overlap++, false;
      await write(formatter.push(ex, split));
      return true;
    }
    const lines = formatter.push(ex, split);
    if (!lines.length) return void dropped.format_filter++, false;
    if (!decontaminate.accept(split, outH1, outH2)) return void dropped.validation_overlap++, false;
    await write(lines);
    return true;
  };

  /** The checks of synthetic examples (real ones get theirs in RowPreparer); returns false when dropped. */
  const curate = (ex: Example): boolean => {
    const drop = filterReason(ex, prepareOptions);
    if (drop) return notAnExample(ex.source, drop), false;
    const broken = hardRuleBroken(ex)?.rule;
    if (broken && prepareOptions.auditRules === 'count') audit.violation(ex.source, broken);
    else if (broken) return notAnExample(ex.source, broken), false;
    return dedup.accept(ex.input, ex.output, SOURCE_DEFS[ex.source].inputWithoutFreeText === true);
  };

  try {
    // Real examples.
    const timeParams = [...(since ? [since] : []), until];
    /** A source's own conditions and the time window's. */
    const whereOf = (name: SourceName) => {
      const { where, timeColumn, userColumn } = SOURCE_DEFS[name];
      return [...where, ...(since ? [`${timeColumn} >= ?`] : []), `${timeColumn} < ?`, ...(opts.experiment ? experimentWhere(opts.experiment, timeColumn, userColumn) : [])];
    };
    // How many rows each source has in the window. The real stage takes them all, so the planner's
    // estimate is enough (progress totals, sizing the dedup table, which grows if it is low):
    // an exact count of a large table costs as much as a tenth of the export. The mixed stage
    // needs an exact count, up to its cap.
    let realAvailable = 0;
    const totals: Record<string, number> = {};
    if (stage !== 'synthetic') {
      for (const name of sources) {
        const select = filteredQuery(SOURCE_DEFS[name].select, whereOf(name));
        const n = stage === 'real' ? await estimateRows(readEm, select, timeParams) : await countRows(readEm, select, timeParams, plan.mixedRealCount);
        totals[name] = n;
        realAvailable += n;
      }
    }
    const mix = mixCounts(stage, realAvailable, plan);
    // An estimate may be low (stale statistics): the table takes a tenth more than it is sized for
    // before it grows (see FingerprintSet); the cap bounds what a wild estimate allocates.
    dedup = new Deduplicator(Math.min(Math.min(realAvailable, mix.real) + mix.synthetic, MAX_DEDUP_PRESIZE));
    const pglite = isPglite(readOrm);
    const mode: ReadMode = pglite ? 'pages' : (opts.readMode ?? 'copy');
    const parallelSource = (name: SourceName) => mode === 'copy' && stage === 'real' && formatter.perExample && (opts.workerThread ?? (totals[name] ?? 0) >= WORKER_MIN_ROWS);
    // Large exports (a worker thread) sample the duplicate and skeleton figures: 1 output in 16.
    const sampleOneIn = sources.some(parallelSource) ? AUDIT_SAMPLE_LARGE : 1;
    prepareOptions.auditSampleOneIn = sampleOneIn;
    audit = new AuditCollector(sampleOneIn);
    decontaminate = new SplitDecontaminator(Math.min(Math.min(realAvailable, mix.real) + mix.synthetic, MAX_DEDUP_PRESIZE));

    /**
     * Reads a source's rows after `afterId` and writes their examples until `quota` of them made
     * it through every filter; returns how many did, the last id read and whether rows ran out.
     */
    const readSource = async (name: SourceName, quota: number, afterId: number): Promise<{ taken: number; lastId: number; exhausted: boolean }> => {
      const def = SOURCE_DEFS[name];
      let rows = 0;
      let taken = 0;
      let lastId = afterId;
      const progress = (total: number) => opts.onProgress?.({ phase: 'real', source: name, rows, total, written });
      const where = afterId > 0 ? [...whereOf(name), 't.id > ?'] : whereOf(name);
      const params = afterId > 0 ? [...timeParams, afterId] : timeParams;
      if (parallelSource(name)) {
        // Rows come as finished lines, prepared on a worker thread and this one (see preparedLines);
        // only the real stage reads this way, which takes every row (no cap to check).
        // Lines per split, added to the manifest's counts once the source is read.
        let validationLines = 0;
        let lines = 0;
        const lineOptions = { ...prepareOptions, source: name, format: opts.format, minRating, valRatio };
        const waitForWorker = opts.workerThread === true;
        const query = orderedQuery(def.select, where, 't.id');
        for await (const batch of preparedLines(readEm, query, params, lineOptions, (counts) => addCounts(redactions, counts), waitForWorker)) {
          const { rows: slots, errors } = batch;
          const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
          let end = 0;
          let e = 0;
          for (let i = 0, s = 0; s < slots.length; i++, s += ROW_SLOTS) {
            const start = end;
            const mid = start + slots[s + SLOT_DATA_BYTES]!;
            end = mid + slots[s + SLOT_META_BYTES]!;
            rows++;
            const status = slots[s + SLOT_STATUS]!;
            if (status !== KEPT) {
              notAnExample(name, dropOf(status));
              continue;
            }
            if (!dedup.acceptFingerprint(slots[s + SLOT_H1]!, slots[s + SLOT_H2]!, slots[s + SLOT_EXACT]!)) continue;
            const verdict = verdictOf(slots[s + SLOT_VERDICT]!);
            if (verdict) reviewCounts[verdict]++;
            if (mid === start) {
              dropped.format_filter++;
              continue;
            }
            const splitCode = slots[s + SLOT_SPLIT]!;
            const split = splitOf(splitCode);
            const outH1 = slots[s + SLOT_OUT_H1]! >>> 0;
            const outH2 = slots[s + SLOT_OUT_H2]! >>> 0;
            if (!decontaminate.accept(split, outH1, outH2)) {
              dropped.validation_overlap++;
              continue;
            }
            audit.outputPrint(name, split, { h1: outH1, h2: outH2, exact: slots[s + SLOT_OUT_EXACT]! >>> 0, skeleton: slots[s + SLOT_OUT_SKELETON]! >>> 0, length: slots[s + SLOT_OUT_LENGTH]! });
            const violation = slots[s + SLOT_VIOLATION]!;
            if (violation) audit.violation(name, HARD_RULES[violation - 1]!);
            const label = slots[s + SLOT_LABEL]!;
            if (label) audit.label(name, label === 2);
            let lineErrors: string[] = NO_ERRORS;
            while (e < errors.length && errors[e]![0] < i) e++;
            if (e < errors.length && errors[e]![0] === i) for (lineErrors = []; e < errors.length && errors[e]![0] === i; e++) lineErrors.push(errors[e]![1]);
            validators[split].line(slots[s + SLOT_DATA_CHARS]!, mid - start - 1, lineErrors);
            const pending = dataFiles.writeEncoded(split, bytes, start, mid, end);
            lines++;
            validationLines += splitCode;
            written++;
            if (pending) await pending;
            if (rows % 1000 === 0) progress(Math.max(totals[name] ?? 0, rows));
          }
        }
        if (lines) bySource[name] = (bySource[name] ?? 0) + lines;
        byOrigin.real! += lines;
        bySplit.train! += lines - validationLines;
        bySplit.validation! += validationLines;
        progress(rows);
        return { taken: lines, lastId: Number.POSITIVE_INFINITY, exhausted: true };
      }
      // Rows come raw, to be prepared here one by one (so that a capped stage prepares, and
      // counts the redactions of, no row past its quota).
      for await (const batch of readRows<SourceRow>(readEm, def.select, where, params, 't.id', { mode, batchSize })) {
        for (const row of batch) {
          if (taken >= quota) return progress(rows), { taken, lastId, exhausted: false };
          rows++;
          lastId = row.id;
          const p = preparer.prepare(name, row);
          if (!p.example) {
            notAnExample(name, p.drop);
            continue;
          }
          if (!dedup.acceptFingerprint(p.h1, p.h2, p.exact)) continue;
          if (p.verdict) reviewCounts[p.verdict]++;
          if (p.violation) audit.violation(name, p.violation);
          if (await take(p.example, splitFor(p.example.userKey, valRatio), p.out.h1, p.out.h2)) taken++;
          if (rows % 1000 === 0) progress(Math.max(totals[name] ?? 0, rows));
        }
      }
      progress(rows);
      return { taken, lastId, exhausted: true };
    };

    let realTaken = 0;
    if (stage === 'real') {
      for (const name of sources) realTaken += (await readSource(name, Number.POSITIVE_INFINITY, 0)).taken;
    } else if (stage === 'mixed') {
      // The real quota counts examples that passed every filter, drawn from the sources in
      // proportion to the spec's volumes; what a source cannot fill goes to the others.
      const state = new Map(sources.map((name) => [name, { lastId: 0, exhausted: false }]));
      let quotas = sourceQuotas(sources, plan.mixedRealCount);
      while (realTaken < plan.mixedRealCount) {
        for (const name of sources) {
          const st = state.get(name)!;
          const quota = quotas[name] ?? 0;
          if (st.exhausted || quota <= 0) continue;
          const r = await readSource(name, quota, st.lastId);
          realTaken += r.taken;
          Object.assign(st, { lastId: r.lastId, exhausted: r.exhausted });
        }
        const open = sources.filter((n) => !state.get(n)!.exhausted);
        if (!open.length) break;
        quotas = sourceQuotas(open, plan.mixedRealCount - realTaken);
      }
    }
    // The synthetic share fills the target around the real examples actually written.
    const syntheticTarget = stage === 'mixed' ? Math.max(0, plan.target - realTaken) : mix.synthetic;

    // Synthetic examples, up to the stage's share of the target.
    if (syntheticTarget > 0) {
      if (!deps.synthetic) throw new AppError('BAD_REQUEST', 'This export needs synthetic examples but no generator was configured.');
      // Loaded only when needed: the generator brings the question bank (~10 MB).
      const { syntheticExample } = await import('./synthetic/generator.ts');
      let made = 0;
      for (let i = 0; made < syntheticTarget && i < syntheticTarget * 3; i++) {
        const ex = await syntheticExample(deps.synthetic, seed, i);
        if (!sources.includes(ex.source) || !curate(ex)) continue;
        const out = preparer.outputPrint(ex.output);
        if (await take(ex, splitFor(userKey(`synthetic-${seed}`, ex.userKey), valRatio), out.h1, out.h2)) made++;
        if (made % 1000 === 0) opts.onProgress?.({ phase: 'synthetic', source: 'synthetic', rows: made, total: syntheticTarget, written });
      }
      opts.onProgress?.({ phase: 'synthetic', source: 'synthetic', rows: made, total: syntheticTarget, written });
    }
    await write(formatter.flush());
    dropped.dpo_identical_pair += formatter.identicalPairs?.() ?? 0;

    // Nothing is published unless every line of every data file passed validation.
    opts.onProgress?.({ phase: 'validate', source: '', rows: written, total: written, written });
    for (const split of ['train', 'validation'] as const) {
      const report = validators[split].report;
      if (!report.ok) throw new Error(`validate-dataset rejected ${names[split]}: ${JSON.stringify(report.errorCounts)}`);
    }
    await dataFiles.end();

    const manifest: Manifest = {
      schema_version: 1,
      app_version: opts.appVersion ?? '0.1.0',
      run_id: run.id,
      format: opts.format,
      file_format: fileFormat,
      created_at: now.toISOString(),
      window: { since: since?.toISOString() ?? null, until: until.toISOString() },
      transition: {
        stage, active_users: await activeQuery.catch(() => null), real_cap: stage === 'real' ? null : stage === 'mixed' ? plan.mixedRealCount : 0,
        synthetic_target: syntheticTarget, real_taken: realTaken, mixed: stage !== 'real',
      },
      counts: {
        total: written, by_source: bySource, by_split: bySplit, by_origin: byOrigin,
        dropped: { ...dropped, exact_duplicate: dedup.exactDuplicates, normalized_duplicate: dedup.normalizedDuplicates },
        review: { reviewed: reviewCounts.approved + reviewCounts.corrected + reviewCounts.rejected_excluded, ...reviewCounts },
      },
      held_out: HELD_OUT,
      review_guidelines: await guidelinesUsed(readEm),
      review_verdicts_by_reviewer: await verdictsByReviewer(readEm),
      redactions,
      audit: { ...audit.report(), dropped: Object.fromEntries(HARD_RULES.map((r) => [r, dropped[r]])) as Record<HardRule, number>, decontaminated: { ...decontaminate.dropped } },
      files: [],
      filters: { min_rating: minRating, min_length: minLength, max_length: maxLength, models: opts.models ?? null, exclude_models: opts.excludeModels ?? null, experiment: opts.experiment ?? null, val_ratio: valRatio, sources, reviewed_only: Boolean(opts.reviewedOnly) },
      ...(opts.format === 'dpo' ? { dpo_pairing: DPO_PAIRING } : {}),
      ...(opts.format === 'kto' || opts.format === 'dpo' ? { kto_labels: KTO_LABELS } : {}),
    };
    const files = await sink.commit();
    manifest.files = files;
    const meta = await AtomicDirSink.open(opts.outDir);
    await meta.writeLine('README.md', datasetCard(manifest, names));
    await meta.writeLine('manifest.json', JSON.stringify(manifest, null, 2));
    const all = [...files, ...(await meta.commit())];
    const sha256 = createHash('sha256').update(files.map((f) => `${f.name}:${f.sha256}`).join('\n')).digest('hex');

    Object.assign(run, { status: 'succeeded', counts: manifest.counts, files: all, sha256, durationMs: Date.now() - started, finishedAt: new Date() });
    await em.flush();
    opts.onProgress?.({ phase: 'done', source: '', rows: written, total: written, written });
    return { runId: run.id, outDir: opts.outDir, manifest, files: all };
  } catch (err) {
    await sink.abort();
    Object.assign(run, { status: 'failed', error: err instanceof Error ? err.message : String(err), durationMs: Date.now() - started, finishedAt: new Date() });
    await em.flush().catch(() => {});
    throw err;
  }
}
