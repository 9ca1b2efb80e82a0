import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@satprep/domain/db';
import { cliEnv, MAIN } from './env.ts';
import { listEvalRuns } from '@satprep/eval';
import { fakeEndpoint } from '@satprep/eval/testing';

// #23 item 1: `satprep eval` against two local OpenAI-compatible servers, one that answers correctly and
// one with planted mistakes. The scorecard separates them check by check, the exit code gates a release,
// and both runs are stored for the admin screen.

let env: Record<string, string>;
let drop: (() => Promise<void>) | undefined;
let good: Awaited<ReturnType<typeof fakeEndpoint>>;
let bad: Awaited<ReturnType<typeof fakeEndpoint>>;

beforeAll(async () => {
  ({ env, drop } = await cliEnv('satprep-cli-eval-'));
  [good, bad] = await Promise.all([fakeEndpoint('good'), fakeEndpoint('bad')]);
});
afterAll(async () => {
  await good?.close();
  await bad?.close();
  await drop?.();
});

/** Runs the CLI without blocking this process (the fake endpoints answer from it). */
function satprep(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

type Card = { model: string; cases: number; errors: number; checks: Record<string, { rate: number | null }> };

describe('satprep eval', () => {
  it('passes the good endpoint, fails the one with planted mistakes on each check, and stores both runs', async () => {
    const g = await satprep(['eval', '--base-url', good.url, '--model', 'candidate-good', '--per-source', '6', '--concurrency', '8', '--json']);
    expect(g.err).not.toMatch(/under threshold/);
    expect(g.code).toBe(0);
    const gc = JSON.parse(g.out) as Card;
    expect(gc).toMatchObject({ model: 'candidate-good', errors: 0 });

    const b = await satprep(['eval', '--base-url', `${bad.url}`, '--model', 'candidate-bad', '--api-key', 'sk-secret', '--per-source', '6', '--concurrency', '8', '--json']);
    expect(b.code).toBe(1);
    const bc = JSON.parse(b.out) as Card;
    expect(bc.cases).toBe(gc.cases);
    // The planted mistakes: a wrong key, a leaked key in hints, invented numbers, a placeholder, an item id, contact details.
    for (const check of ['final_answer', 'key_leak', 'grounding', 'placeholder', 'internal_id', 'contact']) {
      expect(b.err, check).toMatch(new RegExp(`under threshold: .*${check} `));
      expect(gc.checks[check]!.rate!, check).toBeGreaterThan(bc.checks[check]!.rate!);
    }

    // Both runs are kept, newest first, with the failed cases of each check and the endpoint without its key.
    const orm = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : path.join(env.DATA_DIR!, 'pglite') });
    try {
      const runs = await listEvalRuns(orm.em.fork());
      expect(runs.map((r) => [r.model, r.passed])).toEqual([['candidate-bad', false], ['candidate-good', true]]);
      expect(runs[0]!.endpoint).toBe(bad.url);
      expect(JSON.stringify(runs)).not.toContain('sk-secret');
      expect(runs[0]!.failures.some((f) => f.check === 'key_leak')).toBe(true);
      expect(runs[1]!.failures.filter((f) => ['key_leak', 'placeholder', 'internal_id', 'contact'].includes(f.check))).toEqual([]);
      expect(runs[0]!.checks.final_answer.rate).toBe(bc.checks.final_answer!.rate);
    } finally {
      await orm.close();
    }
  }, 240_000);

  it('refuses a run without an endpoint or with a malformed one (exit 2), writing nothing', async () => {
    const none = await satprep(['eval', '--model', 'x']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('give --base-url and --model, or --offline');
    const bad = await satprep(['eval', '--base-url', 'localhost:1234', '--model', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--base-url must be an http(s) URL');
  });
});
