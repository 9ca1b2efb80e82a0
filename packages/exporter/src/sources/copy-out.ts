import type { Readable } from 'node:stream';

// Backend message codes of PostgreSQL's protocol (version 3) met during a COPY TO.
const COPY_DATA = 0x64; // d
const COPY_DONE = 0x63; // c
const COPY_OUT_RESPONSE = 0x48; // H
const NOTICE_RESPONSE = 0x4e; // N
const PARAMETER_STATUS = 0x53; // S
const NOTIFICATION_RESPONSE = 0x41; // A
/** Messages that may come between CopyData messages and carry nothing for us. */
const SKIPPED = new Set([COPY_OUT_RESPONSE, NOTICE_RESPONSE, PARAMETER_STATUS, NOTIFICATION_RESPONSE]);

/** Chunks waiting for the reader before the socket is paused. */
const MAX_QUEUED = 4;

/** What a pg submittable gets of the connection (pg's Connection). */
interface PgConnection {
  stream: Readable;
  query(text: string): void;
}

/**
 * `COPY (...) TO STDOUT` as a pg submittable (`client.query(copyOut)`), read as the bytes of the
 * COPY data itself, network chunk by network chunk. Each CopyData message's 5-byte header is cut
 * out of the chunk in place: no object per row (pg-copy-streams slices every message into a
 * buffer of its own and joins them again, and the garbage of both made a tenth of the export's
 * work). From the query to CopyDone the connection's bytes come here; what follows (command
 * complete and ready, or an error and ready) goes back to pg's own parser, which then calls this
 * query's handlers like any query's. The socket is paused while MAX_QUEUED chunks wait.
 */
export class CopyOut {
  readonly text: string;
  private connection: PgConnection | undefined;
  private pgOnData: ((chunk: Buffer) => void) | undefined;
  private readonly onData = (chunk: Buffer) => this.parse(chunk);
  private readonly queue: Buffer[] = [];
  private paused = false;
  private failure: Error | null = null;
  private finished = false;
  private wake: (() => void) | null = null;
  // A message header split across chunks, the current message's code and the body bytes still to come.
  private readonly header = Buffer.alloc(5);
  private headerBytes = 0;
  private code = 0;
  private remaining = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Called by pg when the query's turn comes. */
  submit(connection: PgConnection): void {
    this.connection = connection;
    const stream = connection.stream;
    const listeners = stream.listeners('data') as ((chunk: Buffer) => void)[];
    if (listeners.length !== 1) throw new Error(`Expected pg to be the connection's only reader, found ${listeners.length}`);
    this.pgOnData = listeners[0]!;
    stream.removeListener('data', this.pgOnData);
    stream.on('data', this.onData);
    connection.query(this.text);
  }

  handleError(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.finished = true;
    this.notify();
  }

  /** The COPY data, chunk by chunk (views of the network's buffers, which are not reused). */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.failure) throw this.failure;
      const chunk = this.queue.shift();
      if (chunk) {
        if (this.paused && this.queue.length < MAX_QUEUED) {
          this.paused = false;
          this.connection!.stream.resume();
        }
        yield chunk;
      } else if (this.finished) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private parse(chunk: Buffer) {
    // CopyData bodies are moved to the front of the chunk, over the headers before them.
    let out = 0;
    let pos = 0;
    while (pos < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - pos);
        if (this.code === COPY_DATA) {
          if (out !== pos) chunk.copyWithin(out, pos, pos + n);
          out += n;
        }
        pos += n;
        this.remaining -= n;
        continue;
      }
      const headerStart = pos - this.headerBytes;
      while (this.headerBytes < 5 && pos < chunk.length) this.header[this.headerBytes++] = chunk[pos++]!;
      if (this.headerBytes < 5) break;
      this.headerBytes = 0;
      this.code = this.header[0]!;
      this.remaining = this.header.readInt32BE(1) - 4;
      if (this.code === COPY_DATA || SKIPPED.has(this.code)) continue;
      // CopyDone: what follows is pg's. Anything else (an error): pg's, from its header on.
      const rest = this.code === COPY_DONE ? chunk.subarray(pos) : headerStart >= 0 ? chunk.subarray(headerStart) : Buffer.concat([this.header, chunk.subarray(pos)]);
      this.remaining = 0;
      this.detach(rest);
      break;
    }
    if (out > 0) this.push(chunk.subarray(0, out));
  }

  private push(data: Buffer) {
    this.queue.push(data);
    if (!this.paused && this.queue.length >= MAX_QUEUED && this.pgOnData) {
      this.paused = true;
      this.connection!.stream.pause();
    }
    this.notify();
  }

  /** Hands the connection back to pg, with the bytes it has not read. */
  private detach(rest: Buffer) {
    const stream = this.connection!.stream;
    const pgOnData = this.pgOnData!;
    this.pgOnData = undefined;
    stream.removeListener('data', this.onData);
    stream.on('data', pgOnData);
    if (rest.length) pgOnData(rest);
    this.paused = false;
    stream.resume();
  }
}
