import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { createCaller } from '../src/root.ts';
import { pruneAuthSessions } from '../src/services/auth.ts';
import { SESSION_CACHE_MS } from '../src/services/session-cache.ts';
import { createContext } from '../src/trpc.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('accounts', () => {
  it('signs up, reads me, signs out and rejects the revoked token', async () => {
    const anon = await t.as();
    const { user, token } = await anon.auth.signUp({ email: 'Ada@Example.com', password: 'long enough pw', displayName: 'Ada', role: 'student', trainingConsent: true });
    expect(user.email).toBe('ada@example.com');
    expect(user.trainingConsent).toBe(true);
    const me = await (await t.as(token)).me.get();
    expect(me).toMatchObject({ id: user.id, displayName: 'Ada', role: 'student' });
    // The start-up check: the same user, and null (not a 401) for nobody.
    expect(await (await t.as(token)).me.session()).toEqual(me);
    expect(await anon.me.session()).toBeNull();

    const rows: { token_hash: string }[] = await t.app.orm.em.fork().execute('select token_hash from auth_sessions where user_id = ?', [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    await (await t.as(token)).auth.signOut();
    await expect((await t.as(token)).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await (await t.as(token)).me.session()).toBeNull();
  });

  it('rejects a duplicate email with CONFLICT', async () => {
    const anon = await t.as();
    const input = { email: 'dup@example.com', password: 'long enough pw', displayName: 'Dup', role: 'student' as const, trainingConsent: false };
    await anon.auth.signUp(input);
    await expect(anon.auth.signUp({ ...input, email: 'DUP@example.com' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already exists') });
  });

  it('rejects a wrong password and an unknown email with the same message', async () => {
    const anon = await t.as();
    await anon.auth.signUp({ email: 'pw@example.com', password: 'the right one!', displayName: 'Pw', role: 'student', trainingConsent: false });
    const wrong = anon.auth.signIn({ email: 'pw@example.com', password: 'the wrong one!' });
    await expect(wrong).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Email or password is incorrect.' });
    await expect(anon.auth.signIn({ email: 'nobody@example.com', password: 'whatever123' })).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Email or password is incorrect.' });
    const ok = await anon.auth.signIn({ email: 'pw@example.com', password: 'the right one!' });
    expect(ok.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses protected procedures without a token or with a made-up one', async () => {
    await expect((await t.as()).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await t.as('not-a-real-token')).practice.start({ count: 3 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('rejects an expired session', async () => {
    const u = await t.user();
    await t.app.orm.em.fork().execute("update auth_sessions set expires_at = now() - interval '1 minute' where user_id = ?", [u.id]);
    await expect((await t.as(u.token)).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('prunes sessions expired or revoked more than a week ago and keeps the rest', async () => {
    const u = await t.user();
    const tokens = [u.token];
    for (let i = 0; i < 3; i++) tokens.push((await (await t.as()).auth.signIn({ email: u.email, password: 'correct horse battery' })).token);
    const em = t.app.orm.em.fork();
    const ids = (await em.execute<{ id: number }[]>('select id from auth_sessions where user_id = ? order by id', [u.id])).map((r) => r.id);
    expect(ids).toHaveLength(4);
    await em.execute("update auth_sessions set expires_at = now() - interval '8 days' where id = ?", [ids[0]]);
    await em.execute("update auth_sessions set revoked_at = now() - interval '8 days' where id = ?", [ids[1]]);
    await em.execute("update auth_sessions set revoked_at = now() - interval '1 day' where id = ?", [ids[2]]);
    expect(await pruneAuthSessions(t.app.orm.em.fork())).toBeGreaterThanOrEqual(2);
    const left = (await em.execute<{ id: number }[]>('select id from auth_sessions where user_id = ? order by id', [u.id])).map((r) => r.id);
    expect(left).toEqual([ids[2], ids[3]]);
    await expect((await t.as(tokens[3])).me.get()).resolves.toMatchObject({ id: u.id });
  });

  it('validates sign-up input with field errors', async () => {
    const anon = await t.as();
    await expect(anon.auth.signUp({ email: 'not-an-email', password: 'short', displayName: ' ', role: 'student', trainingConsent: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Admin accounts cannot be created by sign-up without an admin's invite (see staff-roles.test.ts).
    await expect(anon.auth.signUp({ email: 'x@example.com', password: 'long enough pw', displayName: 'X', role: 'admin', trainingConsent: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(anon.auth.signUp({ email: 'x@example.com', password: 'long enough pw', displayName: 'X', role: 'student', trainingConsent: true, inviteCode: 'too-short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('links a parent to a student with an invite code the student accepts', async () => {
    const parent = await t.user({ role: 'parent', name: 'Parent P' });
    const student = await t.user({ name: 'Kid K' });
    const other = await t.user({ name: 'Other O' });
    const { code } = await parent.api.me.createInvite();
    await expect(student.api.me.createInvite()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(parent.api.me.studentProgress({ studentId: student.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const accepted = await student.api.me.acceptInvite({ code: code.toLowerCase() });
    expect(accepted.guardian.displayName).toBe('Parent P');
    const progress = await parent.api.me.studentProgress({ studentId: student.id });
    expect(progress.student.displayName).toBe('Kid K');
    await expect(parent.api.me.studentProgress({ studentId: other.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.api.me.acceptInvite({ code })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A parent cannot practise or write as the student.
    await expect(parent.api.practice.start({ count: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('session cache across instances', () => {
  type Instance = { app: App; as: (token: string) => ReturnType<typeof createCaller> };
  /** A second API instance on the same database, as behind a load balancer, closed after `use`. */
  async function withSecondInstance(use: (b: Instance) => Promise<void>) {
    const app = await createApp(t.app.config);
    try {
      await use({ app, as: (token) => createCaller(() => createContext(app, { token, setSessionCookie: () => {} })) });
    } finally {
      await app.close();
    }
  }
  /** Polls until `call` is refused as UNAUTHORIZED; returns how long it took. */
  async function refusedWithin(call: () => Promise<unknown>, ms: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      try {
        await call();
      } catch (err) {
        expect(err).toMatchObject({ code: 'UNAUTHORIZED' });
        return Date.now() - started;
      }
      if (Date.now() - started > ms) throw new Error(`still accepted after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** Waits (up to 2 s) until instance b's listener is up, or down. */
  const listening = async (b: Instance, up: boolean) => {
    for (let i = 0; i < 100 && b.app.sessions.listening !== up; i++) await new Promise((r) => setTimeout(r, 20));
    expect(b.app.sessions.listening).toBe(up);
  };
  /** A fresh user whose session b has resolved (which starts b's listener), once b listens. */
  const userSeenBy = async (b: Instance) => {
    const u = await t.user();
    await b.as(u.token).me.get();
    await listening(b, true);
    return u;
  };

  it('a sign-out or account deletion on one instance is honoured by another well before the cache expires', async ({ skip }) => {
    if (t.driver !== 'postgresql') skip('one process with PGlite: no other instance to tell');
    await withSecondInstance(async (b) => {
      const out = await userSeenBy(b);
      await b.as(out.token).me.get(); // now cached on b
      await out.api.auth.signOut();
      expect(await refusedWithin(() => b.as(out.token).me.get(), 2_000)).toBeLessThan(SESSION_CACHE_MS);

      const gone = await userSeenBy(b);
      await b.as(gone.token).me.get();
      await gone.api.me.deleteAccount();
      expect(await refusedWithin(() => b.as(gone.token).me.get(), 2_000)).toBeLessThan(SESSION_CACHE_MS);
    });
  });

  it('stops trusting its cache while its listener is cut off, and listens again by itself', async ({ skip }) => {
    if (t.driver !== 'postgresql') skip('one process with PGlite: no listener');
    await withSecondInstance(async (b) => {
      const u = await userSeenBy(b);
      await t.app.orm.em.fork().execute(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN satprep_session_evict' and datname = current_database()`);
      await listening(b, false);
      await listening(b, true);
      await b.as(u.token).me.get();
      await u.api.auth.signOut();
      expect(await refusedWithin(() => b.as(u.token).me.get(), 2_000)).toBeLessThan(SESSION_CACHE_MS);
    });
  });
});
