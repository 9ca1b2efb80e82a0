import { Worker } from 'node:worker_threads';
import type { Em } from '@satprep/domain/db';
import type { PreparedRow, PrepareOptions } from './prepare.ts';
import type { CopyColumn } from './sources/binary-copy.ts';
import { copyChunks } from './sources/copy.ts';
import type { RedactionCounts } from './transforms/redact.ts';
import type { SourceName } from './types.ts';

/** Messages to the worker (prepare-worker.ts): the columns, then raw chunks, then the end. */
export type ToWorker = { columns: CopyColumn[] } | { chunk: ArrayBuffer } | { end: true };
type FromWorker = { rows: PreparedRow[] } | { done: true; redactions: RedactionCounts };

/**
 * The worker's young generation (three semi-spaces): it makes most of the export's short-lived
 * strings, so it gets 8 MB semi-spaces whatever the process's own (`pnpm satprep` gives the
 * export's thread 4 MB ones, which is all it needs now that its rows come prepared).
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/** COPY chunks (up to 64 KB each) the worker may have waiting before reading pauses for it. */
const MAX_IN_FLIGHT = 8;

/**
 * The rows of `sql` (binary COPY, see copyChunks), prepared on a worker thread: this thread reads
 * the stream and hands its raw chunks over; the worker decodes and prepares them (redaction and
 * fingerprints are half of an export's work) while this thread checks duplicates, formats and
 * writes the rows before them. Batches come back in stream order. The worker's redaction counts
 * go to `onRedactions` once every row is prepared.
 */
export async function* preparedOnWorker(
  em: Em, sql: string, params: unknown[], source: SourceName, options: PrepareOptions, onRedactions: (counts: RedactionCounts) => void,
): AsyncGenerator<PreparedRow[]> {
  const worker = new Worker(new URL('./prepare-worker.ts', import.meta.url), { workerData: { source, options }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const inbox: FromWorker[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: FromWorker) => {
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
  const next = async (): Promise<FromWorker> => {
    while (!inbox.length) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return inbox.shift()!;
  };

  // Chunks sent and not yet answered.
  let pending = 0;
  try {
    for await (const chunk of copyChunks(em, sql, params, (columns) => worker.postMessage({ columns } satisfies ToWorker))) {
      // A copy the worker owns: the chunk may share its memory with other buffers.
      const own = new Uint8Array(chunk);
      worker.postMessage({ chunk: own.buffer } satisfies ToWorker, [own.buffer]);
      pending++;
      // Take what is ready; wait only when the worker falls too far behind.
      while (pending > 0 && (inbox.length > 0 || pending >= MAX_IN_FLIGHT)) {
        const m = await next();
        pending--;
        if ('rows' in m && m.rows.length) yield m.rows;
      }
      if (failure) throw failure;
    }
    worker.postMessage({ end: true } satisfies ToWorker);
    for (;;) {
      const m = await next();
      if ('done' in m) {
        onRedactions(m.redactions);
        return;
      }
      if (m.rows.length) yield m.rows;
    }
  } finally {
    await worker.terminate();
  }
}
