import { describe, expect, it } from 'vitest';
import { createFormatter } from './formats/index.ts';
import { LineEncoder, LinePreparer, LinesReader, ROW_SLOTS, type LineOptions } from './lines.ts';
import { splitFor } from './transforms/split.ts';
import { CopyFramer, type CopyColumn } from './sources/binary-copy.ts';
import { copyStream, int2, int4, jsonb, text, timestamptz, type Field } from '../test/copy-test-data.ts';

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
  int4(id), int4(id % 11), text(name), text(`${name.split(' ')[0]!.toLowerCase()}@example.com`), timestamptz('2026-05-06T07:08:09.000Z'),
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

    // Read back as the export's curation reads them: row by row, each line delimited by byte counts.
    const reader = new LinesReader();
    reader.reset(roomy);
    const statuses: (string | null)[] = [];
    const splits = new Set<string>();
    const lines: { data: Record<string, string>; meta: Record<string, unknown> }[] = [];
    while (reader.next()) {
      statuses.push(reader.kept ? 'kept' : reader.drop);
      if (!reader.kept) {
        expect(reader.end - reader.start).toBe(0);
        continue;
      }
      const data = reader.bytes.toString('utf8', reader.start, reader.mid);
      const meta = reader.bytes.toString('utf8', reader.mid, reader.end);
      expect(data.endsWith('\n') && meta.endsWith('\n')).toBe(true);
      expect(reader.dataChars).toBe(data.length - 1);
      expect(reader.split).toBe(splitFor(JSON.parse(meta).user_key, OPTIONS.valRatio));
      splits.add(reader.split);
      lines.push({ data: JSON.parse(data), meta: JSON.parse(meta) });
    }
    expect(reader.end).toBe(roomy.bytes.length);
    expect(splits.size).toBe(2);
    expect(statuses).toHaveLength(rows.length);
    // Redacted, the first output greets "[NAME]": the audit's placeholder rule drops it.
    expect(statuses.slice(0, 4)).toEqual(['placeholder', 'too_short', 'kept', 'malformed']);
    expect(preparer.redactions).toMatchObject({ name: 1, email: 1, phone: 1 });
    expect(lines).toHaveLength(rows.length - 3);
    expect(lines[0]!.data.output).toContain('— 2 of 6 —');
    expect(lines[0]!.meta).toMatchObject({ example_id: 'feedback_ratings:3', source_table: 'feedback_ratings', origin: 'real' });
  });

  it("reads each row's validation errors back with that row, whatever rows lie between", () => {
    const lines = new LinePreparer(COLUMNS, OPTIONS).prepare(runOf(rows));
    const reader = new LinesReader();
    reader.reset({ ...lines, errors: [[2, 'a'], [2, 'b'], [6, 'c'], [7, 'd']] });
    const seen: string[][] = [];
    // Rows 6 and 7 are asked for; row 5 is skipped (as the export skips a duplicate): its errors are not another row's.
    for (let i = 0; reader.next(); i++) if (i === 2 || i >= 6) seen.push([...reader.lineErrors]);
    expect(seen.slice(0, 3)).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(seen.slice(3).flat()).toEqual([]);
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

describe('LineEncoder', () => {
  it('encodes a formatted line as prepared lines hold it: the data line, then its side metadata, each with a newline', () => {
    const formatter = createFormatter('seed', { minRating: 1 });
    const example = {
      id: 'user_notes:1', source: 'user_notes' as const, origin: 'real' as const, userKey: 'u-1', createdAt: '2026-05-06', modelId: null, promptVersion: null,
      input: 'Note: «ça va» 😀 and "quotes"', output: 'Take one practice set a day.\nThen rest.', review: null,
    };
    const line = formatter.push(example, 'train')[0]!;
    const encoder = new LineEncoder();
    // A long line first: the buffer grows, and the next, shorter line must not keep its tail.
    encoder.encode({ ...line, record: { ...line.record, output: 'x'.repeat(40_000) } }, true);
    const e = encoder.encode(line, true);
    expect(e.bytes.toString('utf8', 0, e.mid)).toBe(`${JSON.stringify(line.record)}\n`);
    expect(e.bytes.toString('utf8', e.mid, e.end)).toBe(`${JSON.stringify(line.metadata)}\n`);
    expect(e.end).toBe(e.bytes.length);
    expect(e.chars).toBe(JSON.stringify(line.record).length);
    const bare = encoder.encode(line, false);
    expect(bare.mid).toBe(bare.end);
  });
});
