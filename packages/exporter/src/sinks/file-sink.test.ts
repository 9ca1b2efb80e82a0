import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicDirSink } from './file-sink.ts';

const newDir = () => mkdtempSync(path.join(tmpdir(), 'satprep-sink-'));

describe('AtomicDirSink', () => {
  // Direct writes (the default: around the page cache, whole blocks, the last one cut back) and
  // writes through the page cache must publish the same bytes.
  it.each([true, false])('publishes files whose bytes, lines and sha256 match what was written, across many reused chunks (direct I/O %s)', async (directIo) => {
    const dir = newDir();
    const sink = await AtomicDirSink.open(dir, { directIo });
    const expected = { 'a.jsonl': [] as string[], 'b.jsonl': [] as string[] };
    for (let i = 0; i < 30_000; i++) {
      const name = i % 3 === 0 ? 'b.jsonl' : 'a.jsonl';
      // Lines of every size, multibyte text included, some longer than a chunk, one longer than the
      // shared pool of chunks (16 MB).
      const line = i === 20_000 ? 'y'.repeat(17 << 20) : i % 5000 === 7 ? `${'é'.repeat(150_000)}${i}` : `{"n":${i},"t":"${'ü😀x'.repeat(i % 40)}"}`;
      expected[name].push(line);
      // Some lines as encoded bytes, as the export's prepared lines are written.
      const pending = i % 4 === 1 ? sink.writeEncodedLine(name, Buffer.from(`--${line}\n--`), 2, Buffer.byteLength(line) + 3) : sink.writeLine(name, line);
      if (pending && i % 2 === 0) await pending;
    }
    const files = await sink.commit();
    for (const f of files) {
      const text = `${expected[f.name as keyof typeof expected].join('\n')}\n`;
      const bytes = readFileSync(path.join(dir, f.name));
      expect(bytes.toString('utf8') === text, f.name).toBe(true);
      expect(f).toEqual({ name: f.name, bytes: Buffer.byteLength(text), lines: expected[f.name as keyof typeof expected].length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  });

  it('aborts while chunks are still being written without an error escaping, and leaves nothing behind', async () => {
    const dir = newDir();
    const sink = await AtomicDirSink.open(dir);
    for (let i = 0; i < 20_000; i++) {
      const pending = sink.writeLine('a.jsonl', 'x'.repeat(300));
      if (pending) await pending;
    }
    await sink.abort();
    // An error of a write still under way would surface here as an unhandled error of the test run.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('shares its pool of chunks between sinks without two files ever writing from one chunk, also after an abort', async () => {
    const write = async (sink: AtomicDirSink, tag: string, lines: number) => {
      for (let i = 0; i < lines; i++) {
        const pending = sink.writeLine(`${tag}.jsonl`, `${tag}-${i}-${'z'.repeat(i % 700)}`);
        if (pending) await pending;
      }
    };
    const aborted = await AtomicDirSink.open(newDir());
    await write(aborted, 'x', 5_000);
    await aborted.abort();
    const dirs = [newDir(), newDir()];
    const sinks = await Promise.all(dirs.map((d) => AtomicDirSink.open(d)));
    // Both at once: their chunks come from the same pool.
    await Promise.all([write(sinks[0]!, 'a', 8_000), write(sinks[1]!, 'b', 8_000)]);
    await Promise.all(sinks.map((s) => s.commit()));
    for (const [k, tag] of ['a', 'b'].entries()) {
      const lines = readFileSync(path.join(dirs[k]!, `${tag}.jsonl`), 'utf8').split('\n');
      expect(lines.length).toBe(8_001);
      expect(lines.every((l, i) => i === 8_000 ? l === '' : l === `${tag}-${i}-${'z'.repeat(i % 700)}`)).toBe(true);
    }
  });
});
