// The worker thread of `preparedLines` (parallel.ts; prepare-worker.js runs it): prepares the
// runs of binary COPY rows put in its shared slots into lines in the same slots, answering each
// run in order. The module itself does nothing when loaded: parallel.ts loads it on the export's
// thread too, so that its compiled code is in Node's compile cache before the worker needs it.
import { parentPort, workerData } from 'node:worker_threads';
import { LinePreparer, ROW_SLOTS, slotViews, type LineOptions } from './lines.ts';
import type { FromWorker, ToWorker } from './parallel.ts';

/** Serves the thread that started this worker, which gave the LineOptions as `workerData`. */
export function servePreparedLines(): void {
  const port = parentPort!;
  const options = workerData as LineOptions;
  let preparer: LinePreparer | undefined;
  let slots: ReturnType<typeof slotViews>[] = [];
  port.on('message', (m: ToWorker) => {
    if ('columns' in m) {
      preparer = new LinePreparer(m.columns, options);
      slots = m.slots.map(slotViews);
    } else if ('slot' in m) {
      const slot = slots[m.slot]!;
      const lines = preparer!.prepare(slot.input.subarray(m.from, m.to), slot);
      if (lines.rows.buffer === slot.rows.buffer && lines.bytes.buffer === slot.bytes.buffer) {
        port.postMessage({ slot: m.slot, rows: lines.rows.length / ROW_SLOTS, bytes: lines.bytes.length, errors: lines.errors } satisfies FromWorker);
      } else {
        // Lines that outgrew the slot: their own buffers go over (a shared one needs no transfer).
        const own = [lines.rows.buffer, lines.bytes.buffer].filter((b) => b instanceof ArrayBuffer);
        port.postMessage({ slot: m.slot, spilled: lines } satisfies FromWorker, own);
      }
    } else port.postMessage({ done: true, redactions: preparer!.redactions } satisfies FromWorker);
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}
