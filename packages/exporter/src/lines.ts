import { HARD_RULES, type HardRule } from './audit/checks.ts';
import { createFormatter, type FormattedLine, type Formatter } from './formats/index.ts';
import { DROP_REASONS, RowPreparer, type DropReason, type PrepareOptions } from './prepare.ts';
import { RowDecoder, type CopyColumn } from './sources/binary-copy.ts';
import type { SourceRow } from './sources/index.ts';
import type { RedactionCounts } from './transforms/redact.ts';
import { splitFor } from './transforms/split.ts';
import type { OutputPrint } from './audit/stats.ts';
import type { FormatName, SourceName, Split } from './types.ts';
import { recordCheck } from './validate.ts';

/** What a LinePreparer needs besides the row checks: the source, and how its examples become lines. */
export interface LineOptions extends PrepareOptions {
  source: SourceName;
  /** A format whose formatter is `perExample` (all but dpo). */
  format: FormatName;
  minRating: number;
  valRatio: number;
}

/**
 * Source rows made into finished JSON lines: everything an export does to a row except the
 * duplicate check (the duplicate table is the export's own) and writing. Plain numbers and
 * bytes, so a worker thread hands them over without copying (see preparedLines).
 */
export interface PreparedLines {
  /** ROW_SLOTS numbers per row (the SLOT_ offsets). */
  rows: Int32Array;
  /** UTF-8 lines, each ending in a newline: per row with a line, its data line, then its side-metadata line if the format has one. */
  bytes: Uint8Array;
  /** Validation errors of data lines (normally none), as [row index, message], in row order. */
  errors: [number, string][];
}

export const ROW_SLOTS = 16;
/** KEPT, NO_EXAMPLE (the source makes none of the row), or 1 + the index of its DropReason. */
export const SLOT_STATUS = 0;
/** 0, or 1 (approved) / 2 (corrected) when a reviewer's verdict is behind the example. */
export const SLOT_VERDICT = 1;
/** The fingerprint (see Hasher): normalised hash halves and the exact hash. */
export const SLOT_H1 = 2;
export const SLOT_H2 = 3;
export const SLOT_EXACT = 4;
/** 1 for the validation split. */
export const SLOT_SPLIT = 5;
/** Bytes of the data line with its newline; 0 when the format makes no line of the example. */
export const SLOT_DATA_BYTES = 6;
/** Bytes of the side-metadata line with its newline, or 0. */
export const SLOT_META_BYTES = 7;
/** UTF-16 length of the data line (validation's token estimate). */
export const SLOT_DATA_CHARS = 8;
/** The output's fingerprints (see OutputPrint): normalised halves, exact, skeleton (0: not sampled), length. */
export const SLOT_OUT_H1 = 9;
export const SLOT_OUT_H2 = 10;
export const SLOT_OUT_EXACT = 11;
export const SLOT_OUT_SKELETON = 12;
export const SLOT_OUT_LENGTH = 13;
/** kto: 1 + the label (false 1, true 2); 0 otherwise. */
export const SLOT_LABEL = 14;
/** 1 + the index in HARD_RULES of a hard rule the example broke but was kept for (`auditRules: 'count'`); 0 otherwise. */
export const SLOT_VIOLATION = 15;

export const KEPT = 0;
export const NO_EXAMPLE = DROP_REASONS.length + 1;

const VERDICTS = [null, 'approved', 'corrected'] as const;

/** The reason a row's status gives (null: no example and no reason). */
export const dropOf = (status: number): DropReason | null => (status === NO_EXAMPLE ? null : DROP_REASONS[status - 1]!);

const NO_ERRORS: readonly string[] = [];

/**
 * Reads PreparedLines row by row, so that the slot layout stays in this module: `next()` moves
 * to the next row; then the getters read it and `start`, `mid`, `end` delimit its data and
 * side-metadata lines in `bytes`.
 */
export class LinesReader {
  private rows: Int32Array = new Int32Array(0);
  private s = 0;
  private row = -1;
  private errors: [number, string][] = [];
  private e = 0;
  bytes: Buffer = Buffer.alloc(0);
  start = 0;
  mid = 0;
  end = 0;

  /** Starts reading a run's lines. */
  reset(lines: PreparedLines): void {
    this.rows = lines.rows;
    this.bytes = Buffer.from(lines.bytes.buffer, lines.bytes.byteOffset, lines.bytes.byteLength);
    this.errors = lines.errors;
    this.s = -ROW_SLOTS;
    this.row = -1;
    this.e = 0;
    this.end = 0;
  }

  /** Moves to the next row; false after the last. */
  next(): boolean {
    const s = (this.s += ROW_SLOTS);
    if (s >= this.rows.length) return false;
    this.row++;
    this.start = this.end;
    this.mid = this.start + this.rows[s + SLOT_DATA_BYTES]!;
    this.end = this.mid + this.rows[s + SLOT_META_BYTES]!;
    return true;
  }

  /** The row made an example (it passed every row check; the duplicate check is the caller's). */
  get kept(): boolean {
    return this.rows[this.s + SLOT_STATUS] === KEPT;
  }

  /** Why a row that was not kept made no example (null: its source makes none of it). */
  get drop(): DropReason | null {
    return dropOf(this.rows[this.s + SLOT_STATUS]!);
  }

  get verdict(): 'approved' | 'corrected' | null {
    return VERDICTS[this.rows[this.s + SLOT_VERDICT]!]!;
  }

  /** The example's fingerprint (see Hasher). */
  get h1(): number {
    return this.rows[this.s + SLOT_H1]!;
  }

  get h2(): number {
    return this.rows[this.s + SLOT_H2]!;
  }

  get exact(): number {
    return this.rows[this.s + SLOT_EXACT]!;
  }

  get split(): Split {
    return this.rows[this.s + SLOT_SPLIT] ? 'validation' : 'train';
  }

  /** The format made a line of the example. */
  get hasLine(): boolean {
    return this.mid > this.start;
  }

  /** UTF-16 length of the data line without its newline. */
  get dataChars(): number {
    return this.rows[this.s + SLOT_DATA_CHARS]!;
  }

  /** The output's print: the audit's figures and the split decontamination. */
  get output(): OutputPrint {
    const r = this.rows;
    const s = this.s;
    return { h1: r[s + SLOT_OUT_H1]! >>> 0, h2: r[s + SLOT_OUT_H2]! >>> 0, exact: r[s + SLOT_OUT_EXACT]! >>> 0, skeleton: r[s + SLOT_OUT_SKELETON]! >>> 0, length: r[s + SLOT_OUT_LENGTH]! };
  }

  /** A hard rule the example broke but was kept for (`auditRules: 'count'`). */
  get violation(): HardRule | null {
    const v = this.rows[this.s + SLOT_VIOLATION]!;
    return v ? HARD_RULES[v - 1]! : null;
  }

  /** kto: the label; undefined in other formats. */
  get label(): boolean | undefined {
    const l = this.rows[this.s + SLOT_LABEL]!;
    return l ? l === 2 : undefined;
  }

  /** Validation errors of the data line (normally none). */
  get lineErrors(): readonly string[] {
    const errors = this.errors;
    while (this.e < errors.length && errors[this.e]![0] < this.row) this.e++;
    if (this.e >= errors.length || errors[this.e]![0] !== this.row) return NO_ERRORS;
    const out: string[] = [];
    for (; this.e < errors.length && errors[this.e]![0] === this.row; this.e++) out.push(errors[this.e]![1]);
    return out;
  }
}

/**
 * ArrayBuffers kept for reuse. An export's runs of rows and of lines are big, short-lived
 * buffers; V8 counts fresh ones as external memory and collects its whole heap every few dozen
 * megabytes of them (three times as often as without them), so they go round instead.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];
  private readonly minBytes: number;

  constructor(minBytes: number) {
    this.minBytes = minBytes;
  }

  /** A buffer of at least `bytes` (old contents included), a multiple of 8 bytes long. */
  take(bytes: number): ArrayBuffer {
    const b = this.free.pop();
    // One too small is left to the garbage collector: sizes settle on what runs need.
    return b && b.byteLength >= bytes ? b : new ArrayBuffer(Math.max(this.minBytes, Math.ceil((bytes * 1.25) / 8) * 8));
  }

  /** Takes back a buffer taken from a pool (shared memory is left alone). */
  give(b: ArrayBufferLike): void {
    if (b instanceof ArrayBuffer && this.free.length < MAX_POOLED) this.free.push(b);
  }
}

const MAX_POOLED = 8;

/**
 * Where a LinePreparer writes a run's lines: buffers to start in (e.g. shared memory another
 * thread reads); when they fill up, it moves on to pooled ones.
 */
export interface LineTarget {
  rows: Int32Array;
  bytes: Buffer;
}

/**
 * Memory two threads see, for one run at a time: the run's rows (written by the thread reading
 * the stream) and the lines another thread makes of them (see preparedLines). Buffers are not
 * handed back and forth instead: V8 counts every buffer a thread receives as fresh external
 * memory and collects its whole heap every few dozen megabytes of it.
 */
export interface SharedSlot {
  input: SharedArrayBuffer;
  rows: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
}

/** A slot's buffers as views (each thread makes them once). */
export function slotViews(slot: SharedSlot): { input: Buffer } & LineTarget {
  return { input: Buffer.from(slot.input), rows: new Int32Array(slot.rows), bytes: Buffer.from(slot.bytes) };
}

/** Lines encoded one after another into a buffer, moved to a bigger pooled one as needed. */
class LineBuffer {
  private buf: Buffer;
  private used = 0;
  private readonly pool: BufferPool;

  constructor(pool: BufferPool, start: Buffer) {
    this.pool = pool;
    this.buf = start;
  }

  /** Appends `text` and a newline; returns their bytes. */
  line(text: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.buf.length - this.used < text.length * 3 + 1) this.reserve(Buffer.byteLength(text) + 1);
    const n = this.buf.write(text, this.used);
    this.buf[this.used + n] = 10;
    this.used += n + 1;
    return n + 1;
  }

  private reserve(bytes: number) {
    if (this.buf.length - this.used >= bytes) return;
    const grown = Buffer.from(this.pool.take(Math.max(this.buf.length * 2, this.used + bytes)));
    this.buf.copy(grown, 0, 0, this.used);
    this.pool.give(this.buf.buffer);
    this.buf = grown;
  }

  /** Starts again at the beginning of the buffer. */
  clear(): void {
    this.used = 0;
  }

  /** What was written. */
  get bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }
}

/**
 * A formatted line encoded as PreparedLines hold one: its data line, then (formats with side
 * metadata) its metadata line, each with a newline, in `bytes[0, mid)` and `bytes[mid, end)`; so
 * the data files have one way in. The buffer is reused by the next `encode`.
 */
export class LineEncoder {
  private readonly out = new LineBuffer(new BufferPool(16 * 1024), Buffer.alloc(16 * 1024));
  bytes: Buffer = Buffer.alloc(0);
  mid = 0;
  end = 0;
  /** UTF-16 length of the data line without its newline. */
  chars = 0;

  encode(line: FormattedLine, sideMetadata: boolean): this {
    const text = JSON.stringify(line.record);
    this.out.clear();
    this.chars = text.length;
    this.mid = this.out.line(text);
    this.end = sideMetadata ? this.mid + this.out.line(JSON.stringify(line.metadata)) : this.mid;
    this.bytes = this.out.bytes;
    return this;
  }
}

/** Decodes runs of whole binary COPY rows (see CopyFramer) and prepares them into PreparedLines. */
export class LinePreparer {
  private readonly decoder: RowDecoder;
  private readonly rowPreparer: RowPreparer;
  private readonly formatter: Formatter;
  private readonly check: (record: unknown) => string[];
  private readonly opts: LineOptions;
  /**
   * Where the buffers of PreparedLines come from (lines, and the rows' numbers: a few KB a run,
   * kept apart so neither takes the other's size); give them back (`recycle`) once they are written.
   */
  private readonly pool = new BufferPool(64 * 1024);
  private readonly rowPool = new BufferPool(16 * 1024);

  constructor(columns: CopyColumn[], opts: LineOptions) {
    this.decoder = new RowDecoder(columns);
    this.rowPreparer = new RowPreparer(opts);
    this.formatter = createFormatter(opts.format, { minRating: opts.minRating });
    if (!this.formatter.perExample) throw new Error(`${opts.format} lines depend on other examples: they cannot be prepared apart`);
    this.check = recordCheck(opts.format);
    this.opts = opts;
  }

  /** Redactions made so far. */
  get redactions(): RedactionCounts {
    return this.rowPreparer.redactor.counts;
  }

  /** The lines of a run of whole rows, written to `target` as far as it holds them, else to pooled buffers. */
  prepare(data: Buffer, target?: LineTarget): PreparedLines {
    const { source, valRatio } = this.opts;
    const check = this.check;
    const sideMetadata = this.formatter.sideMetadata;
    // Pooled ones are sized for rows of 256 bytes and lines twice the rows' bytes.
    let slots = target?.rows ?? new Int32Array(this.rowPool.take((Math.ceil(data.length / 256) + 1) * ROW_SLOTS * 4));
    const errors: [number, string][] = [];
    const out = new LineBuffer(this.pool, target?.bytes ?? Buffer.from(this.pool.take(data.length * 2)));
    let i = 0;
    this.decoder.decode(data, (row) => {
      const s = i * ROW_SLOTS;
      // A pooled buffer need not hold a whole number of rows: grow before the row would not fit.
      if (s + ROW_SLOTS > slots.length) {
        const grown = new Int32Array(this.rowPool.take(slots.byteLength * 2));
        grown.set(slots);
        this.rowPool.give(slots.buffer);
        slots = grown;
      }
      const p = this.rowPreparer.prepare(source, row as SourceRow);
      i++;
      // Buffers are reused: every slot of the row is written.
      if (!p.example) {
        slots.fill(0, s, s + ROW_SLOTS);
        slots[s + SLOT_STATUS] = p.drop ? DROP_REASONS.indexOf(p.drop) + 1 : NO_EXAMPLE;
        return;
      }
      slots[s + SLOT_STATUS] = KEPT;
      slots[s + SLOT_DATA_BYTES] = 0;
      slots[s + SLOT_META_BYTES] = 0;
      slots[s + SLOT_DATA_CHARS] = 0;
      slots[s + SLOT_VERDICT] = VERDICTS.indexOf(p.verdict);
      slots[s + SLOT_H1] = p.h1;
      slots[s + SLOT_H2] = p.h2;
      slots[s + SLOT_EXACT] = p.exact;
      slots[s + SLOT_OUT_H1] = p.out.h1;
      slots[s + SLOT_OUT_H2] = p.out.h2;
      slots[s + SLOT_OUT_EXACT] = p.out.exact;
      slots[s + SLOT_OUT_SKELETON] = p.out.skeleton;
      slots[s + SLOT_OUT_LENGTH] = p.out.length;
      slots[s + SLOT_LABEL] = 0;
      slots[s + SLOT_VIOLATION] = p.violation ? HARD_RULES.indexOf(p.violation) + 1 : 0;
      const split = splitFor(p.example.userKey, valRatio);
      slots[s + SLOT_SPLIT] = split === 'validation' ? 1 : 0;
      const line = this.formatter.push(p.example, split)[0];
      if (!line) return;
      const label = line.record.label;
      if (typeof label === 'boolean') slots[s + SLOT_LABEL] = label ? 2 : 1;
      const text = JSON.stringify(line.record);
      for (const e of check(line.record)) errors.push([i - 1, e]);
      slots[s + SLOT_DATA_CHARS] = text.length;
      slots[s + SLOT_DATA_BYTES] = out.line(text);
      if (sideMetadata) slots[s + SLOT_META_BYTES] = out.line(JSON.stringify(line.metadata));
    });
    return { rows: slots.subarray(0, i * ROW_SLOTS), bytes: out.bytes, errors };
  }

  /** Takes back the buffers of lines that are written. */
  recycle(lines: PreparedLines): void {
    this.rowPool.give(lines.rows.buffer);
    this.pool.give(lines.bytes.buffer);
  }
}
