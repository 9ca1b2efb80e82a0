// The direct tRPC handler (src/trpc-http.ts) must answer exactly as tRPC's own adapter: the same
// requests go to a server using it and to one using only tRPC's adapter, over the same app and
// database, and status, the headers clients read, and body must match.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/root.ts';
import { createContext, trpcOptions } from '../src/trpc.ts';
import { createDirectTrpcHandler, procedureTypes } from '../src/trpc-http.ts';
import { createTestApp, serveHttp, type TestApp } from './harness.ts';

let t: TestApp;
let direct: { base: string; stop: () => Promise<void> };
let adapter: { base: string; stop: () => Promise<void> };
let student: { token: string; email: string };
beforeAll(async () => {
  t = await createTestApp({ env: { SIGNIN_FREE_FAILURES_PER_PAIR: '2', SIGNUP_MAX_PER_IP: '100000', TUTOR_MAX_CALLS_PER_USER: '100000', WRITE_MAX_CALLS_PER_USER: '100000' } });
  direct = await serveHttp(t);
  adapter = await serveHttp(t, { directTrpc: false });
  student = await t.user();
});
afterAll(async () => {
  await direct?.stop();
  await adapter?.stop();
  await t?.close();
});

interface Req { path: string; method?: 'GET' | 'POST' | 'HEAD'; body?: string; headers?: Record<string, string> }

async function send(base: string, r: Req) {
  const res = await fetch(`${base}/trpc/${r.path}`, { method: r.method ?? 'POST', headers: r.headers ?? {}, ...(r.body !== undefined ? { body: r.body } : {}) });
  const text = await res.text();
  const mask = (s: string) => s.replace(/satprep_session=[\w-]+/g, 'satprep_session=<token>').replace(/"token":"[\w-]+"/g, '"token":"<token>"');
  return {
    status: res.status,
    headers: Object.fromEntries(['content-type', 'vary', 'retry-after', 'set-cookie'].map((h) => [h, res.headers.get(h) && mask(res.headers.get(h)!)])),
    body: text ? (JSON.parse(mask(text)) as unknown) : '',
  };
}

/** Sends the request to both servers (the tRPC adapter first) and expects the same answer; returns it. */
async function same(r: Req) {
  const expected = await send(adapter.base, r);
  const actual = await send(direct.base, r);
  expect(actual).toEqual(expected);
  return actual;
}

const json = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const q = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(input))}`;

describe('direct tRPC handler', () => {
  it('answers successful queries and mutations like tRPC', async () => {
    expect((await same({ path: 'me.get', method: 'GET', headers: bearer(student.token) })).body).toMatchObject({ result: { data: { email: student.email } } });
    await same({ path: `practice.history?${q(undefined)}`, method: 'GET', headers: bearer(student.token) });
    await same({ path: 'notes.list', method: 'GET', headers: bearer(student.token) });
    const consent = await same({ path: 'me.setConsent', body: JSON.stringify({ trainingConsent: true }), headers: json(student.token) });
    expect(consent.status).toBe(200);
  });

  it('answers input, auth and lookup errors like tRPC', async () => {
    const cases: Req[] = [
      { path: 'me.get', method: 'GET' }, // no session
      { path: 'practice.rateFeedback', body: JSON.stringify({ feedbackId: 987654, rating: 5, clientEventId: crypto.randomUUID() }), headers: json(student.token) }, // NOT_FOUND
      { path: 'practice.rateFeedback', body: JSON.stringify({ feedbackId: 'x', rating: 9 }), headers: json(student.token) }, // zod
      { path: 'practice.rateFeedback', body: '{"feedbackId": 1,', headers: json(student.token) }, // malformed JSON
      { path: 'practice.rateFeedback', body: '', headers: json(student.token) }, // empty body
      { path: 'practice.rateFeedback', body: '{"feedbackId": 1,', headers: json() }, // no session: auth fails before the body is read
      { path: 'practice.review', method: 'GET', headers: bearer(student.token) }, // query without its input
      { path: `practice.review?input=%7Bbroken`, method: 'GET', headers: bearer(student.token) },
      { path: `practice.review?${q({ sessionId: 424242 })}`, method: 'GET', headers: bearer(student.token) },
      { path: 'auth.signIn', body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(300 * 1024) }), headers: json() }, // too large
      { path: 'auth.signIn', body: '\uFEFF' + JSON.stringify({ email: 'nobody@example.com', password: 'whatever it is' }), headers: json() },
    ];
    const statuses = [];
    for (const c of cases) statuses.push((await same(c)).status);
    expect(statuses).toEqual([401, 404, 400, 400, 400, 401, 400, 400, 404, 413, 401]);
  });

  it('hands wrong methods, unknown paths and other content types to tRPC', async () => {
    const cases: Req[] = [
      { path: 'me.get', body: '{}', headers: json(student.token) }, // POST to a query
      { path: 'me.setConsent', method: 'GET', headers: bearer(student.token) }, // GET to a mutation
      { path: 'no.such', body: '{}', headers: json() },
      { path: 'no.such', method: 'GET' },
      { path: 'me.setConsent', body: JSON.stringify({ trainingConsent: true }), headers: { ...bearer(student.token), 'content-type': 'text/plain' } },
      { path: 'me.get,no.such?batch=1', method: 'GET', headers: bearer(student.token) },
      { path: 'me.get?connectionParams=1', method: 'GET', headers: bearer(student.token) },
      { path: 'me.get', method: 'GET', headers: { ...bearer(student.token), 'content-type': 'multipart/form-data; boundary=x' } },
      { path: 'me.get', method: 'GET', headers: { ...bearer(student.token), accept: 'text/html, application/jsonl' } }, // streaming must be batched
    ];
    const statuses = [];
    for (const c of cases) statuses.push((await same(c)).status);
    expect(statuses).toEqual([405, 405, 404, 404, 415, 207, 400, 405, 400]);
    // A streamed batch (httpBatchStreamLink) gets JSON lines from tRPC's adapter.
    const streamed = await fetch(`${direct.base}/trpc/me.get?batch=1`, { headers: { ...bearer(student.token), accept: 'application/jsonl' } });
    expect(streamed.headers.get('content-type')).toContain('application/json');
    expect((await streamed.text()).trim().split('\n').length).toBeGreaterThan(1);
  });

  it('answers a call that fails before reading its input without waiting for the body', async () => {
    const { port } = new URL(direct.base);
    const status = await new Promise<number>((resolve, reject) => {
      // Announces 100 bytes, sends 5 and never the rest: no session, so the answer is 401 at once.
      const req = http.request({ host: '127.0.0.1', port, path: '/trpc/me.setConsent', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 100 } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"tra');
      setTimeout(() => reject(new Error('no answer within 3 s')), 3000).unref();
    });
    expect(status).toBe(401);
  });

  it('answers batched calls like tRPC, including mixed results (207)', async () => {
    const ok = await same({ path: `me.get,practice.history?batch=1&${q({})}`, method: 'GET', headers: bearer(student.token) });
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(2);
    const mixed = await same({ path: `me.get,practice.review?batch=1&${q({ 1: { sessionId: 424242 } })}`, method: 'GET', headers: bearer(student.token) });
    expect(mixed.status).toBe(207);
    const writes = await same({ path: 'me.setConsent,me.setConsent?batch=1', body: JSON.stringify({ 0: { trainingConsent: true }, 1: { trainingConsent: 'no' } }), headers: json(student.token) });
    expect(writes.status).toBe(207);
    expect((await same({ path: 'me.setConsent?batch=1', body: '[true]', headers: json(student.token) })).status).toBe(400);
    expect((await same({ path: 'me.setConsent?batch=1', body: '"x"', headers: json(student.token) })).status).toBe(400);
  });

  it('sets cookies and Retry-After like tRPC', async () => {
    const signIn = await same({ path: 'auth.signIn', body: JSON.stringify({ email: student.email, password: 'correct horse battery' }), headers: { ...json(), 'x-satprep-client': 'web' } });
    expect(signIn.headers['set-cookie']).toMatch(/^satprep_session=<token>; Path=\/; HttpOnly/);
    // Wrong passwords until the per email+IP limit answers TOO_MANY_REQUESTS with a retry time.
    const wrong = { path: 'auth.signIn', body: JSON.stringify({ email: student.email, password: 'wrong password!' }), headers: json() };
    await send(adapter.base, wrong);
    await send(adapter.base, wrong);
    const limited = await same(wrong);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('direct tRPC handler under random requests', () => {
  // Everything but calls that end the session the other requests use.
  // Calls that end the student's sessions would make every later call a 401 on one side only.
  const SESSION_ENDING = new Set(['auth.signOut', 'auth.signOutEverywhere', 'me.deleteAccount', 'me.changePassword']);
  const types = procedureTypes(appRouter);
  const paths = [...types.keys()].filter((p) => !SESSION_ENDING.has(p));
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ feedbackId: fc.oneof(fc.integer(), fc.string()), rating: fc.integer({ min: -1, max: 7 }), clientEventId: fc.oneof(fc.uuid(), fc.string()) }, { requiredKeys: [] }),
    fc.record({ sessionId: fc.integer(), questionId: fc.string(), query: fc.string(), text: fc.string({ unit: 'binary' }), trainingConsent: fc.boolean() }, { requiredKeys: [] }),
  );
  const ofType = (type: string) => paths.filter((p) => types.get(p) === type);
  // Mostly the procedure's own method, single or batched; sometimes the wrong method or a made-up path.
  const target = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('query', 'mutation').chain((type) => fc.record({
      path: fc.tuple(fc.uniqueArray(fc.constantFrom(...ofType(type)), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([ps, batch]) => (batch ? `${ps.join(',')}?batch=1` : ps[0]!)),
      post: fc.oneof({ weight: 4, arbitrary: fc.constant(type === 'mutation') }, { weight: 1, arbitrary: fc.boolean() }),
    })) },
    { weight: 1, arbitrary: fc.record({ path: fc.string({ maxLength: 20 }).map(encodeURIComponent), post: fc.boolean() }) },
  );
  const request = fc.record({
    target,
    body: fc.oneof(value.map((v) => JSON.stringify(v) ?? ''), fc.dictionary(fc.constantFrom('0', '1', '2'), value).map((v) => JSON.stringify(v)), fc.string({ unit: 'binary', maxLength: 80 })),
    signedIn: fc.boolean(),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', undefined),
  });

  it('answers like tRPC, never with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { path, post } = r.target;
        const query = post || !r.body ? '' : `${path.includes('?') ? '&' : '?'}input=${encodeURIComponent(r.body)}`;
        const req: Req = {
          path: path + query, method: post ? 'POST' : 'GET',
          headers: { ...(r.contentType ? { 'content-type': r.contentType } : {}), ...(r.signedIn ? bearer(student.token) : {}) },
          ...(post ? { body: r.body } : {}),
        };
        const expected = await send(adapter.base, req);
        const actual = await send(direct.base, req);
        expect(expected.status).toBeLessThan(500);
        expect(actual.status).toBeLessThan(500);
        // Successes can differ in content (a new id, a replay, a timestamp); the tests above compare those bodies.
        if (expected.status < 300) expect(actual.status).toBeLessThan(300);
        else expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('direct tRPC handler failures outside a procedure', () => {
  it('answers 500 and reports the error when a result cannot be encoded, and keeps serving', async () => {
    const tt = initTRPC.create();
    const router = tt.router({ big: tt.procedure.query(() => ({ n: 1n })), ok: tt.procedure.query(() => 'fine') });
    const errors: string[] = [];
    const handler = createDirectTrpcHandler({
      router, errorFormatter: ({ shape }) => shape, isDev: false, basePath: '/trpc/', maxBodySize: 1024, createContext: async () => ({}), headersFor: () => ({}),
      onError: ({ error }) => void errors.push(error.code), fallback: (_req, res) => void res.writeHead(599).end(),
    });
    const server = http.createServer((req, res) => handler(req, res, new URL(req.url!, 'http://localhost')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await fetch(`${base}/trpc/big`);
      expect(r.status).toBe(500);
      expect(await r.json()).toMatchObject({ error: { data: { code: 'INTERNAL_SERVER_ERROR' } } });
      expect(errors).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(await (await fetch(`${base}/trpc/ok`)).json()).toEqual({ result: { data: 'fine' } });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('direct tRPC handler routing', () => {
  it('serves plain calls itself and hands the rest to the fallback', async () => {
    const fellBack: string[] = [];
    const handler = createDirectTrpcHandler({
      router: appRouter, ...trpcOptions, basePath: '/trpc/', maxBodySize: 1024,
      createContext: (req) => createContext(t.app, { token: req.headers.authorization?.slice(7), setSessionCookie: () => {} }),
      headersFor: () => ({}), onError: () => {},
      fallback: (req, res) => {
        fellBack.push(`${req.method} ${req.url}`);
        res.writeHead(599).end();
      },
    });
    const server = http.createServer((req, res) => handler(req, res, new URL(req.url!, 'http://localhost')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const served = [
        await send(base, { path: 'me.get', method: 'GET', headers: bearer(student.token) }),
        await send(base, { path: 'me.get,practice.history?batch=1', method: 'GET', headers: bearer(student.token) }),
        await send(base, { path: 'me.setConsent', body: JSON.stringify({ trainingConsent: true }), headers: json(student.token) }),
        await send(base, { path: 'auth.signIn', body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2000) }), headers: json() }),
      ];
      expect(served.map((r) => r.status)).toEqual([200, 200, 200, 413]);
      expect(fellBack).toEqual([]);
      const handedOver: Req[] = [
        { path: 'me.get', body: '{}', headers: json(student.token) },
        { path: 'no.such', method: 'GET' as const },
        { path: 'me.setConsent', body: '{}', headers: { 'content-type': 'text/plain' } },
        { path: 'me.get', method: 'GET' as const, headers: { 'trpc-accept': 'application/jsonl' } },
        { path: 'me.get?batch=1', method: 'GET' as const, headers: { accept: 'application/jsonl' } },
        { path: 'me.get', method: 'GET' as const, headers: { 'content-type': 'application/octet-stream' } },
      ];
      for (const r of handedOver) expect((await send(base, r)).status).toBe(599);
      expect(fellBack).toEqual(['POST /trpc/me.get', 'GET /trpc/no.such', 'POST /trpc/me.setConsent', 'GET /trpc/me.get', 'GET /trpc/me.get?batch=1', 'GET /trpc/me.get']);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
