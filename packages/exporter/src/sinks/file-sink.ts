import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

export interface WrittenFile {
  name: string;
  bytes: number;
  sha256: string;
  /** Lines of a text file; rows of a Parquet file. */
  lines: number;
}

interface OpenFile {
  name: string;
  tmp: string;
  stream: WriteStream;
  hash: Hash;
  bytes: number;
  lines: number;
  /**
   * Lines not yet handed to the stream, encoded straight into a 256 KB buffer: line strings die
   * young instead of being kept (and promoted to the old heap) until a flush.
   */
  buf: Buffer;
  used: number;
  /** Chunk buffers the stream has written, for reuse. */
  spare: Buffer[];
}

const CHUNK_BYTES = 256 * 1024;
/** Bytes the disk may fall behind before writers wait: writing overlaps with producing rows. */
const STREAM_BUFFER = 512 * 1024;

const TMP_SUFFIX = '.partial';
/** Written chunk buffers kept per file for reuse. */
const MAX_SPARE_CHUNKS = 2;

/**
 * Writes files into a directory under temporary names and publishes them by rename only
 * when `commit` is called, so a crashed or interrupted export never leaves a half file
 * under a real name. Stale partial files from an earlier crash are removed on open.
 */
export class AtomicDirSink {
  private files = new Map<string, OpenFile>();
  private readonly token = randomBytes(4).toString('hex');
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async open(dir: string): Promise<AtomicDirSink> {
    await mkdir(dir, { recursive: true });
    for (const f of await readdir(dir)) if (f.endsWith(TMP_SUFFIX)) await rm(path.join(dir, f), { force: true });
    return new AtomicDirSink(dir);
  }

  private file(name: string): OpenFile {
    let f = this.files.get(name);
    if (!f) {
      const tmp = path.join(this.dir, `.${name}.${this.token}${TMP_SUFFIX}`);
      f = { name, tmp, stream: createWriteStream(tmp, { highWaterMark: STREAM_BUFFER }), hash: createHash('sha256'), bytes: 0, lines: 0, buf: Buffer.allocUnsafe(CHUNK_BYTES), used: 0, spare: [] };
      this.files.set(name, f);
    }
    return f;
  }

  /** Ensures the file exists even when no line is written to it. */
  touch(name: string): void {
    this.file(name);
  }

  /** Queues a line; returns a promise only when the buffer was flushed and the disk needs a moment (backpressure). */
  writeLine(name: string, line: string): Promise<void> | undefined {
    const f = this.file(name);
    f.lines++;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const most = line.length * 3 + 1;
    const flushed = this.room(f, most);
    if (most > CHUNK_BYTES) return this.sendWhole(f, flushed!, Buffer.from(`${line}\n`));
    f.used += f.buf.write(line, f.used);
    f.buf[f.used++] = 10;
    return flushed;
  }

  /** As writeLine, for a line already encoded: `src[start, end)`, ending in its newline. */
  writeEncodedLine(name: string, src: Buffer, start: number, end: number): Promise<void> | undefined {
    const f = this.file(name);
    f.lines++;
    const flushed = this.room(f, end - start);
    if (end - start > CHUNK_BYTES) return this.sendWhole(f, flushed!, Buffer.from(src.subarray(start, end)));
    f.used += src.copy(f.buf, f.used, start, end);
    return flushed;
  }

  /** Flushes the file's chunk unless `bytes` more fit in it; returns the flush's wait, if any. */
  private room(f: OpenFile, bytes: number): Promise<void> | undefined {
    return f.used + bytes <= CHUNK_BYTES ? undefined : this.flush(f);
  }

  /**
   * A line bigger than a chunk, sent as it is after the flushed chunk: both reach the stream now,
   * in order; only waiting for the disk is deferred.
   */
  private sendWhole(f: OpenFile, flushed: Promise<void>, line: Buffer): Promise<void> {
    return Promise.all([flushed, this.send(f, line)]).then(() => undefined);
  }

  /**
   * Appends the next part of a binary file (not mixed with `writeLine` on the same file), counting
   * `records` rows. The sink keeps `data` until it is on disk, so the caller must not reuse it.
   */
  writeBytes(name: string, data: Buffer, records: number): Promise<void> {
    const f = this.file(name);
    f.lines += records;
    return this.send(f, data);
  }

  private flush(f: OpenFile): Promise<void> {
    if (f.used === 0) return Promise.resolve();
    const full = f.buf;
    // The stream keeps the buffer until it is on disk, so the next lines go to another one: one
    // the stream is done with, or a new one (each is garbage the size of a chunk otherwise).
    f.buf = f.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    const data = full.subarray(0, f.used);
    f.used = 0;
    return this.send(f, data, (err) => {
      if (!err && f.spare.length < MAX_SPARE_CHUNKS) f.spare.push(full);
    });
  }

  private async send(f: OpenFile, data: Buffer, written?: (err?: Error | null) => void): Promise<void> {
    f.hash.update(data);
    f.bytes += data.length;
    if (!f.stream.write(data, written)) await once(f.stream, 'drain');
  }

  /** Flushes and closes every file, still under its temporary name; returns name → temporary path. */
  async close(): Promise<Map<string, string>> {
    for (const f of this.files.values()) {
      await this.flush(f);
      if (!f.stream.closed) {
        f.stream.end();
        await once(f.stream, 'close');
      }
    }
    return new Map([...this.files.values()].map((f) => [f.name, f.tmp]));
  }

  /** Closes all files and renames them to their real names; returns what was published. */
  async commit(): Promise<WrittenFile[]> {
    const out: WrittenFile[] = [];
    await this.close();
    for (const f of this.files.values()) {
      await rename(f.tmp, path.join(this.dir, f.name));
      out.push({ name: f.name, bytes: f.bytes, sha256: f.hash.digest('hex'), lines: f.lines });
    }
    this.files.clear();
    return out;
  }

  /** Discards every partial file. */
  async abort(): Promise<void> {
    for (const f of this.files.values()) {
      // A chunk still being written fails once the stream is destroyed: expected here, and
      // without a listener that error would end the process.
      f.stream.on('error', () => {});
      f.stream.destroy();
      if (!f.stream.closed) await new Promise<void>((resolve) => f.stream.once('close', () => resolve()));
      await rm(f.tmp, { force: true });
    }
    this.files.clear();
  }
}
