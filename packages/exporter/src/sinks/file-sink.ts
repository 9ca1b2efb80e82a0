import { createHash, randomBytes, type Hash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface WrittenFile {
  name: string;
  bytes: number;
  sha256: string;
  /** Lines of a text file; rows of a Parquet file. */
  lines: number;
}

export interface SinkOptions {
  /**
   * Write around the page cache where the file system allows (default true; see openForWrite).
   * Off, or where the system refuses it, files are written through the page cache.
   */
  directIo?: boolean;
}

/** Where a file's chunks go: a handle, and whether it writes around the page cache (see openForWrite). */
interface Target {
  handle: FileHandle;
  direct: boolean;
}

interface OpenFile {
  name: string;
  tmp: string;
  target: Promise<Target>;
  hash: Hash;
  /** Bytes handed to the file (the chunk being filled not included). */
  bytes: number;
  lines: number;
  /** The chunk being filled (lines are copied into it, so line strings die young), and its bytes used. */
  buf: Buffer;
  used: number;
  /** Writes of chunks, oldest first (they never reject: a failure is kept in `failure`). */
  writing: Promise<void>[];
  failure: Error | null;
}

const CHUNK_BYTES = 256 * 1024;
/** Chunks a file may have being written before writers wait: writing overlaps with producing rows. */
const MAX_WRITING = 2;
/** Direct writes are of whole blocks, at whole blocks (512 bytes on most devices; 4096 covers the rest). */
const BLOCK_BYTES = 4096;

const TMP_SUFFIX = '.partial';

/** What is used here of WebAssembly's API, which TypeScript declares only with the DOM's. */
declare const WebAssembly: { Memory: new (size: { initial: number; maximum: number }) => { buffer: ArrayBuffer } };

/** Chunks in the shared pool: enough for a few exports at once (an export's files hold up to 16). */
const POOL_CHUNKS = 64;
const WASM_PAGE = 65536;

/**
 * Page-aligned memory, as direct writes need: a WebAssembly memory, which V8 allocates in whole
 * pages (a Buffer's memory comes from malloc, 16 bytes past a page boundary). V8 reserves
 * address space (not memory) of several GB for each, so one memory serves every sink of the
 * process as a pool of chunks, reused last-freed first so that few of its pages are ever touched.
 */
const alignedMemory = (bytes: number): Buffer => Buffer.from(new WebAssembly.Memory({ initial: bytes / WASM_PAGE, maximum: bytes / WASM_PAGE }).buffer);
let pool: Buffer | null = null;
const freeChunks: Buffer[] = [];

/** A chunk from the pool; once the pool is used up (many exports at once), one of its own. */
function takeChunk(): Buffer {
  if (!pool) {
    pool = alignedMemory(POOL_CHUNKS * CHUNK_BYTES);
    for (let i = POOL_CHUNKS - 1; i >= 0; i--) freeChunks.push(pool.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
  }
  return freeChunks.pop() ?? alignedMemory(CHUNK_BYTES);
}

/** Gives a chunk back to the pool (one of its own is left to the garbage collector). */
function giveChunk(chunk: Buffer): void {
  if (chunk.buffer === pool?.buffer) freeChunks.push(chunk);
}

/** The chunk of a file that is closed: it holds nothing. */
const NO_CHUNK = Buffer.alloc(0);

/**
 * Opens a file for writing, around the page cache (O_DIRECT) when `direct` and the system allows it.
 *
 * An export writes hundreds of megabytes that nobody reads until a trainer downloads them.
 * Through the page cache, every byte is first copied into fresh cache pages, which push out the
 * database's own cached pages; and on a virtual machine whose freed memory goes back to the host,
 * touching those fresh pages cost 2 ns a byte: 10% of the export's CPU (1.6 of 16 µs a row). A
 * direct write hands the device the chunk where it is.
 */
async function openForWrite(file: string, direct: boolean): Promise<Target> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC;
  // O_DIRECT is Linux's (undefined elsewhere); file systems without it (tmpfs) refuse the open.
  if (direct && constants.O_DIRECT) {
    try {
      return { handle: await open(file, flags | constants.O_DIRECT), direct: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    }
  }
  return { handle: await open(file, flags), direct: false };
}

/** Writes `chunk[0, length)` at `at`, again from where a write stopped short. */
async function writeFully(handle: FileHandle, chunk: Buffer, length: number, at: number): Promise<void> {
  for (let done = 0; done < length;) {
    const { bytesWritten } = await handle.write(chunk, done, length - done, at + done);
    if (bytesWritten === 0) throw new Error('The disk took no more bytes of an export file');
    done += bytesWritten;
  }
}

/**
 * Writes files into a directory under temporary names and publishes them by rename only
 * when `commit` is called, so a crashed or interrupted export never leaves a half file
 * under a real name. Stale partial files from an earlier crash are removed on open.
 *
 * Lines are copied into 256 KB chunks, each written at its place in the file while the next
 * fills, and hashed (sha256) on the way.
 */
export class AtomicDirSink {
  private files = new Map<string, OpenFile>();
  private readonly token = randomBytes(4).toString('hex');
  private readonly directIo: boolean;
  readonly dir: string;

  private constructor(dir: string, directIo: boolean) {
    this.dir = dir;
    this.directIo = directIo;
  }

  static async open(dir: string, options: SinkOptions = {}): Promise<AtomicDirSink> {
    await mkdir(dir, { recursive: true });
    for (const f of await readdir(dir)) if (f.endsWith(TMP_SUFFIX)) await rm(path.join(dir, f), { force: true });
    return new AtomicDirSink(dir, options.directIo ?? true);
  }

  private file(name: string): OpenFile {
    let f = this.files.get(name);
    if (!f) {
      const tmp = path.join(this.dir, `.${name}.${this.token}${TMP_SUFFIX}`);
      const target = openForWrite(tmp, this.directIo);
      // A failed open is reported by the first write or by close, not as an unhandled rejection.
      target.catch(() => {});
      f = { name, tmp, target, hash: createHash('sha256'), bytes: 0, lines: 0, buf: takeChunk(), used: 0, writing: [], failure: null };
      this.files.set(name, f);
    }
    return f;
  }

  /** Ensures the file exists even when no line is written to it. */
  touch(name: string): void {
    this.file(name);
  }

  /** Queues a line; returns a promise only when the disk needs a moment (backpressure). */
  writeLine(name: string, line: string): Promise<void> | undefined {
    const f = this.file(name);
    f.lines++;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (f.used + line.length * 3 + 1 > CHUNK_BYTES) {
      const bytes = Buffer.from(`${line}\n`);
      return this.append(f, bytes, 0, bytes.length);
    }
    f.used += f.buf.write(line, f.used);
    f.buf[f.used++] = 10;
    return undefined;
  }

  /** As writeLine, for a line already encoded: `src[start, end)`, ending in its newline. */
  writeEncodedLine(name: string, src: Buffer, start: number, end: number): Promise<void> | undefined {
    const f = this.file(name);
    f.lines++;
    return this.append(f, src, start, end);
  }

  /**
   * Appends the next part of a binary file (not mixed with `writeLine` on the same file), counting
   * `records` rows. The bytes are copied: the caller may reuse `data` at once.
   */
  writeBytes(name: string, data: Uint8Array, records: number): Promise<void> {
    const f = this.file(name);
    f.lines += records;
    return this.append(f, Buffer.from(data.buffer, data.byteOffset, data.length), 0, data.length) ?? Promise.resolve();
  }

  /** Copies `src[start, end)` into the file's chunks, sending each chunk that fills up. */
  private append(f: OpenFile, src: Buffer, start: number, end: number): Promise<void> | undefined {
    let wait: Promise<void> | undefined;
    for (;;) {
      const n = Math.min(end - start, CHUNK_BYTES - f.used);
      f.used += src.copy(f.buf, f.used, start, start + n);
      start += n;
      if (start === end) return wait;
      // A line longer than a chunk sends several: wait for the last one's turn.
      wait = this.send(f);
    }
  }

  /**
   * Sends the chunk's bytes to the file and moves on to another chunk (none after the `last`);
   * returns a wait when MAX_WRITING chunks are already being written, or the file's failure.
   */
  private send(f: OpenFile, last = false): Promise<void> | undefined {
    const chunk = f.buf;
    const length = f.used;
    f.hash.update(chunk.subarray(0, length));
    const written = this.writeAt(f, chunk, length, f.bytes).then(
      () => giveChunk(chunk),
      (err: Error) => {
        giveChunk(chunk);
        f.failure ??= err;
      },
    );
    f.bytes += length;
    f.buf = last ? NO_CHUNK : takeChunk();
    f.used = 0;
    f.writing.push(written);
    if (f.writing.length > MAX_WRITING) return f.writing.shift()!.then(() => this.check(f));
    return f.failure ? Promise.reject(f.failure) : undefined;
  }

  private check(f: OpenFile): void {
    if (f.failure) throw f.failure;
  }

  /**
   * Writes `chunk[0, length)` at `at`. A direct write is of whole blocks (only the file's last
   * chunk is not: it is padded with zeros, which `close` cuts off). Where the system refuses a
   * direct write, it and every later one go through the page cache.
   */
  private async writeAt(f: OpenFile, chunk: Buffer, length: number, at: number): Promise<void> {
    const target = f.target;
    const { handle, direct } = await target;
    if (!direct) {
      await writeFully(handle, chunk, length, at);
      return;
    }
    const padded = Math.ceil(length / BLOCK_BYTES) * BLOCK_BYTES;
    chunk.fill(0, length, padded);
    try {
      // A short direct write (a full disk) leaves the rest unaligned: refused, and written again whole below.
      await writeFully(handle, chunk, padded, at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
      if (f.target === target) {
        f.target = open(f.tmp, constants.O_WRONLY).then((h) => ({ handle: h, direct: false }));
        await handle.close();
      }
      await this.writeAt(f, chunk, length, at);
    }
  }

  /** Gives the file's chunk back to the pool, once. */
  private release(f: OpenFile): void {
    giveChunk(f.buf);
    f.buf = NO_CHUNK;
  }

  /** Waits for the file's writes; its failure, if any, is thrown. */
  private async settle(f: OpenFile): Promise<void> {
    for (const w of f.writing.splice(0)) await w;
    this.check(f);
  }

  /** Writes what is left and closes every file, still under its temporary name; returns name → temporary path. */
  async close(): Promise<Map<string, string>> {
    for (const f of this.files.values()) {
      if (f.used) await this.send(f, true);
      else this.release(f);
      await this.settle(f);
      const { handle, direct } = await f.target;
      // The padding of the last direct write.
      if (direct) await handle.truncate(f.bytes);
      await handle.close();
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
      // Failures no longer matter: the file goes.
      this.release(f);
      for (const w of f.writing.splice(0)) await w;
      const target = await f.target.catch(() => null);
      await target?.handle.close().catch(() => {});
      await rm(f.tmp, { force: true });
    }
    this.files.clear();
  }
}
