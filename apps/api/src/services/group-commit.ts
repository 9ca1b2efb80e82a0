/**
 * Group commit: concurrent writes of one kind reach the database together, as one statement.
 * The first write after a quiet moment goes at once; writes that arrive while a batch is in
 * flight wait for it and then go together as the next batch, so batches grow with load and a
 * lone write still costs one round trip. A caller's promise settles only after the statement
 * that carried its write has committed (or failed): nothing is acknowledged before it is durable.
 */
export interface GroupCommitOptions<I, R> {
  /** Largest batch. */
  maxBatch: number;
  /**
   * Keys an item must not share with another item of the same batch (e.g. the row it upserts):
   * such an item waits for a later batch, behind the earlier item, in arrival order.
   */
  keys: (item: I) => string[];
  /** Writes a batch in one transaction; returns a result or an error per item, in order. Throwing fails the whole batch. */
  run: (items: I[]) => Promise<(R | Error)[]>;
}

interface Pending<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, R> {
  private queue: Pending<I, R>[] = [];
  private flushing = false;
  private readonly opts: GroupCommitOptions<I, R>;
  /** Batches written and items they carried. */
  readonly stats = { batches: 0, items: 0 };

  constructor(opts: GroupCommitOptions<I, R>) {
    this.opts = opts;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Writes batches until the queue is empty; one runs at a time. */
  private pump(): void {
    if (this.flushing) return;
    const batch = this.take();
    if (!batch.length) return;
    this.flushing = true;
    void this.write(batch).finally(() => {
      this.flushing = false;
      this.pump();
    });
  }

  private async write(batch: Pending<I, R>[]): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    let results: (R | Error)[];
    try {
      results = await this.opts.run(batch.map((p) => p.item));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (r instanceof Error) p.reject(r);
      else if (r === undefined) p.reject(new Error('A group commit returned no result for an item'));
      else p.resolve(r);
    });
  }

  /** The next batch: up to maxBatch items in arrival order whose keys do not repeat; the rest stay queued. */
  private take(): Pending<I, R>[] {
    const seen = new Set<string>();
    const batch: Pending<I, R>[] = [];
    const rest: Pending<I, R>[] = [];
    for (const p of this.queue) {
      const keys = this.opts.keys(p.item);
      const fits = batch.length < this.opts.maxBatch && keys.every((k) => !seen.has(k));
      // A waiting item's keys count as taken too, so later items of one key stay behind it, in order.
      for (const k of keys) seen.add(k);
      (fits ? batch : rest).push(p);
    }
    this.queue = rest;
    return batch;
  }
}
