import { hardRuleBroken, HARD_RULES, type HardRule } from './audit/checks.ts';
import { skeletonPrint, type OutputPrint } from './audit/stats.ts';
import { createdAtOf, reviewOf, SOURCE_DEFS, type SourceRow } from './sources/index.ts';
import { Hasher } from './transforms/dedup.ts';
import { personNeedles, Redactor } from './transforms/redact.ts';
import { userKey } from './transforms/split.ts';
import type { Example, SourceName } from './types.ts';

/** What decides, row by row, whether a source row becomes an example: everything but the duplicate check. */
export interface PrepareOptions {
  secret: string;
  reviewedOnly: boolean;
  minLength: number;
  maxLength: number;
  models: readonly string[] | null;
  excludeModels: readonly string[] | null;
  /** What a broken hard rule of the audit does: drop the example (default), or only count it (`violation`). */
  auditRules?: 'drop' | 'count';
  /** Skeletons are computed for one output in this many (by its fingerprint; see AuditCollector); default 1, every output. */
  auditSampleOneIn?: number;
}

/**
 * `malformed`: a stored value the source cannot render (e.g. performance stats with a null tally);
 * then the audit's hard rules (see audit/checks.ts).
 */
export const DROP_REASONS = ['too_short', 'too_long', 'model_filter', 'review_rejected', 'not_reviewed', 'malformed', ...HARD_RULES] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/**
 * A source row made ready for the export: its example (redacted, with its pseudonymous user key
 * and the fingerprint the duplicate check needs), or why it was dropped. `drop` and `example`
 * are both null for a row its source turns into no example.
 */
export type PreparedRow =
  | { example: Example; verdict: Verdict; h1: number; h2: number; exact: number; out: OutputPrint; violation: HardRule | null; drop: null }
  | { example: null; drop: DropReason | null };

/** `s.trim().length`, without the copy when neither end can be whitespace (printable ASCII). */
function trimmedLength(s: string): number {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? s.length : s.trim().length;
}

/** The length and lineage checks every example passes, real or synthetic; null when it is kept. */
export function filterReason(ex: Example, opts: Pick<PrepareOptions, 'minLength' | 'maxLength' | 'models' | 'excludeModels'>): DropReason | null {
  if (opts.models?.length && !opts.models.includes(ex.modelId ?? '')) return 'model_filter';
  if (opts.excludeModels?.includes(ex.modelId ?? '')) return 'model_filter';
  if (Math.min(trimmedLength(ex.input), trimmedLength(ex.output)) < opts.minLength) return 'too_short';
  if (ex.input.length + ex.output.length > opts.maxLength) return 'too_long';
  return null;
}

/** A reviewer's verdict that decides an example's output: approved as written, or corrected. */
export type Verdict = 'approved' | 'corrected' | null;

/** What `rowExample` needs besides the row, made once (for an export, or a page of the dataset browser). */
export interface ExampleContext {
  redactor: Redactor;
  /** The pseudonymous key of a user (see userKey). */
  keyOf(userId: number): string;
  /** Rows without a reviewer's approval or correction make no example (`not_reviewed`). */
  reviewedOnly: boolean;
  /** A rejected output: no example (`drop`, as exports do), or the example it would have made (`keep`: staff see what was rejected). */
  rejected: 'drop' | 'keep';
}

/** Why a row made no example: null when its source makes none of it. */
export type NoExample = 'malformed' | 'review_rejected' | 'not_reviewed' | null;

/**
 * The example of a source row: the one rule, which exports and the dataset browser share so that
 * staff see what an export writes. The source renders the row; a corrected output is the
 * reviewer's text (the model's is kept in `review`); every text a person wrote is redacted of the
 * student's and the row's other people's names and contacts. Else why there is no example: the
 * row cannot be rendered, or its review rules it out (checked before anything is redacted).
 */
export function rowExample(name: SourceName, row: SourceRow, ctx: ExampleContext): Example | NoExample {
  const def = SOURCE_DEFS[name];
  let base: ReturnType<typeof def.toExample>;
  try {
    base = def.toExample(row);
  } catch {
    // One damaged row is counted in the manifest; it does not fail an export of millions.
    return 'malformed';
  }
  if (!base) return null;
  // Human review: a rejected output is never an example; a corrected one trains on the correction.
  const review = reviewOf(row);
  const verdict = review?.status === 'approved' || (review?.status === 'corrected' && review.finalText) ? review.status : null;
  if (review?.status === 'rejected' && ctx.rejected === 'drop') return 'review_rejected';
  if (ctx.reviewedOnly && !verdict) return 'not_reviewed';
  const needles = personNeedles(row.display_name, row.email, def.identities?.(row));
  // The question-bank text the row quotes is not personal data (see namesNotIn).
  const published = def.publishedText?.(row)?.toLowerCase() ?? '';
  const redactor = ctx.redactor;
  return {
    ...base,
    id: `${name}:${row.id}`, source: name, origin: 'real', userKey: ctx.keyOf(row.user_id), createdAt: createdAtOf(row.created_at),
    input: def.inputWithoutFreeText ? base.input : redactor.redactWith(base.input, needles, published),
    output: redactor.redactWith(verdict === 'corrected' ? review!.finalText! : base.output, needles, published),
    review: verdict ? { status: verdict, originalOutput: verdict === 'corrected' ? redactor.redactWith(base.output, needles, published) : '' } : null,
  };
}

/**
 * Turns source rows into examples: the example, the human review, the pseudonym, redaction,
 * the filters and the fingerprint. It keeps no state that decides anything later (the duplicate
 * table stays with the caller), so it runs on the export's own thread or on a worker alike.
 */
export class RowPreparer {
  readonly redactor = new Redactor();
  private readonly userKeys = new Map<number, string>();
  private readonly hasher = new Hasher();
  private readonly opts: PrepareOptions;
  private readonly context: ExampleContext;

  constructor(opts: PrepareOptions) {
    this.opts = opts;
    this.context = { redactor: this.redactor, keyOf: (userId) => this.keyOf(userId), reviewedOnly: opts.reviewedOnly, rejected: 'drop' };
  }

  /**
   * Pseudonyms (an HMAC each) are cached for up to 100K people, about 5 MB. Redaction needles
   * are not: they cost less than the garbage a cache of them leaves in the old generation when
   * people outnumber it (the export ran 15% faster without one).
   */
  private keyOf(userId: number): string {
    let key = this.userKeys.get(userId);
    if (key === undefined) {
      if (this.userKeys.size >= 100_000) this.userKeys.clear();
      key = userKey(this.opts.secret, userId);
      this.userKeys.set(userId, key);
    }
    return key;
  }

  prepare(name: SourceName, row: SourceRow): PreparedRow {
    const example = rowExample(name, row, this.context);
    if (example === null || typeof example === 'string') return { example: null, drop: example };
    const verdict = example.review?.status ?? null;
    const def = SOURCE_DEFS[name];
    const drop = filterReason(example, this.opts);
    if (drop) return { example: null, drop };
    const broken = hardRuleBroken(example);
    if (broken && this.opts.auditRules !== 'count') return { example: null, drop: broken.rule };
    const h = this.hasher;
    h.hash(example.input, example.output, def.inputWithoutFreeText === true);
    const { h1, h2, exact } = h;
    return { example, verdict, h1, h2, exact, out: this.printFrom(h.second, example.output), violation: broken?.rule ?? null, drop: null };
  }

  /** The output print from the output's fingerprint (see `outputPrint`). */
  private printFrom(f: { h1: number; h2: number; exact: number }, output: string): OutputPrint {
    const n = this.opts.auditSampleOneIn ?? 1;
    return { h1: f.h1, h2: f.h2, exact: f.exact, skeleton: n <= 1 || f.h1 % n === 0 ? skeletonPrint(output) : 0, length: output.length };
  }

  /** The output's fingerprints for the audit figures and the split decontamination. */
  outputPrint(output: string): OutputPrint {
    const h = this.hasher;
    h.hash(output);
    return this.printFrom(h, output);
  }
}
