import { flushCompileCache } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Em } from '@satprep/domain/db';
import { BufferPool, LinePreparer, ROW_SLOTS, slotViews, type LineOptions, type PreparedLines, type SharedSlot } from './lines.ts';
import { CopyFramer, type CopyColumn } from './sources/binary-copy.ts';
import { copyChunks } from './sources/copy.ts';
import type { RedactionCounts } from './transforms/redact.ts';
// Loaded here for the compile cache only (see where the worker starts).
import './prepare-worker-body.ts';

/** Messages to the worker (prepare-worker.js): the columns and the slots, then runs of whole rows by slot, then the end. */
export type ToWorker = { columns: CopyColumn[]; slots: SharedSlot[] } | { slot: number; from: number; to: number } | { end: true };
/**
 * The worker's lines for a slot: in the slot's `rows` and `bytes` (counts given), or, when they
 * did not fit there (rare: text that grows manyfold as JSON), in `spilled`, buffers of their own.
 */
export type FromWorker =
  | { ready: true }
  | { slot: number; rows: number; bytes: number; errors: [number, string][] }
  | { slot: number; spilled: PreparedLines }
  | { done: true; redactions: RedactionCounts };

/**
 * The worker's young generation (three semi-spaces of 8 MB) in a process started without
 * `--max-semi-space-size` (the API server: V8 would size it otherwise). That flag, when given,
 * sizes every thread's: `pnpm satprep` gives 4 MB, which measured faster than 8 or 16 (the young
 * generation stays in the cache) and than 2 or 1 (more collections).
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/**
 * Runs the worker may have unanswered: more go to this thread instead. Three keep it busy
 * while this thread prepares a run of its own (with two it idled a fifth of the time).
 */
const WORKER_QUEUE = 3;

/** Shared slots: the worker's queue, and runs it answered that wait to be written. */
const SLOTS = 8;

/** Bytes of a run that fit a slot (a run is what a network read completes: ~64 KB); a bigger one is prepared here. */
const SLOT_INPUT_BYTES = 1 << 20;

/** Bytes of lines a slot holds: lines take ~1.5 times their rows' bytes (more go to buffers of the worker's own). */
const SLOT_OUTPUT_BYTES = 2 << 20;

/**
 * Prepared runs held in stream order behind one the worker has not returned, before waiting for
 * it. With three busy threads on two cores (this one, the worker, PostgreSQL) the system now and
 * then leaves the worker off a core for a few milliseconds; with 8, this thread then stopped
 * reading ~170 times an export (~0.45 s of a 15 s export at 1M rows), with 16 10–30 times (~30
 * ms). 24 stopped it a few times, but the runs waiting took the 5M export's peak RSS to 258 MB.
 */
const MAX_WAITING = 16;

/**
 * Shared slots for runs of rows with `columns` columns: a row takes at least 2 bytes and 4 per
 * column, so the rows of a run that fits a slot always fit its `rows`.
 */
function sharedSlots(columns: number): SharedSlot[] {
  const maxRows = Math.ceil(SLOT_INPUT_BYTES / (2 + 4 * columns));
  return Array.from({ length: SLOTS }, () => ({
    input: new SharedArrayBuffer(SLOT_INPUT_BYTES),
    rows: new SharedArrayBuffer(maxRows * ROW_SLOTS * 4),
    bytes: new SharedArrayBuffer(SLOT_OUTPUT_BYTES),
  }));
}

/**
 * The rows of `sql` (binary COPY, see copyChunks) as PreparedLines, prepared by two threads: this
 * one cuts the stream into runs of whole rows (CopyFramer reads only lengths) and hands each to a
 * worker thread through shared memory, unless the worker has not started yet or WORKER_QUEUE
 * runs already wait there; then it prepares the run itself. So the work is shared by what each
 * thread has time for: the worker takes more while this thread writes. Runs come back in stream order. Redaction counts go to
 * `onRedactions` once every row is prepared.
 */
export async function* preparedLines(
  em: Em, sql: string, params: unknown[], options: LineOptions, onRedactions: (counts: RedactionCounts) => void, waitForWorker = false,
): AsyncGenerator<PreparedLines> {
  // Every module the worker loads is loaded here too: with the compile cache on (the CLI turns it
  // on), writing it out now lets the worker find them all compiled even on the first export after
  // a change, instead of loading Node's TypeScript stripper (~15 MB) to compile them again.
  flushCompileCache();
  const worker = new Worker(new URL('./prepare-worker.js', import.meta.url), {
    workerData: options,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const inbox: FromWorker[] = [];
  // The worker takes ~0.1 s to start: runs go to it once it has loaded its code (until then
  // this thread prepares them), not to a queue that would hold back the runs behind it; or,
  // with `waitForWorker`, reading waits for it.
  let ready = false;
  // Runs the worker has not answered yet (answered ones may still wait to be written).
  let atWorker = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: FromWorker) => {
    if ('ready' in m) return void ((ready = true), notify());
    if ('slot' in m) atWorker--;
    inbox.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`The export's worker thread stopped (exit code ${code})`);
    notify();
  });
  /** Waits for the worker until `done` holds; throws the worker's failure. */
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const next = async (): Promise<FromWorker> => {
    await until(() => inbox.length > 0);
    return inbox.shift()!;
  };

  let views: ReturnType<typeof slotViews>[] = [];
  const freeSlots: number[] = [];
  /** The next lines the worker prepared, and the slot they are in (free again once they are written). */
  const fromWorker = async (): Promise<{ lines: PreparedLines; slot: number }> => {
    const m = await next();
    if (!('slot' in m)) throw new Error('The export\'s worker thread finished early');
    if ('spilled' in m) return { lines: m.spilled, slot: m.slot };
    const v = views[m.slot]!;
    return { lines: { rows: v.rows.subarray(0, m.rows * ROW_SLOTS), bytes: v.bytes.subarray(0, m.bytes), errors: m.errors }, slot: m.slot };
  };

  let framer: CopyFramer | undefined;
  let local: LinePreparer | undefined;
  // Runs of rows prepared here, in pooled buffers.
  const runs = new BufferPool(64 * 1024);
  /** The slot the next run goes to, if it is for the worker and fits. */
  let target = -1;
  // Runs in stream order: lines prepared here, or null while the worker has them.
  const order: (PreparedLines | null)[] = [];
  /** Hands on lines and, once they are written (the consumer asked for more), frees their buffers. */
  async function* handOn(lines: PreparedLines, slot: number) {
    yield lines;
    if (slot >= 0) freeSlots.push(slot);
    else local!.recycle(lines);
  }
  async function* workerLines() {
    const { lines, slot } = await fromWorker();
    yield* handOn(lines, slot);
  }
  try {
    if (waitForWorker) await until(() => ready);
    const onColumns = (columns: CopyColumn[]) => {
      const slots = sharedSlots(columns.length);
      views = slots.map(slotViews);
      freeSlots.push(...slots.keys());
      worker.postMessage({ columns, slots } satisfies ToWorker);
      framer = new CopyFramer(columns.length, (bytes) => (target >= 0 && bytes <= SLOT_INPUT_BYTES ? views[target]!.input : Buffer.from(runs.take(bytes))));
      local = new LinePreparer(columns, options);
    };
    for await (const chunk of copyChunks(em, sql, params, onColumns)) {
      target = ready && atWorker < WORKER_QUEUE && freeSlots.length ? freeSlots.pop()! : -1;
      const run = framer!.push(chunk);
      const inSlot = target >= 0 && run.buffer === views[target]!.input.buffer;
      if (inSlot && run.length) {
        worker.postMessage({ slot: target, from: run.byteOffset, to: run.byteOffset + run.length } satisfies ToWorker);
        order.push(null);
        atWorker++;
      } else {
        if (target >= 0) freeSlots.push(target);
        if (!inSlot) {
          if (run.length) order.push(local!.prepare(run));
          runs.give(run.buffer);
        }
      }
      // Hand on what is ready; wait for the worker only when too much waits behind it.
      while (order.length && (order[0] || inbox.length || order.length > MAX_WAITING)) {
        const head = order.shift();
        yield* head ? handOn(head, -1) : workerLines();
      }
      if (failure) throw failure;
    }
    framer!.end();
    worker.postMessage({ end: true } satisfies ToWorker);
    for (const head of order.splice(0)) yield* head ? handOn(head, -1) : workerLines();
    const done = await next();
    if (!('done' in done)) throw new Error('The export\'s worker thread sent more than it was given');
    onRedactions(done.redactions);
    onRedactions(local!.redactions);
  } finally {
    await worker.terminate();
  }
}
