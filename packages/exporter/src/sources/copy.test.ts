import { describe, expect, it } from 'vitest';
import { BinaryCopyReader } from './copy.ts';

/** A binary COPY stream of one text column, as PostgreSQL writes it. */
function copyStream(rows: string[], headerExtension = 0): Buffer {
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4), Buffer.alloc(4), Buffer.alloc(headerExtension)];
  parts[2]!.writeUInt32BE(headerExtension);
  for (const r of rows) {
    const body = Buffer.from(r, 'utf8');
    const head = Buffer.alloc(6);
    head.writeInt16BE(1, 0);
    head.writeInt32BE(body.length, 2);
    parts.push(head, body);
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  parts.push(trailer);
  return Buffer.concat(parts);
}

describe('BinaryCopyReader', () => {
  const rows = ['{"id":1,"t":"plain"}', '{"id":2,"t":"multi-byte é 😀 مرحبا split across chunks"}', '{"id":3,"t":"back\\\\slash \\"quoted\\" \\n"}', '{}'];

  it('returns every row whatever the chunk boundaries, including inside the header and multi-byte characters', () => {
    const data = copyStream(rows, 3);
    for (const size of [1, 2, 5, 7, 19, 64, data.length]) {
      const reader = new BinaryCopyReader();
      const out: string[] = [];
      for (let i = 0; i < data.length; i += size) out.push(...reader.push(data.subarray(i, i + size)));
      reader.end();
      expect(out, `chunks of ${size}`).toEqual(rows);
    }
  });

  it('refuses a stream that is not binary COPY or that stops before its trailer', () => {
    expect(() => new BinaryCopyReader().push(Buffer.from('id,name\n1,a\n2,b\n3,c\n4,d\n'))).toThrow(/Not a binary COPY stream/);
    const data = copyStream(rows);
    const reader = new BinaryCopyReader();
    reader.push(data.subarray(0, data.length - 5));
    expect(() => reader.end()).toThrow(/ended early/);
  });
});
