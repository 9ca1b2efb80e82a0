import { describe, expect, it } from 'vitest';
import { KEPT, LinePreparer, NO_EXAMPLE, ROW_SLOTS, SLOT_DATA_BYTES, SLOT_DATA_CHARS, SLOT_META_BYTES, SLOT_STATUS, dropOf, type LineOptions } from './lines.ts';
import { CopyFramer, type CopyColumn } from './sources/binary-copy.ts';
import { copyStream, int2, int4, jsonb, text, timestamptz, type Field } from './sources/copy-test-data.ts';

// The columns of the feedback_ratings source's query (SOURCE_DEFS), as COPY describes them.
const COLUMNS: CopyColumn[] = [
  { name: 'id', typeOid: 23 }, { name: 'user_id', typeOid: 23 }, { name: 'display_name', typeOid: 25 }, { name: 'email', typeOid: 25 },
  { name: 'created_at', typeOid: 1184 }, { name: 'review_status', typeOid: 25 }, { name: 'review_final_text', typeOid: 25 },
  { name: 'feedback_text', typeOid: 25 }, { name: 'rating', typeOid: 21 }, { name: 'performance_data', typeOid: 3802 },
  { name: 'model_id', typeOid: 25 }, { name: 'prompt_version', typeOid: 25 },
];

const OPTIONS: LineOptions = {
  secret: 's', reviewedOnly: false, minLength: 10, maxLength: 20_000, models: null, excludeModels: null,
  source: 'feedback_ratings', format: 'seed', minRating: 1, valRatio: 0.3,
};

const perf = { Math: { Algebra: { correct: 7, total: 10 } }, 'Reading and Writing': { 'Craft and Structure': { correct: 2, total: 6 } } };
const row = (id: number, name: string, feedback: string, performance: unknown = perf): Field[] => [
  int4(id), int4(id % 3), text(name), text(`${name.split(' ')[0]!.toLowerCase()}@example.com`), timestamptz('2026-05-06T07:08:09.000Z'),
  null, null, text(feedback), int2(1 + (id % 5)), jsonb(performance), text('tutor-1'), text('v1'),
];

/** The whole rows of a COPY stream of `rows`, as CopyFramer hands them on. */
const runOf = (rows: Field[][]) => new CopyFramer(COLUMNS.length).push(copyStream(rows));

describe('LinePreparer', () => {
  const rows = [
    row(1, 'Zoë Ångström', 'Zoë, your algebra is strong 💪: 7 of 10. Mail z.a@school.example or call 555-123-4567 today.'),
    row(2, 'Ana Lima', 'Short'),
    row(3, 'Ana Lima', 'Focus on craft and structure — 2 of 6 — then retry the "hard" set.\n\tGood luck!'),
    row(4, 'Bo Chen', 'The tally is missing, so this cannot be rendered at all.', { Math: { Algebra: null } }),
    ...Array.from({ length: 40 }, (_, i) => row(10 + i, `Student ${i}`, `Feedback number ${i} for the student, with a long enough text.`)),
  ];

  it('writes lines whose byte counts hold for multi-byte text, and the same lines in buffers too small for them as in roomy ones', () => {
    const data = runOf(rows);
    const preparer = new LinePreparer(COLUMNS, OPTIONS);
    const roomy = preparer.prepare(data);
    // Dirty buffers for a row or two: every slot must be written, and the lines must move on to pooled buffers.
    const small = { rows: new Int32Array(ROW_SLOTS).fill(-7), bytes: Buffer.alloc(700, 0xff) };
    const tight = new LinePreparer(COLUMNS, OPTIONS).prepare(data, small);
    expect(Array.from(tight.rows)).toEqual(Array.from(roomy.rows));
    expect(Buffer.from(tight.bytes).equals(Buffer.from(roomy.bytes))).toBe(true);
    expect(tight.bytes.buffer).not.toBe(small.bytes.buffer);

    const r = roomy.rows;
    expect(r.length).toBe(rows.length * ROW_SLOTS);
    // Redacted, the first output greets "[NAME]": the audit's placeholder rule drops it.
    expect(dropOf(r[0 * ROW_SLOTS + SLOT_STATUS]!)).toBe('placeholder');
    expect(preparer.redactions).toMatchObject({ name: 1, email: 1, phone: 1 });
    expect(dropOf(r[1 * ROW_SLOTS + SLOT_STATUS]!)).toBe('too_short');
    expect(dropOf(r[3 * ROW_SLOTS + SLOT_STATUS]!)).toBe('malformed');
    expect(NO_EXAMPLE).toBeGreaterThan(KEPT);
    // Walk the lines by the byte counts: each is one JSON document ending in a newline.
    const bytes = Buffer.from(roomy.bytes);
    let at = 0;
    const lines: { data: Record<string, string>; meta: Record<string, unknown> }[] = [];
    for (let s = 0; s < r.length; s += ROW_SLOTS) {
      const dataBytes = r[s + SLOT_DATA_BYTES]!;
      const metaBytes = r[s + SLOT_META_BYTES]!;
      if (r[s + SLOT_STATUS] !== KEPT) {
        expect(dataBytes + metaBytes).toBe(0);
        continue;
      }
      const data = bytes.toString('utf8', at, at + dataBytes);
      const meta = bytes.toString('utf8', at + dataBytes, at + dataBytes + metaBytes);
      expect(data.endsWith('\n') && meta.endsWith('\n')).toBe(true);
      expect(r[s + SLOT_DATA_CHARS]).toBe(data.length - 1);
      lines.push({ data: JSON.parse(data), meta: JSON.parse(meta) });
      at += dataBytes + metaBytes;
    }
    expect(at).toBe(bytes.length);
    expect(lines).toHaveLength(rows.length - 3);
    expect(lines[0]!.data.output).toContain('— 2 of 6 —');
    expect(lines[0]!.meta).toMatchObject({ example_id: 'feedback_ratings:3', source_table: 'feedback_ratings', origin: 'real' });
  });

  it('keeps every row of a run with more rows than its pooled buffer was sized for', () => {
    // ~150-byte rows: more than the 256-byte estimate allows for, so the rows' buffer grows, from a size that is no whole number of rows.
    for (const n of [300, 450, 700, 1000, 1500, 2000, 3000]) {
      const many = Array.from({ length: n }, (_, i) => row(100 + i, 'Ana Lima', `Note ${i}`.padEnd(12, '.')));
      const r = new LinePreparer(COLUMNS, OPTIONS).prepare(runOf(many)).rows;
      expect(r.length, `${n} rows`).toBe(many.length * ROW_SLOTS);
    }
  });
});
