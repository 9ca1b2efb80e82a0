// PostgreSQL's binary COPY format, decoded without a connection (worker threads decode it too).

export interface CopyColumn {
  name: string;
  /** PostgreSQL type OID, as a query's field description gives it. */
  typeOid: number;
}

type Decoder = (buf: Buffer, start: number, end: number) => unknown;

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01). */
const PG_EPOCH_MS = 946_684_800_000;
const DAY_MS = 86_400_000;
/** Years 1..9999, where toISOString writes a four-digit year. */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;
const text = (buf: Buffer, start: number, end: number): string => buf.toString('utf8', start, end);

/** Longest text a column's decoder compares with its last value (see repeatingText). */
const REPEAT_MAX_BYTES = 64;

/**
 * A text column's decoder that returns its last string again when the bytes repeat it: columns
 * such as a model id or a prompt version hold the same short value row after row, and comparing
 * a few bytes costs less than making a string (~0.1 µs each). A column whose values keep changing
 * (a name, an email) stops comparing.
 */
function repeatingText(): Decoder {
  const last = new Uint8Array(REPEAT_MAX_BYTES);
  let lastLength = -1;
  let lastText = '';
  // Repeats minus changes: below -64 the column has shown it does not repeat.
  let score = 0;
  return (buf, start, end) => {
    const length = end - start;
    if (length > REPEAT_MAX_BYTES || score < -64) return text(buf, start, end);
    if (length === lastLength) {
      let i = 0;
      while (i < length && buf[start + i] === last[i]) i++;
      if (i === length) {
        if (score < 64) score++;
        return lastText;
      }
    }
    score--;
    for (let i = 0; i < length; i++) last[i] = buf[start + i]!;
    lastLength = length;
    lastText = text(buf, start, end);
    return lastText;
  };
}

/** '00'..'59' and '000'..'999': the fields of a time of day, written without making a string each. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
let cachedDay = Number.NaN;
let cachedDayText = '';

/**
 * `new Date(ms).toISOString()`, computed from the time of day: Date's own formatting cost more
 * than reading the rest of the row. The date part is cached, as consecutive rows mostly share a day.
 */
export function isoFromMs(ms: number): string {
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${cachedDayText}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}.${THREE_DIGITS[milli]}Z`;
}

/**
 * A timestamp is a 64-bit count of microseconds since 2000-01-01 (exact in a double below 2^53);
 * it is returned as an ISO string in UTC with milliseconds, as `Date.toISOString` writes it.
 */
const timestamp: Decoder = (buf, start) => isoFromMs(PG_EPOCH_MS + Math.floor((buf.readInt32BE(start) * 4294967296 + buf.readUInt32BE(start + 4)) / 1000));

/** Binary COPY decoders by type OID: the types our source queries select. */
export const COLUMN_DECODERS: Record<number, Decoder> = {
  16: (buf, start) => buf[start] !== 0, // bool
  20: (buf, start) => buf.readInt32BE(start) * 4294967296 + buf.readUInt32BE(start + 4), // int8
  21: (buf, start) => buf.readInt16BE(start), // int2
  23: (buf, start) => buf.readInt32BE(start), // int4
  25: text,
  700: (buf, start) => buf.readFloatBE(start), // float4
  701: (buf, start) => buf.readDoubleBE(start), // float8
  1042: text, // bpchar
  1043: text, // varchar
  114: (buf, start, end) => JSON.parse(buf.toString('utf8', start, end)), // json
  // jsonb: a format version byte (1), then the JSON text.
  3802: (buf, start, end) => {
    if (buf[start] !== 1) throw new Error(`Unknown jsonb binary format version ${buf[start]}`);
    return JSON.parse(buf.toString('utf8', start + 1, end));
  },
  1114: timestamp, // timestamp (as UTC)
  1184: timestamp, // timestamptz
};

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Splits PostgreSQL's binary COPY format into whole rows: a header, then per row a 16-bit field
 * count and per field a 32-bit length (-1 for NULL) and the bytes; a count of -1 ends the data.
 * Only lengths are read, so a stream can be cut into runs of rows cheaply and the runs decoded
 * apart (on other threads).
 */
export class CopyFramer {
  private rest: Buffer = Buffer.alloc(0);
  private headerDone = false;
  private trailerSeen = false;
  private readonly columns: number;
  private readonly alloc: ((bytes: number) => Buffer) | undefined;

  /**
   * With `alloc`, rows are always returned in a buffer it gives (e.g. from a pool, for a buffer
   * a thread can hand over); without, in `chunk` itself unless a row began in an earlier chunk.
   */
  constructor(columns: number, alloc?: (bytes: number) => Buffer) {
    this.columns = columns;
    this.alloc = alloc;
  }

  /** The rows completed by `chunk`, as one buffer of whole rows (possibly empty): no header, no trailer. */
  push(chunk: Buffer): Buffer {
    const buf = this.alloc ? this.joined(chunk, this.alloc) : this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < 19) return void (this.rest = Buffer.from(buf)), buf.subarray(0, 0);
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error('Not a binary COPY stream');
      const extension = buf.readUInt32BE(15);
      if (buf.length < 19 + extension) return void (this.rest = Buffer.from(buf)), buf.subarray(0, 0);
      pos = 19 + extension;
      this.headerDone = true;
    }
    const columns = this.columns;
    const start = pos;
    let end = pos;
    rows: while (!this.trailerSeen && buf.length - pos >= 2) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.trailerSeen = true;
        pos += 2;
        break;
      }
      if (fields !== columns) throw new Error(`Expected ${columns} columns per COPY row, got ${fields}`);
      let p = pos + 2;
      for (let i = 0; i < columns; i++) {
        if (buf.length - p < 4) break rows;
        const len = buf.readInt32BE(p);
        p += 4;
        if (len > 0) {
          if (buf.length - p < len) break rows;
          p += len;
        }
      }
      pos = end = p;
    }
    // Copy the unparsed tail so the big chunk it came from can be freed.
    this.rest = pos < buf.length ? Buffer.from(buf.subarray(pos)) : EMPTY;
    return buf.subarray(start, end);
  }

  /** The unparsed rest of earlier chunks and `chunk`, in one buffer from `alloc`. */
  private joined(chunk: Buffer, alloc: (bytes: number) => Buffer): Buffer {
    const bytes = this.rest.length + chunk.length;
    const buf = alloc(bytes);
    this.rest.copy(buf);
    chunk.copy(buf, this.rest.length);
    return buf.subarray(0, bytes);
  }

  /** Checks that the stream ended where the format says it does. */
  end(): void {
    if (!this.trailerSeen || this.rest.length) throw new Error('The COPY stream ended early');
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * A function making `{ [names[0]]: values[0], ... }`: one object literal, so every row has one
 * shape from the start. Setting properties one by one under names known only at run time made
 * V8 look each store up in its megamorphic cache (~3% of preparing a row).
 */
function rowMaker(names: string[]): (values: unknown[]) => Record<string, unknown> {
  // JSON.stringify quotes any name as a property key; "__proto__" in brackets, as a literal's
  // "__proto__" key would set the prototype instead.
  const props = names.map((n, i) => `${n === '__proto__' ? '["__proto__"]' : JSON.stringify(n)}: v[${i}]`);
  return new Function('v', `return { ${props.join(', ')} };`) as (values: unknown[]) => Record<string, unknown>;
}

/** Decodes whole rows (as CopyFramer cuts them) into objects keyed by column name. */
export class RowDecoder {
  private readonly decoders: Decoder[];
  private readonly makeRow: (values: unknown[]) => Record<string, unknown>;
  private readonly values: unknown[];

  constructor(columns: CopyColumn[]) {
    this.decoders = columns.map((c) => {
      const d = COLUMN_DECODERS[c.typeOid];
      if (!d) throw new Error(`Cannot read column "${c.name}" (PostgreSQL type ${c.typeOid}) from binary COPY: cast it to text, an integer, boolean, json or timestamptz in the query`);
      // Each text column compares with its own last value.
      return d === text ? repeatingText() : d;
    });
    this.makeRow = rowMaker(columns.map((c) => c.name));
    this.values = columns.map(() => null);
  }

  /**
   * Calls `onRow` with each row of `buf` in turn: a row can be garbage by the time the next one
   * is decoded, instead of a whole run of them living through young-generation collections.
   */
  decode(buf: Buffer, onRow: (row: Record<string, unknown>) => void): void {
    const { decoders, values, makeRow } = this;
    const columns = decoders.length;
    let p = 0;
    while (p < buf.length) {
      p += 2;
      for (let i = 0; i < columns; i++) {
        const len = buf.readInt32BE(p);
        p += 4;
        if (len < 0) values[i] = null;
        else {
          values[i] = decoders[i]!(buf, p, p + len);
          p += len;
        }
      }
      onRow(makeRow(values));
    }
  }
}

/** A binary COPY stream decoded as it arrives: a CopyFramer and a RowDecoder. */
export class BinaryCopyReader {
  private readonly framer: CopyFramer;
  private readonly decoder: RowDecoder;

  constructor(columns: CopyColumn[]) {
    this.decoder = new RowDecoder(columns);
    this.framer = new CopyFramer(columns.length);
  }

  /** Returns every complete row in the data received so far. */
  push(chunk: Buffer): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    this.decoder.decode(this.framer.push(chunk), (row) => rows.push(row));
    return rows;
  }

  /** Checks that the stream ended where the format says it does. */
  end(): void {
    this.framer.end();
  }
}
