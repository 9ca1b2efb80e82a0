import type { Pool, PoolClient } from 'pg';
import type { Em } from '@satprep/domain/db';
import { BinaryCopyReader, type CopyColumn } from './binary-copy.ts';
import { CopyOut } from './copy-out.ts';

/**
 * Streams a query's rows from PostgreSQL with `COPY (...) TO STDOUT (FORMAT binary)`: the
 * server sends rows as fast as we take them and TCP flow control stops it when we fall behind,
 * so memory stays constant and no round trip waits between batches. Columns arrive in
 * PostgreSQL's binary forms and are decoded by type (see COLUMN_DECODERS): no per-row text
 * rendering on the server, no whole-row JSON to parse here. Rows come as objects keyed by
 * column name (jsonb parsed, timestamps as ISO strings in UTC), in batches: as many as each network chunk
 * completes. COPY takes no bind parameters, so `params` are inlined as escaped literals.
 */
export async function* copyRows<T>(em: Em, sql: string, params: unknown[]): AsyncGenerator<T[]> {
  let reader: BinaryCopyReader | undefined;
  for await (const chunk of copyChunks(em, sql, params, (columns) => (reader = new BinaryCopyReader(columns)))) {
    // One batch per network chunk: the consumer loops over it without an async step per row.
    const rows = reader!.push(chunk);
    if (rows.length) yield rows as T[];
  }
  reader!.end();
}

/**
 * The raw binary COPY stream of a query (see copyRows), chunk by chunk as the network delivers
 * it; `onColumns` first gets the names and types of its columns, which a BinaryCopyReader needs.
 */
export async function* copyChunks(em: Em, sql: string, params: unknown[], onColumns: (columns: CopyColumn[]) => void): AsyncGenerator<Buffer> {
  const connection = em.getConnection() as unknown as { getNativeClient(): Promise<Pool> };
  const pool = await connection.getNativeClient();
  const client = await pool.connect();
  let copy: CopyOut | undefined;
  let finished = false;
  try {
    const query = inlineParams(client, sql, params);
    // The column names and types, from the query's description (it returns no rows).
    const { fields } = await client.query(`select * from (${query}) x limit 0`);
    onColumns(fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })));
    copy = client.query(new CopyOut(`COPY (${query}) TO STDOUT (FORMAT binary)`));
    for await (const chunk of copy.chunks()) {
      yield chunk;
      // Let the event loop read the socket before the next chunk: without this the chunks already
      // buffered are taken without polling the socket, PostgreSQL waits on a full socket
      // meanwhile, and once they run out we wait for it (about 6% of the run's time).
      await new Promise(setImmediate);
    }
    finished = true;
  } finally {
    // A connection left in the middle of a COPY cannot be reused: drop it.
    client.release(!finished && copy !== undefined);
  }
}

function inlineParams(client: PoolClient, sql: string, params: unknown[]): string {
  let i = 0;
  const out = sql.replace(/\?/g, () => {
    if (i >= params.length) throw new Error('More placeholders than parameters in a COPY query');
    const p = params[i++];
    if (p instanceof Date) return `${client.escapeLiteral(p.toISOString())}::timestamptz`;
    if (typeof p === 'number' && Number.isFinite(p)) return String(p);
    if (typeof p === 'boolean') return String(p);
    if (typeof p === 'string') return client.escapeLiteral(p);
    throw new Error(`Cannot inline a ${typeof p} parameter into a COPY query`);
  });
  if (i !== params.length) throw new Error('Fewer placeholders than parameters in a COPY query');
  return out;
}
