import { HARD_RULES, type HardRule } from './audit/checks.ts';
import { AuditCollector } from './audit/stats.ts';
import type { Manifest } from './card.ts';
import type { DropReason } from './prepare.ts';
import type { RedactionCounts } from './transforms/redact.ts';
import type { SourceName, Split } from './types.ts';

/** Why a candidate example is not in the files: a row check (see DropReason), or a later stage's. */
export type DroppedReason = DropReason | 'format_filter' | 'validation_overlap' | 'dpo_identical_pair';

/**
 * The counts of one export, kept in one place: lines written (by source, split and origin),
 * examples left out and why, review verdicts, redactions and the quality audit's figures. The
 * manifest's `counts` and `audit` are read from here.
 */
export class ExportStats {
  written = 0;
  readonly bySource: Partial<Record<SourceName, number>> = {};
  readonly bySplit: Record<Split, number> = { train: 0, validation: 0 };
  readonly byOrigin = { real: 0, synthetic: 0 };
  readonly dropped: Record<DroppedReason, number> = {
    too_short: 0, too_long: 0, model_filter: 0, format_filter: 0, review_rejected: 0, not_reviewed: 0, malformed: 0,
    ...(Object.fromEntries(HARD_RULES.map((r) => [r, 0])) as Record<HardRule, number>), validation_overlap: 0, dpo_identical_pair: 0,
  };
  readonly review = { approved: 0, corrected: 0, rejected_excluded: 0 };
  readonly audit: AuditCollector;
  /** Redactions made on this thread (the RowPreparer's own counts) plus those worker threads report. */
  readonly redactions: RedactionCounts;

  constructor(auditSampleOneIn: number, redactions: RedactionCounts) {
    this.audit = new AuditCollector(auditSampleOneIn);
    this.redactions = redactions;
  }

  /** A source row that became no example, and why (null: its source makes none of it). */
  noExample(source: SourceName, drop: DropReason | null): void {
    if (!drop) return;
    this.dropped[drop]++;
    if (drop === 'review_rejected') this.review.rejected_excluded++;
    if ((HARD_RULES as readonly string[]).includes(drop)) this.audit.violation(source, drop as HardRule);
  }

  /** An example a reviewer's verdict decided, past the duplicate check. */
  reviewed(verdict: 'approved' | 'corrected' | null): void {
    if (verdict) this.review[verdict]++;
  }

  /** Lines written: under their first example's source and origin (a dpo pair: the chosen one's), so totals and per-source counts agree. */
  lines(source: SourceName, origin: 'real' | 'synthetic', train: number, validation: number): void {
    const n = train + validation;
    if (!n) return;
    this.bySource[source] = (this.bySource[source] ?? 0) + n;
    this.byOrigin[origin] += n;
    this.bySplit.train += train;
    this.bySplit.validation += validation;
    this.written += n;
  }

  /** The manifest's counts; `duplicates`: what the duplicate check left out. */
  counts(duplicates: { exact: number; normalized: number }): Manifest['counts'] {
    const r = this.review;
    return {
      total: this.written, by_source: this.bySource, by_split: this.bySplit, by_origin: this.byOrigin,
      dropped: { ...this.dropped, exact_duplicate: duplicates.exact, normalized_duplicate: duplicates.normalized },
      review: { reviewed: r.approved + r.corrected + r.rejected_excluded, ...r },
    };
  }

  /** The manifest's audit; `decontaminated`: outputs dropped from a split because the other has their text. */
  auditReport(decontaminated: Record<Split, number>): Manifest['audit'] {
    return { ...this.audit.report(), dropped: Object.fromEntries(HARD_RULES.map((r) => [r, this.dropped[r]])) as Record<HardRule, number>, decontaminated: { ...decontaminated } };
  }
}
