import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { assertFitsColumns, parquetSchema, type ParquetColumn } from '../formats/parquet-schema.ts';
import type { AtomicDirSink } from './file-sink.ts';

/**
 * Row-group limits, measured on 900K-row exports under the CLI's 160 MB old-space limit: 10,000-row
 * groups peaked at 255–265 MB RSS, 5,000-row ones at about 230 MB (JSONL: about 215 MB), for files
 * within 1% of the same size.
 */
export const ROW_GROUP_ROWS = 5_000;
/** A row group is also closed once its rows' JSON reaches this many characters, so long texts (up to 20K characters an example) cannot make it larger. */
export const ROW_GROUP_CHARS = 4_000_000;

export interface RowGroupLimits {
  rows?: number;
  chars?: number;
}

/** Hands each encoded row group to the sink (hash, temporary file) instead of keeping the file in memory. */
class SinkWriter extends ByteWriter {
  /** Rows in the part being flushed, for the sink's row count. */
  rows = 0;
  private readonly sink: AtomicDirSink;
  private readonly name: string;

  constructor(sink: AtomicDirSink, name: string) {
    super(1024 * 1024);
    this.sink = sink;
    this.name = name;
  }

  /** Called by ParquetWriter after each row group; the next group is encoded only once this resolves. */
  flush(): Promise<void> {
    // The sink copies the bytes: this buffer is reused at once.
    const part = new Uint8Array(this.buffer, 0, this.index);
    this.index = 0;
    const rows = this.rows;
    this.rows = 0;
    return this.sink.writeBytes(this.name, part, rows);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * One Parquet file written a row group at a time with hyparquet-writer, so memory does not grow
 * with the dataset: the rows of the open row group (at most `limits.rows` rows or `limits.chars`
 * characters of JSON) and, while a group is encoded, its column arrays, UTF-8 bytes and
 * compressed pages, a few times the group's text; plus the footer's entries, a few hundred bytes
 * per column per row group, kept until the file ends.
 */
export class ParquetFile {
  private readonly columns: ParquetColumn[];
  private readonly out: SinkWriter;
  private readonly writer: ParquetWriter;
  private readonly maxRows: number;
  private readonly maxChars: number;
  private rows: Record<string, unknown>[] = [];
  private chars = 0;

  constructor(sink: AtomicDirSink, name: string, columns: ParquetColumn[], limits: RowGroupLimits = {}) {
    this.columns = columns;
    this.maxRows = limits.rows ?? ROW_GROUP_ROWS;
    this.maxChars = limits.chars ?? ROW_GROUP_CHARS;
    this.out = new SinkWriter(sink, name);
    this.writer = new ParquetWriter({ writer: this.out, schema: parquetSchema(columns), createdBy: 'satprep exporter (hyparquet-writer)' });
  }

  /** Queues a row (`chars`: the length of its JSON); returns a promise when a full row group is being written. */
  add(row: Record<string, unknown>, chars: number): Promise<void> | undefined {
    assertFitsColumns(row, this.columns);
    this.rows.push(row);
    this.chars += chars;
    return this.rows.length >= this.maxRows || this.chars >= this.maxChars ? this.writeGroup() : undefined;
  }

  private async writeGroup(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    this.chars = 0;
    this.out.rows = rows.length;
    const columnData = this.columns.map((c) => ({ name: c.name, data: rows.map((r) => r[c.name]) }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
  }

  /** Writes the last row group and the footer; a file with no rows still gets its schema. */
  async end(): Promise<void> {
    if (this.rows.length > 0) await this.writeGroup();
    await this.writer.finish();
  }
}
