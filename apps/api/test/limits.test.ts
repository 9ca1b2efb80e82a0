import net from 'node:net';
import pg from 'pg';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Tutor } from '@satprep/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/server.ts';
import { settleExports } from '../src/services/export.ts';
import { OfflineTutor } from '@satprep/tutor';
import { createTestApp, serveHttp, type TestApp } from './harness.ts';

/** The offline tutor, counting the plan explanations it writes. */
function countingTutor() {
  const inner = new OfflineTutor();
  const calls = { planAdjustment: 0 };
  const tutor: Tutor = {
    modelId: inner.modelId,
    sessionFeedback: (r) => inner.sessionFeedback(r),
    explain: (r) => inner.explain(r),
    reply: (r) => inner.reply(r),
    planAdjustment: async (r) => {
      calls.planAdjustment++;
      // A remote model takes a while: the duplicates all arrive while the first is being prepared.
      await new Promise((res) => setTimeout(res, 50));
      return inner.planAdjustment(r);
    },
  };
  return { tutor, calls };
}

const counting = countingTutor();
let t: TestApp;
let http: Awaited<ReturnType<typeof serveHttp>>;
beforeAll(async () => {
  t = await createTestApp({
    tutor: counting.tutor,
    env: {
      EXPORT_DIR: mkdtempSync(path.join(tmpdir(), 'satprep-limits-')),
      WRITE_MAX_CALLS_PER_USER: '60',
      WRITE_CALL_WINDOW_SECONDS: '60',
      TUTOR_MAX_CALLS_PER_USER: '100000',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      INVITE_MAX_PER_USER: '3',
      INVITE_MAX_WRONG_CODES_PER_USER: '3',
    },
  });
  http = await serveHttp(t);
});
afterAll(async () => {
  await http?.stop();
  await t?.close();
});

const count = async (sql: string, params: unknown[] = []) => (await t.app.orm.em.fork().execute<{ n: number }[]>(sql, params))[0]!.n;
const post = (token: string, procs: string, body: unknown, batch = false) =>
  fetch(`${http.base}/trpc/${procs}${batch ? '?batch=1' : ''}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe('calls per batch', () => {
  it('refuses a batch of more than 10 calls with 400 and a clear message, running none of them', async () => {
    const s = await t.user();
    for (const direct of [true, false]) {
      const before = await count('select count(*)::int as n from practice_sessions where user_id = ?', [s.id]);
      const calls = 11;
      const inputs = Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { count: 3 }]));
      // tRPC's own adapter serves form posts and the like: the cap holds there too.
      const url = `${http.base}/trpc/${Array(calls).fill('practice.start').join(',')}?batch=1`;
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': direct ? 'application/json' : 'application/json; charset=utf-8', authorization: `Bearer ${s.token}` }, body: JSON.stringify(inputs) });
      expect(r.status).toBe(400);
      const body = (await r.json()) as { error: { message: string; data: { code: string } } }[];
      expect(body).toHaveLength(calls);
      expect(body[0]!.error).toMatchObject({ message: 'A request may carry at most 10 calls; this one has 11. Send them in smaller batches.', data: { code: 'BAD_REQUEST' } });
      expect(await count('select count(*)::int as n from practice_sessions where user_id = ?', [s.id])).toBe(before);
    }
    // Ten calls are fine.
    const ten = await post(s.token, Array(10).fill('practice.start').join(','), Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { count: 3 }])), true);
    expect(ten.status).toBe(200);
    expect(await count('select count(*)::int as n from practice_sessions where user_id = ?', [s.id])).toBe(10);
  });
});

describe('writes per user', () => {
  it('refuses writes past the budget with 429 and Retry-After; reads and other users go on', async () => {
    const s = await t.user();
    const other = await t.user();
    // A batch of 10 counts as 10 writes.
    for (let i = 0; i < 6; i++) {
      const r = await post(s.token, Array(10).fill('notes.add').join(','), Object.fromEntries(Array.from({ length: 10 }, (_, j) => [j, { text: `note ${i}-${j}`, askTutor: false }])), true);
      expect(r.status).toBe(200);
    }
    const refused = await post(s.token, 'notes.add', { text: 'one too many', askTutor: false });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { message: string; data: { code: string; retryAfterSeconds: number } } };
    expect(body.error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toMatch(/^Too many changes at once: at most 60 per 60 seconds\. Try again in \d+ seconds?\.$/);
    expect(await count('select count(*)::int as n from user_notes where user_id = ?', [s.id])).toBe(60);
    // Other procedures are writes too (not only tutor calls).
    await expect(s.api.practice.start({ count: 3 })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await expect(s.api.me.progress()).resolves.toBeTruthy();
    await expect(other.api.notes.add({ text: 'mine', askTutor: false })).resolves.toBeTruthy();
  });
});

describe('invites', () => {
  it('limits invite creation per user and wrong invite codes per student', async () => {
    const parent = await t.user({ role: 'parent' });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await parent.api.me.createInvite()).code);
    await expect(parent.api.me.createInvite()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^Too many invite codes created\. Try again in \d+ (minutes?|seconds?)\.$/) });

    const guesser = await t.user();
    for (const guess of ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC']) await expect(guesser.api.me.acceptInvite({ code: guess })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Past the limit even a right code is refused unchecked, so guessing stops paying off.
    await expect(guesser.api.me.acceptInvite({ code: codes[0]! })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another student with a real code is not affected; a right code does not count.
    const child = await t.user();
    await expect(child.api.me.acceptInvite({ code: codes[0]! })).resolves.toMatchObject({ guardian: { id: parent.id } });
    await expect(child.api.me.acceptInvite({ code: codes[1]! })).resolves.toBeTruthy();
  });
});

describe('slow and greedy clients', () => {
  /** Sends `data` on a raw connection and resolves with what the server sent before closing it, and when. */
  const rawExchange = (port: number, data: string, waitMs = 6000) =>
    new Promise<{ response: string; closedAfterMs: number }>((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
      let response = '';
      socket.on('data', (d) => (response += d.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ response, closedAfterMs: Date.now() - started }));
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`still open after ${waitMs} ms`));
      }, waitMs);
    });
  const port = () => Number(new URL(http.base).port);

  it('closes a connection whose headers do not arrive in time (408)', async () => {
    const { response, closedAfterMs } = await rawExchange(port(), 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('closes a connection whose body does not arrive in time (408), without running the call', async () => {
    const s = await t.user();
    const before = await count('select count(*)::int as n from user_notes where user_id = ?', [s.id]);
    const head = `POST /trpc/notes.add HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization: Bearer ${s.token}\r\nContent-Length: 200\r\n\r\n{"text":"slow`;
    const { response, closedAfterMs } = await rawExchange(port(), head);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(5000);
    expect(await count('select count(*)::int as n from user_notes where user_id = ?', [s.id])).toBe(before);
  });

  it('refuses connections past the cap', async () => {
    const server = createHttpServer({ ...t.app, config: { ...t.app.config, http: { ...t.app.config.http, maxConnections: 2 } } });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const p = (server.address() as AddressInfo).port;
    const open = () => new Promise<net.Socket>((r) => { const s = net.connect(p, '127.0.0.1', () => r(s)); s.on('error', () => {}); });
    const held = [await open(), await open()];
    try {
      await new Promise((r) => setTimeout(r, 50));
      const third = await rawExchange(p, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n', 3000);
      expect(third.response).toBe('');
      held.forEach((s) => s.destroy());
      await new Promise((r) => setTimeout(r, 50));
      const r = await fetch(`http://127.0.0.1:${p}/healthz`);
      expect(r.status).toBe(200);
    } finally {
      held.forEach((s) => s.destroy());
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r(undefined)));
    }
  });
});

describe('client errors are not server errors', () => {
  it('answers 400 for a NUL byte in the dataset search', async () => {
    const admin = await t.admin();
    await expect(admin.api.data.examples({ search: 'quadr\u0000atic' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('NUL byte') });
    const r = await fetch(`${http.base}/trpc/data.examples?input=${encodeURIComponent(JSON.stringify({ search: 'a\u0000b' }))}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(r.status).toBe(400);
    expect(await r.text()).not.toMatch(/0x00|byte sequence|UTF8/);
  });

  it('fifty concurrent duplicates of studyPlan.act all get the same result, and the tutor is asked once', async () => {
    const s = await t.user();
    const plan = await s.api.studyPlan.get();
    const before = counting.calls.planAdjustment;
    const input = { planId: plan.planId, taskIndex: 0, action: 'skipped' as const, reason: 'busy week', clientEventId: 'dup-act-000000001' };
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, async () => (await t.as(s.token)).studyPlan.act(input)));
    const failed = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as { code: string; message: string });
    expect(failed).toEqual([]);
    const ids = new Set(outcomes.map((o) => (o as PromiseFulfilledResult<{ actionId: number }>).value.actionId));
    expect(ids.size).toBe(1);
    expect(counting.calls.planAdjustment - before).toBe(1);
    expect(await count('select count(*)::int as n from study_plan_actions where user_id = ?', [s.id])).toBe(1);
    // A later retry replays too.
    await expect(s.api.studyPlan.act(input)).resolves.toMatchObject({ actionId: [...ids][0] });
  });

  it('a failed export tells the client and export_runs a generic message with an error id, not the database text', async () => {
    const admin = await t.admin();
    const em = t.app.orm.em.fork();
    await em.execute('alter table help_requests rename to help_requests_away');
    const errors: unknown[][] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await admin.api.data.export({ format: 'seed', mix: 'real' }).catch(() => undefined);
      await settleExports();
    } finally {
      console.error = log;
      await em.execute('alter table help_requests_away rename to help_requests');
    }
    const [run] = await em.execute<{ status: string; error: string }[]>('select status, error from export_runs order by id desc limit 1');
    expect(run!.status).toBe('failed');
    expect(run!.error).toMatch(/^Export failed \(error id ([0-9a-f]{8})\)\. The details are in the server log\.$/);
    expect(run!.error).not.toMatch(/help_requests|relation|does not exist/);
    const listed = (await admin.api.data.exportRuns())[0]!;
    expect(listed.error).toBe(run!.error);
    // The details went to the server log, under the same id.
    const errorId = /error id ([0-9a-f]{8})/.exec(run!.error)![1]!;
    expect(errors.some((args) => String(args[0]).includes(errorId) && String(args.slice(1).map((a) => (a instanceof Error ? a.message : a))).includes('help_requests'))).toBe(true);
  });
});

// The database is taken away from the PostgreSQL side, so this needs a real server (as faults.test.ts).
describe.skipIf(!process.env.DATABASE_URL)('database outage', () => {
  it('answers 503 with Retry-After instead of 500, and recovers', async () => {
    const other = await createTestApp({ env: { WRITE_MAX_CALLS_PER_USER: '100000' } });
    const server = await serveHttp(other);
    const pgAdmin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await pgAdmin.connect();
    const dbName = (await other.app.orm.em.fork().execute<{ db: string }[]>('select current_database() as db'))[0]!.db;
    try {
      const s = await other.user();
      const signUp = () => fetch(`${server.base}/trpc/auth.signUp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `outage-${Math.random()}@example.com`, password: 'correct horse battery', displayName: 'Out Age', role: 'student', trainingConsent: true }) });
      await pgAdmin.query(`alter database "${dbName}" allow_connections false`);
      await pgAdmin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
      const calls = [
        signUp,
        () => fetch(`${server.base}/trpc/me.progress`, { headers: { authorization: `Bearer ${s.token}` } }),
        () => fetch(`${server.base}/trpc/notes.add`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: '{"text":"during the outage","askTutor":false}' }),
        () => fetch(`${server.base}/trpc/me.get`, { headers: { authorization: 'Bearer an-unknown-token' } }),
      ];
      for (const call of calls) {
        const r = await call();
        expect(r.status).toBe(503);
        expect(r.headers.get('retry-after')).toBe('5');
        const body = (await r.json()) as { error: { message: string; data: { code: string } } };
        expect(body.error.data.code).toBe('SERVICE_UNAVAILABLE');
        expect(body.error.message).toBe('The service is briefly unavailable. Please try again in a few seconds.');
      }
      await pgAdmin.query(`alter database "${dbName}" allow_connections true`);
      await expect.poll(async () => (await signUp()).status, { timeout: 10_000, interval: 200 }).toBe(200);
    } finally {
      await pgAdmin.query(`alter database "${dbName}" allow_connections true`).catch(() => {});
      await pgAdmin.end();
      await server.stop();
      await other.close();
    }
  });
});
