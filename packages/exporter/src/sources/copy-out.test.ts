import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CopyOut } from './copy-out.ts';

/** One backend message: a code, a 32-bit length (itself included) and the body. */
function message(code: string, body: Buffer | string = ''): Buffer {
  const b = Buffer.from(body);
  const head = Buffer.alloc(5);
  head[0] = code.charCodeAt(0);
  head.writeInt32BE(b.length + 4, 1);
  return Buffer.concat([head, b]);
}

/** COPY data as messages of up to `size` bytes each, with the messages PostgreSQL may put around and between them. */
function copyMessages(data: Buffer, size: number): Buffer {
  const parts = [message('H', Buffer.from([1, 0, 1, 0, 1])), message('S', 'TimeZone\0UTC\0')];
  for (let i = 0; i < data.length; i += size) {
    parts.push(message('d', data.subarray(i, i + size)));
    if (i === size) parts.push(message('N', 'notice\0'));
  }
  return Buffer.concat(parts);
}

const DONE = Buffer.concat([message('c'), message('C', 'COPY 3\0'), message('Z', 'I')]);
const FAILED = Buffer.concat([message('E', 'SERROR\0Mdivision by zero\0\0'), message('Z', 'I')]);

/** A connection as pg's submittables see it: a socket pg reads through one 'data' listener. */
function fakeConnection() {
  const stream = new PassThrough();
  const pgReceived: Buffer[] = [];
  stream.on('data', (b: Buffer) => pgReceived.push(Buffer.from(b)));
  const sent: string[] = [];
  return { stream, pgReceived, sent, connection: { stream, query: (text: string) => void sent.push(text) } };
}

/** Feeds `bytes` in chunks of `size` while a reader collects the COPY data; pg's part is then pg's. */
async function run(bytes: Buffer, size: number) {
  const c = fakeConnection();
  const copy = new CopyOut('COPY (select 1) TO STDOUT (FORMAT binary)');
  copy.submit(c.connection);
  const data: Buffer[] = [];
  const reading = (async () => {
    for await (const chunk of copy.chunks()) data.push(Buffer.from(chunk));
  })();
  for (let i = 0; i < bytes.length; i += size) {
    c.stream.write(Buffer.from(bytes.subarray(i, i + size)));
    // Let the reader take chunks now and then, so that the socket is paused and resumed.
    if ((i / size) % 7 === 6) await new Promise(setImmediate);
  }
  await new Promise(setImmediate);
  return { ...c, copy, data, reading };
}

describe('CopyOut', () => {
  const payload = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 256));

  it('passes on the COPY data without message headers and gives pg what follows CopyDone, whatever the chunk boundaries', async () => {
    for (const messageSize of [1, 13, 600]) {
      const bytes = Buffer.concat([copyMessages(payload, messageSize), DONE]);
      for (const size of [1, 2, 4, 5, 6, 64, bytes.length]) {
        const r = await run(bytes, size);
        r.copy.handleReadyForQuery();
        await r.reading;
        expect(r.sent).toEqual(['COPY (select 1) TO STDOUT (FORMAT binary)']);
        expect(Buffer.concat(r.data).equals(payload), `messages of ${messageSize}, chunks of ${size}`).toBe(true);
        expect(Buffer.concat(r.pgReceived).equals(DONE.subarray(5)), `messages of ${messageSize}, chunks of ${size}`).toBe(true);
        expect(r.stream.isPaused()).toBe(false);
      }
    }
  });

  it('gives pg an error from its first byte on, and fails the reader with the error pg reports', async () => {
    const bytes = Buffer.concat([copyMessages(payload, 50), FAILED]);
    for (const size of [1, 3, 64, bytes.length]) {
      const r = await run(bytes, size);
      expect(Buffer.concat(r.pgReceived).equals(FAILED), `chunks of ${size}`).toBe(true);
      r.copy.handleError(new Error('division by zero'));
      r.copy.handleReadyForQuery();
      await expect(r.reading).rejects.toThrow('division by zero');
    }
  });

  it('pauses the socket while chunks wait for the reader, and resumes it as they are taken', async () => {
    const c = fakeConnection();
    const copy = new CopyOut('COPY x TO STDOUT');
    copy.submit(c.connection);
    const bytes = copyMessages(payload, 20);
    for (let i = 0; i < bytes.length; i += 40) c.stream.write(Buffer.from(bytes.subarray(i, i + 40)));
    expect(c.stream.isPaused()).toBe(true);
    const taken: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of copy.chunks()) taken.push(Buffer.from(chunk));
    })();
    await new Promise(setImmediate);
    c.stream.write(DONE);
    await new Promise(setImmediate);
    copy.handleReadyForQuery();
    await reading;
    expect(Buffer.concat(taken).equals(payload)).toBe(true);
    expect(c.stream.isPaused()).toBe(false);
  });
});
