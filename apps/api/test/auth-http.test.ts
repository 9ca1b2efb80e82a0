/**
 * The auth parts of issue #20 item 7 over HTTP: an Authorization header other than a valid
 * Bearer token does not lift the CSRF check on cookie-authenticated writes; HSTS with
 * COOKIE_SECURE.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestListener } from '../src/server.ts';
import { createTestApp, serveHttp, type TestApp } from './harness.ts';

let t: TestApp;
let stop: () => Promise<void>;
let base = '';
beforeAll(async () => {
  t = await createTestApp();
  ({ base, stop } = await serveHttp(t));
});
afterAll(async () => {
  await stop?.();
  await t?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body) });

async function cookieSession(tag: string): Promise<{ cookie: string; token: string; email: string }> {
  const email = `${tag}-${Date.now().toString(36)}@example.com`;
  const r = await post('auth.signUp', { email, password: 'long enough pw', displayName: 'Cookie', role: 'student', trainingConsent: true }, { 'x-satprep-client': 'web' });
  expect(r.status).toBe(200);
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, token: cookie.split('=')[1]!, email };
}

const stillThere = async (cookie: string) => (await fetch(`${base}/trpc/me.get`, { headers: { cookie } })).status;

describe('CSRF check with an Authorization header', () => {
  it('holds for a cookie-authenticated write that carries a non-Bearer Authorization header', async () => {
    const { cookie } = await cookieSession('basic');
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Digest username="x"', 'Bearer', 'Token abc']) {
      const r = await post('me.deleteAccount', undefined, { cookie, authorization });
      expect([authorization, r.status]).toEqual([authorization, 403]);
    }
    expect(await stillThere(cookie)).toBe(200);
  });

  it('a Bearer token that is not valid is no session and never falls back to the cookie', async () => {
    const { cookie } = await cookieSession('badbearer');
    const r = await post('me.deleteAccount', undefined, { cookie, authorization: 'Bearer not-a-real-token' });
    expect(r.status).toBe(401);
    expect(await stillThere(cookie)).toBe(200);
  });

  it('is lifted by a valid Bearer token (any case of the scheme), which authenticates the call', async () => {
    const { cookie, token } = await cookieSession('bearer');
    const r = await post('notes.add', { text: 'from a script', askTutor: false }, { authorization: `bearer ${token}` });
    expect(r.status).toBe(200);
    expect(await stillThere(cookie)).toBe(200);
  });
});

describe('HSTS', () => {
  const headersOf = async (cookieSecure: boolean) => {
    const server = http.createServer(createRequestListener({ ...t.app, config: { ...t.app.config, cookieSecure } }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`)).headers;
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  };

  it('is sent when COOKIE_SECURE=true, and not over plain HTTP', async () => {
    expect((await headersOf(true)).get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expect((await headersOf(false)).get('strict-transport-security')).toBeNull();
  });
});
