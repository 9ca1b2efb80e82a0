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
  | { example: Example; verdict: 'approved' | 'corrected' | null; h1: number; h2: number; exact: number; out: OutputPrint; violation: HardRule | null; drop: null }
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

  constructor(opts: PrepareOptions) {
    this.opts = opts;
  }

  prepare(name: SourceName, row: SourceRow): PreparedRow {
    const def = SOURCE_DEFS[name];
    let base: ReturnType<typeof def.toExample>;
    try {
      base = def.toExample(row);
    } catch {
      // One damaged row is counted in the manifest; it does not fail an export of millions.
      return { example: null, drop: 'malformed' };
    }
    if (!base) return { example: null, drop: null };
    // Human review: a rejected output is never an example; a corrected one trains on the correction.
    const review = reviewOf(row);
    const verdict = review?.status === 'approved' || (review?.status === 'corrected' && review.finalText) ? review.status : null;
    if (review?.status === 'rejected') return { example: null, drop: 'review_rejected' };
    if (this.opts.reviewedOnly && !verdict) return { example: null, drop: 'not_reviewed' };
    // Pseudonyms (an HMAC each) are cached for up to 100K people, about 5 MB. Redaction
    // needles are not: they cost less than the garbage a cache of them leaves in the old
    // generation when people outnumber it (the export ran 15% faster without one).
    let key = this.userKeys.get(row.user_id);
    if (key === undefined) {
      if (this.userKeys.size >= 100_000) this.userKeys.clear();
      key = userKey(this.opts.secret, row.user_id);
      this.userKeys.set(row.user_id, key);
    }
    const needles = personNeedles(row.display_name, row.email, def.identities?.(row));
    const published = def.publishedText?.(row)?.toLowerCase() ?? '';
    const redactor = this.redactor;
    const example: Example = {
      ...base,
      id: `${name}:${row.id}`, source: name, origin: 'real', userKey: key, createdAt: createdAtOf(row.created_at),
      input: def.inputWithoutFreeText ? base.input : redactor.redactWith(base.input, needles, published),
      output: redactor.redactWith(verdict === 'corrected' ? review!.finalText! : base.output, needles, published),
      review: verdict ? { status: verdict, originalOutput: verdict === 'corrected' ? redactor.redactWith(base.output, needles, published) : '' } : null,
    };
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
