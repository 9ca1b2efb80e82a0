// The worker thread of `preparedLines` (parallel.ts; prepare-worker.js loads it): prepares the
// runs of binary COPY rows put in its shared slots into lines in the same slots, answering each
// run in order.
import { parentPort, workerData } from 'node:worker_threads';
import { LinePreparer, ROW_SLOTS, slotViews, type LineOptions } from './lines.ts';
import type { FromWorker, ToWorker } from './parallel.ts';

const options = workerData as LineOptions;
let preparer: LinePreparer | undefined;
let slots: ReturnType<typeof slotViews>[] = [];

parentPort!.on('message', (m: ToWorker) => {
  if ('columns' in m) {
    preparer = new LinePreparer(m.columns, options);
    slots = m.slots.map(slotViews);
  } else if ('slot' in m) {
    const slot = slots[m.slot]!;
    const lines = preparer!.prepare(slot.input.subarray(m.from, m.to), slot);
    if (lines.rows.buffer === slot.rows.buffer && lines.bytes.buffer === slot.bytes.buffer) {
      parentPort!.postMessage({ slot: m.slot, rows: lines.rows.length / ROW_SLOTS, bytes: lines.bytes.length, errors: lines.errors } satisfies FromWorker);
    } else {
      // Lines that outgrew the slot: their own buffers go over (a shared one needs no transfer).
      const own = [lines.rows.buffer, lines.bytes.buffer].filter((b) => b instanceof ArrayBuffer);
      parentPort!.postMessage({ slot: m.slot, spilled: lines } satisfies FromWorker, own);
    }
  } else parentPort!.postMessage({ done: true, redactions: preparer!.redactions } satisfies FromWorker);
});
parentPort!.postMessage({ ready: true } satisfies FromWorker);
