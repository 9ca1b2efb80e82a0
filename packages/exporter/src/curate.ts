import { hardRuleBroken } from './audit/checks.ts';
import { SplitDecontaminator } from './audit/decontaminate.ts';
import type { OutputPrint } from './audit/stats.ts';
import { LinesReader, type PreparedLines } from './lines.ts';
import type { ExportPlan, ReadPlan } from './plan.ts';
import { filterReason, type PreparedRow } from './prepare.ts';
import { SOURCE_DEFS } from './sources/index.ts';
import type { ExportStats } from './stats.ts';
import { Deduplicator } from './transforms/dedup.ts';
import { splitFor, userKey } from './transforms/split.ts';
import type { Example, SourceName, Split } from './types.ts';
import type { DatasetWriter } from './write.ts';

/**
 * The curation stage: what decides between examples rather than row by row. An example that
 * passed its row checks (see RowPreparer: redaction, filters, the audit's hard rules) is written
 * unless it duplicates an earlier one, its format leaves it out, or its output's text is in the
 * other split already; the audit counts what is written. Examples come three ways: lines
 * prepared ahead (worker thread), rows prepared on this thread, synthetic examples.
 */
export class Curator {
  private readonly dedup: Deduplicator;
  private readonly decontaminate: SplitDecontaminator;
  private readonly reader = new LinesReader();
  private readonly plan: ExportPlan;
  private readonly stats: ExportStats;
  private readonly writer: DatasetWriter;

  constructor(plan: ExportPlan, read: ReadPlan, stats: ExportStats, writer: DatasetWriter) {
    this.plan = plan;
    this.stats = stats;
    this.writer = writer;
    this.dedup = new Deduplicator(read.expectedExamples);
    this.decontaminate = new SplitDecontaminator(read.expectedExamples);
  }

  /** Curates and writes a run of rows prepared into lines (see preparedLines); returns the rows it held and the lines written. */
  async lines(source: SourceName, lines: PreparedLines): Promise<{ rows: number; written: number }> {
    const { dedup, decontaminate, stats, writer, reader: r } = this;
    const audit = stats.audit;
    let rows = 0;
    let train = 0;
    let validation = 0;
    r.reset(lines);
    while (r.next()) {
      rows++;
      if (!r.kept) {
        stats.noExample(source, r.drop);
        continue;
      }
      if (!dedup.acceptFingerprint(r.h1, r.h2, r.exact)) continue;
      stats.reviewed(r.verdict);
      if (!r.hasLine) {
        stats.dropped.format_filter++;
        continue;
      }
      const split = r.split;
      const out = r.output;
      if (!decontaminate.accept(split, out.h1, out.h2)) {
        stats.dropped.validation_overlap++;
        continue;
      }
      audit.outputPrint(source, split, out);
      const violation = r.violation;
      if (violation) audit.violation(source, violation);
      const label = r.label;
      if (label !== undefined) audit.label(source, label);
      const pending = writer.writePrepared(split, r);
      if (split === 'train') train++;
      else validation++;
      if (pending) await pending;
    }
    stats.lines(source, 'real', train, validation);
    return { rows, written: train + validation };
  }

  /** Curates and writes a row prepared on this thread; returns whether it made a line (dpo: whether the formatter took it). */
  row(source: SourceName, p: PreparedRow): Promise<boolean> | false {
    if (!p.example) return this.stats.noExample(source, p.drop), false;
    if (!this.dedup.acceptFingerprint(p.h1, p.h2, p.exact)) return false;
    this.stats.reviewed(p.verdict);
    if (p.violation) this.stats.audit.violation(source, p.violation);
    return this.take(p.example, splitFor(p.example.userKey, this.plan.valRatio), p.out);
  }

  /**
   * Curates and writes a synthetic example: it passes the row checks real ones pass in RowPreparer
   * first; `printOf` gives its output's print. Returns whether it made a line.
   */
  synthetic(ex: Example, printOf: (output: string) => OutputPrint): Promise<boolean> | false {
    const { stats } = this;
    const drop = filterReason(ex, this.plan.prepare);
    if (drop) return stats.noExample(ex.source, drop), false;
    const broken = hardRuleBroken(ex)?.rule;
    if (broken && this.plan.prepare.auditRules === 'count') stats.audit.violation(ex.source, broken);
    else if (broken) return stats.noExample(ex.source, broken), false;
    if (!this.dedup.accept(ex.input, ex.output, SOURCE_DEFS[ex.source].inputWithoutFreeText === true)) return false;
    return this.take(ex, splitFor(userKey(`synthetic-${this.plan.seed}`, ex.userKey), this.plan.valRatio), printOf(ex.output));
  }

  /** What the duplicate check and the split decontamination left out. */
  get duplicates(): { exact: number; normalized: number } {
    return { exact: this.dedup.exactDuplicates, normalized: this.dedup.normalizedDuplicates };
  }

  get decontaminated(): Record<Split, number> {
    return this.decontaminate.dropped;
  }

  /** Formats and writes an example that passed every check before: unless its output's text is in the other split already. */
  private async take(ex: Example, split: Split, out: OutputPrint): Promise<boolean> {
    const { stats, writer } = this;
    if (!writer.perExample) {
      // dpo: a pair's lines come when both examples are in; decontamination goes by each example.
      if (!this.decontaminate.accept(split, out.h1, out.h2)) return void stats.dropped.validation_overlap++, false;
      await writer.write(writer.format(ex, split));
      return true;
    }
    const lines = writer.format(ex, split);
    if (!lines.length) return void stats.dropped.format_filter++, false;
    if (!this.decontaminate.accept(split, out.h1, out.h2)) return void stats.dropped.validation_overlap++, false;
    await writer.write(lines);
    return true;
  }
}
