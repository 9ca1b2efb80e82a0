import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP server', () => {
  it('reports health only when the database answers and is migrated', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', detail: 'ok' });
  });

  it('signs in with an httpOnly SameSite cookie and requires the client header for cookie-authenticated writes', async () => {
    const signUp = await post('auth.signUp', { email: 'cookie@example.com', password: 'long enough pw', displayName: 'Cookie', role: 'student', trainingConsent: true }, { 'x-satprep-client': 'web' });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^satprep_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const session = cookie.split(';')[0]!;

    const me = await fetch(`${base}/trpc/me.get`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).result.data.email).toBe('cookie@example.com');

    const forged = await post('notes.add', { text: 'forged', askTutor: false }, { cookie: session });
    expect(forged.status).toBe(403);
    const ok = await post('notes.add', { text: 'mine', askTutor: false }, { cookie: session, 'x-satprep-client': 'web' });
    expect(ok.status).toBe(200);
  });

  it('answers bad input with a 400 and field errors, never a stack trace', async () => {
    const r = await post('auth.signUp', { email: 'nope', password: 'x', displayName: '', role: 'student', trainingConsent: 'yes' });
    expect(r.status).toBe(400);
    const body = (await r.json()) as any;
    expect(body.error.data.zodError.fieldErrors).toHaveProperty('email');
    expect(JSON.stringify(body)).not.toContain('stack');
    expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+/);
  });

  it('answers malformed cookies and URLs with a 4xx and stays up', async () => {
    // Each of these used to throw inside the request listener, which ends the process.
    expect((await fetch(`${base}/trpc/me.get`, { headers: { cookie: 'satprep_session=%E0' } })).status).toBe(401);
    expect((await fetch(`${base}/exports/1/%E0`)).status).toBe(400);
    expect((await fetch(`${base}/%E0`)).status).toBe(400);
    const raw = await new Promise<number>((resolve, reject) => {
      const u = new URL(base);
      // An absolute-form request target that is not a valid URL.
      const req = http.request({ host: u.hostname, port: u.port, path: 'http://[', method: 'GET' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject).end();
    });
    expect(raw).toBe(400);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('refuses oversized bodies and sets security headers', async () => {
    const big = await post('auth.signIn', { email: 'a@b.co', password: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    const r = await fetch(`${base}/healthz`);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });
});
