import { describe, expect, it } from 'vitest';
import { BinaryCopyReader, CopyFramer, RowDecoder, type CopyColumn, isoFromMs } from './binary-copy.ts';
import { bool, copyStream, int2, int4, jsonb, text, timestamptz, type Field } from '../../test/copy-test-data.ts';

const COLUMNS: CopyColumn[] = [
  { name: 'id', typeOid: 23 }, { name: 'rating', typeOid: 21 }, { name: 'note', typeOid: 25 }, { name: 'model_id', typeOid: 1043 },
  { name: 'helpful', typeOid: 16 }, { name: 'data', typeOid: 3802 }, { name: 'created_at', typeOid: 1184 },
];

describe('BinaryCopyReader', () => {
  const rows: Field[][] = [
    [int4(1), int2(5), text('plain'), text('m-1'), bool(true), jsonb({ Math: { Algebra: { correct: 7, total: 10 } } }), timestamptz('2026-01-02T03:04:05.678Z', 901)],
    [int4(2), int2(-3), text('multi-byte é 😀 مرحبا split across chunks'), null, bool(false), jsonb(['a', { b: null }]), timestamptz('1999-12-31T23:59:59.999Z', 999)],
    [int4(2147483647), null, text('back\\slash "quoted" \n\t'), text(''), null, null, null],
  ];
  const expected = [
    { id: 1, rating: 5, note: 'plain', model_id: 'm-1', helpful: true, data: { Math: { Algebra: { correct: 7, total: 10 } } }, created_at: '2026-01-02T03:04:05.678Z' },
    { id: 2, rating: -3, note: 'multi-byte é 😀 مرحبا split across chunks', model_id: null, helpful: false, data: ['a', { b: null }], created_at: '1999-12-31T23:59:59.999Z' },
    { id: 2147483647, rating: null, note: 'back\\slash "quoted" \n\t', model_id: '', helpful: null, data: null, created_at: null },
  ];

  it('decodes every column type by name whatever the chunk boundaries, including inside the header, a length or a multi-byte character', () => {
    const data = copyStream(rows, 3);
    for (const size of [1, 2, 5, 7, 19, 64, data.length]) {
      const reader = new BinaryCopyReader(COLUMNS);
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < data.length; i += size) out.push(...reader.push(data.subarray(i, i + size)));
      reader.end();
      expect(out, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('cuts the stream into runs of whole rows, in buffers of its own when given an allocator, whatever the chunk boundaries', () => {
    const data = copyStream([...rows, ...rows, ...rows], 3);
    for (const size of [1, 3, 19, 40, 64, data.length]) {
      const given = new Set<ArrayBufferLike>();
      const framer = new CopyFramer(COLUMNS.length, (bytes) => {
        const b = Buffer.from(new ArrayBuffer(bytes + 5));
        given.add(b.buffer);
        return b;
      });
      const decoder = new RowDecoder(COLUMNS);
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < data.length; i += size) {
        const chunk = Buffer.from(data.subarray(i, i + size));
        const run = framer.push(chunk);
        expect(given.has(run.buffer), `chunks of ${size}`).toBe(true);
        // Once pushed, the chunk may be reused, and the run's buffer once decoded: nothing kept refers to either.
        chunk.fill(0);
        decoder.decode(run, (row) => out.push(row));
        new Uint8Array(run.buffer).fill(0);
      }
      framer.end();
      expect(out, `chunks of ${size}`).toEqual([...expected, ...expected, ...expected]);
    }
  });

  it('decodes text columns that repeat, change, stop repeating or outgrow the comparison exactly as they are, in a buffer that is reused', () => {
    const columns: CopyColumn[] = [{ name: 'model_id', typeOid: 1043 }, { name: 'name', typeOid: 25 }, { name: 'note', typeOid: 1042 }];
    const values: (string | null)[][] = [];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647);
    for (let i = 0; i < 3000; i++) {
      // A model id that mostly repeats (same length when it changes: the bytes decide), a name
      // that changes every row for a while and then repeats, and text of every length around the limit.
      const model = i % 97 === 0 ? `m-${next() % 10}` : i % 5 === 0 ? null : `m-${Math.floor(i / 400)}`;
      const name = i < 1500 ? `Student ${i}` : i % 300 < 150 ? 'Zoë Ó' : 'Zoe O';
      const note = 'x'.repeat(next() % 80) + (i % 3 ? 'é' : '');
      values.push([model, name, note]);
    }
    const decoder = new RowDecoder(columns);
    const out: Record<string, unknown>[] = [];
    // One buffer, overwritten by every run: a repeated value must not depend on earlier bytes.
    const buf = Buffer.alloc(1 << 20);
    for (let i = 0; i < values.length; i += 250) {
      const data = copyStream(values.slice(i, i + 250).map((row) => row.map((v) => (v === null ? null : text(v)))));
      const run = new CopyFramer(columns.length).push(data);
      buf.fill(0xff);
      run.copy(buf);
      decoder.decode(buf.subarray(0, run.length), (row) => out.push(row));
    }
    expect(out).toEqual(values.map(([model_id, name, note]) => ({ model_id, name, note })));
  });

  it('gives every row the columns by name, whatever the names are', () => {
    const names = ['id', 'a "quoted" name', 'back\\slash', '__proto__', 'constructor', '0', 'with\nnewline', '\u2028'];
    const columns = names.map((name) => ({ name, typeOid: 23 }));
    const rows: Record<string, unknown>[] = [];
    new RowDecoder(columns).decode(new CopyFramer(columns.length).push(copyStream([names.map((_, i) => int4(i))])), (row) => rows.push(row));
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual([...names].sort());
    names.forEach((name, i) => expect(Object.getOwnPropertyDescriptor(rows[0], name)?.value, name).toBe(i));
  });

  it('writes timestamps exactly as Date.toISOString does, across days, years and the epochs', () => {
    const samples = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, 946_684_800_000, 951_782_400_000, 4_102_444_800_000, -62_135_596_800_000, 253_402_300_799_999, 253_402_300_800_000, -62_135_596_800_001];
    let seed = 11;
    for (let i = 0; i < 5000; i++) samples.push(Math.floor(((seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) / 2147483647 - 0.5) * 1.6e13));
    for (const ms of samples) expect(isoFromMs(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('refuses a stream that is not binary COPY, stops before its trailer or has the wrong number of columns, and a column type it cannot read', () => {
    expect(() => new BinaryCopyReader(COLUMNS).push(Buffer.from('id,name\n1,a\n2,b\n3,c\n4,d\n'))).toThrow(/Not a binary COPY stream/);
    const data = copyStream(rows);
    const reader = new BinaryCopyReader(COLUMNS);
    reader.push(data.subarray(0, data.length - 5));
    expect(() => reader.end()).toThrow(/ended early/);
    expect(() => new BinaryCopyReader(COLUMNS.slice(0, 3)).push(data)).toThrow(/Expected 3 columns per COPY row, got 7/);
    expect(() => new BinaryCopyReader([{ name: 'price', typeOid: 1700 }])).toThrow(/Cannot read column "price" \(PostgreSQL type 1700\)/);
  });
});
