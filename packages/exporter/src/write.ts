import { createFormatter, FORMAT_SPECS, type FormattedLine, type Formatter } from './formats/index.ts';
import { LineEncoder, type LinesReader } from './lines.ts';
import type { ExportPlan } from './plan.ts';
import { openDataFiles, type DataFiles } from './sinks/data-files.ts';
import type { AtomicDirSink } from './sinks/file-sink.ts';
import type { ExportStats } from './stats.ts';
import type { Example, Split } from './types.ts';
import { DatasetValidator, recordCheck } from './validate.ts';

/**
 * The end of the pipeline: examples become the format's lines, each line is checked as
 * validate-dataset checks a file (a failure stops the publish) and goes to the split's data file.
 * Lines prepared on a worker thread arrive formatted and checked; they only pass the validator.
 */
export class DatasetWriter {
  readonly names: Record<Split, string>;
  private readonly formatter: Formatter;
  private readonly files: DataFiles;
  private readonly validators: Record<Split, DatasetValidator>;
  private readonly check: (record: unknown) => string[];
  private readonly encoder = new LineEncoder();
  private readonly plan: ExportPlan;
  private readonly stats: ExportStats;

  constructor(plan: ExportPlan, sink: AtomicDirSink, stats: ExportStats) {
    this.plan = plan;
    this.stats = stats;
    this.formatter = createFormatter(plan.format, { minRating: plan.minRating });
    // A training set with synthetic examples is named as such: `real_sat_data*.jsonl` holds real examples only.
    this.files = openDataFiles(sink, plan.format, plan.fileFormat, this.formatter.sideMetadata, undefined, plan.stage !== 'real');
    this.names = this.files.names;
    this.validators = { train: new DatasetValidator(plan.format), validation: new DatasetValidator(plan.format) };
    this.check = recordCheck(plan.format);
  }

  /** Each example becomes its line alone (all formats but dpo, which pairs examples). */
  get perExample(): boolean {
    return this.formatter.perExample;
  }

  /** The lines of an example (none: the format leaves it out; dpo: pairs, as they complete). */
  format(ex: Example, split: Split): FormattedLine[] {
    return this.formatter.push(ex, split);
  }

  /** Writes formatted lines and counts them; returns a promise only when a file asks to wait (backpressure). */
  write(lines: FormattedLine[], from = 0): Promise<void> | undefined {
    const { stats, encoder } = this;
    const texts = FORMAT_SPECS[this.plan.format].texts;
    for (let i = from; i < lines.length; i++) {
      const l = lines[i]!;
      encoder.encode(l, this.formatter.sideMetadata);
      this.validators[l.split].line(encoder.chars, encoder.mid - 1, this.check(l.record));
      const pending = this.files.write(l.split, encoder.bytes, 0, encoder.mid, encoder.end);
      const m = Array.isArray(l.metadata) ? l.metadata[0]! : l.metadata;
      stats.lines(m.source_table, m.origin, l.split === 'train' ? 1 : 0, l.split === 'validation' ? 1 : 0);
      const t = texts(l.record);
      stats.audit.output(m.source_table, l.split, t.output);
      if (t.label !== undefined) stats.audit.label(m.source_table, t.label);
      if (this.plan.format === 'dpo') stats.audit.pair(m.source_table);
      if (pending) return pending.then(() => this.write(lines, i + 1));
    }
    return undefined;
  }

  /** Writes the line the reader is at, prepared and checked already (counted by the caller, a run at a time). */
  writePrepared(split: Split, r: LinesReader): Promise<void> | undefined {
    this.validators[split].line(r.dataChars, r.mid - r.start - 1, r.lineErrors);
    return this.files.write(split, r.bytes, r.start, r.mid, r.end);
  }

  /**
   * Writes what the format still holds, then (after `onValidate`) fails unless every line passed
   * validation; after that the files can be committed.
   */
  async end(onValidate: () => void): Promise<void> {
    await this.write(this.formatter.flush());
    this.stats.dropped.dpo_identical_pair += this.formatter.identicalPairs?.() ?? 0;
    onValidate();
    for (const split of ['train', 'validation'] as const) {
      const report = this.validators[split].report;
      if (!report.ok) throw new Error(`validate-dataset rejected ${this.names[split]}: ${JSON.stringify(report.errorCounts)}`);
    }
    await this.files.end();
  }
}
