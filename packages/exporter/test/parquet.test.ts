import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormatter, FORMAT_SPECS } from '../src/formats/index.ts';
import { assertFitsColumns } from '../src/formats/parquet-schema.ts';
import { openDataFiles } from '../src/sinks/data-files.ts';
import { LineEncoder } from '../src/lines.ts';
import { AtomicDirSink } from '../src/sinks/file-sink.ts';
import { ParquetFile, type RowGroupLimits } from '../src/sinks/parquet-file.ts';
import { FORMATS, type Example, type FileFormat, type FormatName, type Split } from '../src/types.ts';
import { FIXTURE_EXAMPLES } from './fixtures.ts';

/** Text that must survive UTF-8 encoding, dictionary pages and compression unchanged. */
const HOSTILE = 'Quote "q" and \\back\\slash, tab\tand\nnew line, \\N, emoji 😀, RTL مرحبا, ﬁ ligature';
const hostile = { origin: 'real' as const, createdAt: '2026-11-03T10:00:00.000Z', modelId: 'satprep-offline-tutor-1', userKey: 'u-dddd00000004' };

/** The fixtures plus a validation-split user with hostile and long text and one DPO pair of each kind. */
const EXAMPLES: Example[] = [
  ...FIXTURE_EXAMPLES,
  { ...hostile, id: 'feedback_ratings:10', source: 'feedback_ratings', input: `Performance: ${HOSTILE}`, output: `Strong work. ${HOSTILE}`, promptVersion: 'session-feedback/v1', rating: 5, pairKey: 'feedback:Hostile:1' },
  { ...hostile, id: 'feedback_ratings:11', source: 'feedback_ratings', input: 'Performance: Math / Geometry 2/10', output: `Weak. ${'Long explanation. '.repeat(200)}`, promptVersion: 'session-feedback/v1', rating: 2, pairKey: 'feedback:Hostile:1' },
  { ...hostile, id: 'help_requests:10', source: 'help_requests', input: `Question: ${HOSTILE}`, output: 'Read the clause boundaries first.', promptVersion: 'help-explain/v1', helpful: true, pairKey: 'help:Q10' },
  { ...hostile, id: 'help_requests:11', source: 'help_requests', input: `Question: ${HOSTILE} (again)`, output: 'It is B.', promptVersion: 'help-explain/v1', helpful: false, pairKey: 'help:Q10' },
  { ...hostile, id: 'help_requests:12', source: 'help_requests', input: 'Question: Which choice completes the text?', output: 'Choice C: the clause needs a semicolon.', promptVersion: 'help-explain/v1', helpful: false, review: { status: 'corrected', originalOutput: 'It is A.' } },
  { ...hostile, id: 'user_notes:10', source: 'user_notes', modelId: null, promptVersion: null, input: "Student's note: 😀".repeat(50), output: 'Take one practice set a day.' },
];
const VALIDATION_USERS = new Set(['u-cccc00000003', 'u-dddd00000004']);
const splitOf = (ex: Example): Split => (VALIDATION_USERS.has(ex.userKey) ? 'validation' : 'train');
/** Small row groups, by count and by size, so every file has several and the size limit is hit by the long example. */
const ROW_GROUPS: RowGroupLimits = { rows: 3, chars: 2000 };

/** Formats the examples and writes them the way exportTrainingData does: one DataFiles writer into an AtomicDirSink. */
async function writeExport(format: FormatName, fileFormat: FileFormat) {
  const dir = mkdtempSync(path.join(tmpdir(), `satprep-${fileFormat}-`));
  const formatter = createFormatter(format, { minRating: 4 });
  const sink = await AtomicDirSink.open(dir);
  const files = openDataFiles(sink, format, fileFormat, formatter.sideMetadata, ROW_GROUPS);
  const encoder = new LineEncoder();
  for (const l of [...EXAMPLES.flatMap((ex) => formatter.push(ex, splitOf(ex))), ...formatter.flush()]) {
    const e = encoder.encode(l, formatter.sideMetadata);
    await files.write(l.split, e.bytes, 0, e.mid, e.end);
  }
  await files.end();
  return { dir, names: files.names, written: await sink.commit() };
}

const readJsonl = (file: string): Record<string, unknown>[] => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** A JSON line leaves out `rating`/`helpful` where a fixed Parquet schema has null: compare without either. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, withoutNulls(x)]));
  return v;
}

let duck: DuckDBConnection;
beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => duck?.closeSync());

const query = async (sql: string, ...values: string[]) => (await duck.runAndReadAll(sql, values)).getRowObjectsJS();
/** Every row, in file order, as DuckDB (an independent Parquet reader) decodes it. */
const readParquet = async (file: string) =>
  (await query('select * exclude (file_row_number) from read_parquet(?, file_row_number = true) order by file_row_number', file)) as Record<string, unknown>[];

describe('Parquet export files', () => {
  for (const format of FORMATS) {
    it(`${format}: DuckDB reads back exactly the records (and metadata) of the JSONL export`, async () => {
      const jsonl = await writeExport(format, 'jsonl');
      const parquet = await writeExport(format, 'parquet');
      const sideMetadata = createFormatter(format, { minRating: 4 }).sideMetadata;

      expect(parquet.names).toEqual({ train: 'train.parquet', validation: 'validation.parquet' });
      expect(readdirSync(parquet.dir).sort()).toEqual(['train.parquet', 'validation.parquet']);
      for (const split of ['train', 'validation'] as const) {
        const records = readJsonl(path.join(jsonl.dir, jsonl.names[split]));
        const metadata = sideMetadata ? readJsonl(path.join(jsonl.dir, split === 'train' ? 'metadata.jsonl' : 'metadata.validation.jsonl')) : [];
        const expected = records.map((r, i) => (sideMetadata ? { ...r, metadata: metadata[i] } : r));
        expect(expected.length, `${format} ${split} has rows`).toBeGreaterThan(0);

        const file = path.join(parquet.dir, parquet.names[split]);
        const rows = await readParquet(file);
        expect(rows.map(withoutNulls)).toEqual(expected.map(withoutNulls));
        // Same columns, in the schema's order, for every format.
        expect(Object.keys(rows[0]!)).toEqual(FORMAT_SPECS[format].parquetColumns.map((c) => c.name));

        // Published under its real name with the hash and row count the manifest records.
        const written = parquet.written.find((f) => f.name === parquet.names[split])!;
        const bytes = readFileSync(file);
        expect(written).toEqual({ name: parquet.names[split], bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), lines: expected.length });
        // Written a row group at a time: at most 3 rows each (more groups where the size limit closed one early).
        const groups = await query('select count(distinct row_group_id)::int as n, max(row_group_num_rows)::int as largest from parquet_metadata(?)', file);
        expect(groups[0]!.n).toBeGreaterThanOrEqual(Math.ceil(expected.length / 3));
        expect(groups[0]!.largest).toBeLessThanOrEqual(3);
      }
    });
  }

  it('stores messages as a list of structs and metadata as a struct, not JSON text', async () => {
    const { dir } = await writeExport('openai-chat', 'parquet');
    const columns = await query('select column_name, column_type from (describe select * from read_parquet(?))', path.join(dir, 'train.parquet'));
    expect(columns).toEqual([
      { column_name: 'messages', column_type: 'STRUCT("role" VARCHAR, "content" VARCHAR)[]' },
      { column_name: 'metadata', column_type: 'STRUCT(example_id VARCHAR, source_table VARCHAR, origin VARCHAR, model_id VARCHAR, prompt_version VARCHAR, created_date VARCHAR, user_key VARCHAR, rating INTEGER, helpful BOOLEAN, review_status VARCHAR)' },
    ]);
    const roles = await query("select list_transform(messages, m -> m.role) as roles, messages[3].content as answer from read_parquet(?) where metadata.example_id = 'help_requests:1'", path.join(dir, 'train.parquet'));
    expect(roles).toEqual([{ roles: ['system', 'user', 'assistant'], answer: 'Subtract 5 from both sides, then divide by 3: x = 5.' }]);
  });

  it('closes a row group early once its rows reach the size limit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'satprep-parquet-groups-'));
    const sink = await AtomicDirSink.open(dir);
    const file = new ParquetFile(sink, 'train.parquet', FORMAT_SPECS.seed.parquetColumns, { rows: 1000, chars: 100 });
    for (const text of ['a'.repeat(60), 'b'.repeat(60), 'c'.repeat(10), 'd'.repeat(10)]) await file.add({ input: text, output: text }, 2 * text.length);
    await file.end();
    await sink.commit();
    const groups = await query('select row_group_id, row_group_num_rows::int as n from parquet_metadata(?) group by all order by row_group_id', path.join(dir, 'train.parquet'));
    expect(groups.map((g) => g.n)).toEqual([1, 1, 2]);
  });

  it('writes an empty split as a valid file with the full schema', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'satprep-parquet-empty-'));
    const sink = await AtomicDirSink.open(dir);
    const files = openDataFiles(sink, 'kto', 'parquet', false);
    await files.end();
    const written = await sink.commit();
    expect(written.map((f) => [f.name, f.lines])).toEqual([['train.parquet', 0], ['validation.parquet', 0]]);
    const file = path.join(dir, 'validation.parquet');
    expect(await readParquet(file)).toEqual([]);
    expect((await query('select column_name from (describe select * from read_parquet(?))', file)).map((c) => c.column_name)).toEqual(['prompt', 'completion', 'label', 'metadata']);
  });

  it('refuses a record field that has no column or the wrong type, instead of dropping or garbling it', () => {
    expect(() => assertFitsColumns({ input: 'a', output: 'b', extra: 1 }, FORMAT_SPECS.seed.parquetColumns)).toThrow(/"extra" has no Parquet column/);
    expect(() => assertFitsColumns({ prompt: 'p', completion: 'c', label: 'yes' }, FORMAT_SPECS.kto.parquetColumns)).toThrow(/"label" is not a Parquet boolean/);
    expect(() => assertFitsColumns({ messages: [{ role: 'user', content: 'u', name: 'x' }] }, FORMAT_SPECS['openai-chat'].parquetColumns)).toThrow(/"messages\[\]\.name" has no Parquet column/);
  });
});
