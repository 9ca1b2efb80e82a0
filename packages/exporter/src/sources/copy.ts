import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Em } from '@satprep/domain/db';

/**
 * Streams a query's rows from PostgreSQL with `COPY (select row_to_json(...)) TO STDOUT`
 * in binary format: the server sends rows as fast as we take them and TCP flow control
 * stops it when we fall behind, so memory stays constant and no round trip waits between
 * batches. Each row arrives as one JSON document (jsonb columns nested, timestamps as ISO
 * strings). COPY takes no bind parameters, so `params` are inlined as escaped literals.
 * Rows come in batches, as many as each network chunk completes.
 */
export async function* copyRows<T>(em: Em, sql: string, params: unknown[]): AsyncGenerator<T[]> {
  const connection = em.getConnection() as unknown as { getNativeClient(): Promise<Pool> };
  const pool = await connection.getNativeClient();
  const client = await pool.connect();
  // Timestamps in UTC, so row_to_json writes them as +00:00 (see createdAtOf).
  await client.query("set time zone 'UTC'");
  const query = `COPY (select row_to_json(x) from (${inlineParams(client, sql, params)}) x) TO STDOUT (FORMAT binary)`;
  const stream = client.query(copyTo(query));
  let finished = false;
  try {
    const reader = new BinaryCopyReader();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // One batch per network chunk: the consumer loops over it without an async step per row.
      const texts = reader.push(chunk);
      if (texts.length) yield texts.map((text) => JSON.parse(text) as T);
    }
    reader.end();
    finished = true;
  } finally {
    if (finished) {
      await client.query('reset time zone');
      client.release();
    } else {
      // A connection left in the middle of a COPY cannot be reused: drop it.
      stream.destroy();
      client.release(true);
    }
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

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Parses PostgreSQL's binary COPY format for one text column: a header, then per row a
 * 16-bit field count, a 32-bit length and the bytes; a count of -1 ends the data.
 */
export class BinaryCopyReader {
  private rest: Buffer = Buffer.alloc(0);
  private headerDone = false;
  private trailerSeen = false;

  /** Returns the text of every complete row in the data received so far. */
  push(chunk: Buffer): string[] {
    let buf = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < 19) return void (this.rest = buf), [];
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('Not a binary COPY stream');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) return void (this.rest = buf), [];
      pos = 19 + extension;
      this.headerDone = true;
    }
    const rows: string[] = [];
    while (!this.trailerSeen && buf.length - pos >= 2) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.trailerSeen = true;
        pos += 2;
        break;
      }
      if (fields !== 1) throw new Error(`Expected one column per COPY row, got ${fields}`);
      if (buf.length - pos < 6) break;
      const len = buf.readInt32BE(pos + 2);
      if (len < 0) throw new Error('Unexpected NULL row in COPY data');
      if (buf.length - pos - 6 < len) break;
      rows.push(buf.toString('utf8', pos + 6, pos + 6 + len));
      pos += 6 + len;
    }
    buf = buf.subarray(pos);
    // Copy the unparsed tail so the big chunk it came from can be freed.
    this.rest = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
    return rows;
  }

  /** Checks that the stream ended where the format says it does. */
  end(): void {
    if (!this.trailerSeen || this.rest.length) throw new Error('The COPY stream ended early');
  }
}
