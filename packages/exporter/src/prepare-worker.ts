// Worker thread of `preparedOnWorker` (parallel.ts): decodes raw binary COPY chunks of one source
// and prepares their rows, answering each chunk with its prepared rows, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { RowPreparer, type PrepareOptions } from './prepare.ts';
import { BinaryCopyReader } from './sources/binary-copy.ts';
import type { SourceName } from './types.ts';
import type { ToWorker } from './parallel.ts';

const { source, options } = workerData as { source: SourceName; options: PrepareOptions };
const preparer = new RowPreparer(options);
let reader: BinaryCopyReader | undefined;

parentPort!.on('message', (m: ToWorker) => {
  if ('columns' in m) reader = new BinaryCopyReader(m.columns);
  else if ('chunk' in m) parentPort!.postMessage({ rows: reader!.push(Buffer.from(m.chunk)).map((row) => preparer.prepare(source, row as never)) });
  else {
    reader!.end();
    parentPort!.postMessage({ done: true, redactions: preparer.redactor.counts });
  }
});
