// Binary COPY data as PostgreSQL writes it, built field by field for tests.

export type Field = Buffer | null;

/** A binary COPY stream, as PostgreSQL writes it, of rows of already-encoded fields. */
export function copyStream(rows: Field[][], headerExtension = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.alloc(4), Buffer.alloc(headerExtension)];
  parts[2]!.writeUInt32BE(headerExtension);
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const f of row) {
      const len = Buffer.alloc(4);
      len.writeInt32BE(f ? f.length : -1);
      parts.push(len, ...(f ? [f] : []));
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  parts.push(trailer);
  return Buffer.concat(parts);
}

export const int4 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
export const int2 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
export const text = (s: string) => Buffer.from(s, 'utf8');
export const bool = (v: boolean) => Buffer.from([v ? 1 : 0]);
export const jsonb = (v: unknown) => Buffer.concat([Buffer.from([1]), Buffer.from(JSON.stringify(v), 'utf8')]);
/** timestamptz: microseconds since 2000-01-01 UTC. */
export const timestamptz = (iso: string, extraMicros = 0) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(Date.parse(iso) - Date.UTC(2000, 0, 1)) * 1000n + BigInt(extraMicros));
  return b;
};
