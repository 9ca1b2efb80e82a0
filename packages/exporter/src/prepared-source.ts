import type { Em } from '@satprep/domain/db';
import type { OutputPrint } from './audit/stats.ts';
import type { PreparedLines } from './lines.ts';
import { preparedLines } from './parallel.ts';
import type { ExportPlan, ReadPlan } from './plan.ts';
import { RowPreparer, type PreparedRow } from './prepare.ts';
import { readRows } from './sources/read.ts';
import type { SourceRow } from './sources/index.ts';
import { addCounts, type RedactionCounts } from './transforms/redact.ts';
import type { SourceName } from './types.ts';

/**
 * A source's rows, prepared (see RowPreparer: the example, review, pseudonym, redaction, row
 * checks, fingerprints) one of two ways:
 * - `lines`: made into finished, checked lines of the format, on a worker thread as well as this
 *   one (see preparedLines): the real stage's large sources in a format whose lines stand alone;
 * - `rows`: read in batches and prepared on this thread one by one as the consumer asks, so that
 *   a capped stage prepares (and counts the redactions of) no row past its quota.
 */
export type PreparedSource =
  | { lines: AsyncIterable<PreparedLines> }
  | { rows: AsyncIterable<SourceRow[]>; prepare(row: SourceRow): PreparedRow };

/** The read and prepare stages: where a source's rows come from and how they are prepared. */
export class SourcePreparer {
  private readonly local: RowPreparer;
  private readonly em: Em;
  private readonly plan: ExportPlan;
  private readonly read: ReadPlan;

  constructor(em: Em, plan: ExportPlan, read: ReadPlan) {
    this.em = em;
    this.plan = plan;
    this.read = read;
    this.local = new RowPreparer({ ...plan.prepare, auditSampleOneIn: read.auditSampleOneIn });
  }

  /** Redactions made: on this thread, and those of worker threads once their source is read. */
  get redactions(): RedactionCounts {
    return this.local.redactor.counts;
  }

  /** The rows of a source with ids after `afterId`, prepared. */
  source(name: SourceName, afterId: number): PreparedSource {
    const q = this.read.query(name, afterId);
    if (this.read.onWorker(name)) {
      const options = { ...this.plan.prepare, auditSampleOneIn: this.read.auditSampleOneIn, source: name, format: this.plan.format, minRating: this.plan.minRating, valRatio: this.plan.valRatio };
      // With `workerThread: true`, reading waits until the worker has started (tests).
      const waitForWorker = this.plan.opts.workerThread === true;
      return { lines: preparedLines(this.em, q.sql, q.params, options, (counts) => addCounts(this.redactions, counts), waitForWorker) };
    }
    return {
      rows: readRows<SourceRow>(this.em, q.select, q.where, q.params, 't.id', { mode: this.read.mode, batchSize: this.read.batchSize }),
      prepare: (row) => this.local.prepare(name, row),
    };
  }

  /** The print of an output prepared elsewhere (synthetic examples): the audit's figures and the split decontamination. */
  outputPrint(output: string): OutputPrint {
    return this.local.outputPrint(output);
  }
}
