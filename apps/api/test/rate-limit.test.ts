import type { Tutor, TutorText } from '@satprep/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createCaller } from '../src/root.ts';
import { createRateLimits, pruneRateLimitHits } from '../src/services/rate-limit.ts';
import { createContext } from '../src/trpc.ts';
import { OfflineTutor } from '@satprep/tutor';
import { createTestApp, serveHttp, type TestApp } from './harness.ts';

/** The offline tutor's texts under another model id, to tell a "remote" answer from the offline fallback. */
function fakeRemoteTutor(): Tutor {
  const offline = new OfflineTutor();
  const remote = (p: Promise<TutorText>) => p.then((t) => ({ ...t, modelId: 'fake-remote-1' }));
  return {
    modelId: 'fake-remote-1',
    sessionFeedback: (r) => remote(offline.sessionFeedback(r)),
    explain: (r) => remote(offline.explain(r)),
    planAdjustment: (r) => remote(offline.planAdjustment(r)),
    reply: (r) => remote(offline.reply(r)),
  };
}

let now = Date.now();
let t: TestApp;
let stop: () => Promise<void>;
let base = '';
beforeAll(async () => {
  t = await createTestApp({
    tutor: fakeRemoteTutor(),
    env: { SIGNIN_FREE_FAILURES_PER_PAIR: '3', SIGNIN_MAX_DELAY_SECONDS: '600', SIGNIN_MAX_FAILURES_PER_IP: '8', SIGNIN_FAILURE_WINDOW_SECONDS: '600', TUTOR_MAX_CALLS_PER_USER: '4', TUTOR_CALL_WINDOW_SECONDS: '60', SIGNUP_MAX_PER_IP: '3', SIGNUP_WINDOW_SECONDS: '3600' },
    limits: (config, orm) => createRateLimits(config.rateLimits, () => now, orm),
  });
  ({ base, stop } = await serveHttp(t));
});
afterAll(async () => {
  await stop?.();
  await t?.close();
});

const PASSWORD = 'correct horse battery';

describe('sign-ups per network', () => {
  it('refuses a fourth account from one IP within the window, with the wait; other IPs and later sign-ups go through', async () => {
    const signUp = async (ip: string) =>
      (await t.as(undefined, { clientIp: ip })).auth.signUp({ email: `su-${Math.random().toString(36).slice(2)}@example.com`, password: PASSWORD, displayName: 'New', role: 'student', trainingConsent: true });
    for (let i = 0; i < 3; i++) await signUp('192.0.2.10');
    await expect(signUp('192.0.2.10')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/Try again in \d+ (minute|second)/) });
    await expect(signUp('192.0.2.11')).resolves.toBeTruthy();
    now += 3601_000;
    await expect(signUp('192.0.2.10')).resolves.toBeTruthy();
  });
});

describe('sign-in brute force', () => {
  it('slows down one email+IP pair with growing delays, and never locks the owner out from elsewhere', async () => {
    const u = await t.user();
    const other = await t.user();
    const attacker = await t.as(undefined, { clientIp: '192.0.2.50' });
    const owner = await t.as(undefined, { clientIp: '198.51.100.60' });
    for (let i = 0; i < 3; i++) await expect(attacker.auth.signIn({ email: u.email, password: `wrong guess ${i}` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const slowed = attacker.auth.signIn({ email: u.email.toUpperCase(), password: PASSWORD });
    await expect(slowed).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'Too many failed sign-in attempts. Try again in 1 second.', cause: { retryAfterSeconds: 1 } });
    // The student signs in from their own network at once: the guesses slowed only the guesser.
    await expect(owner.auth.signIn({ email: u.email, password: PASSWORD })).resolves.toMatchObject({ user: { id: u.id } });
    // Other accounts are not affected; a right password does not count as a failure.
    for (let i = 0; i < 4; i++) await expect(attacker.auth.signIn({ email: other.email, password: PASSWORD })).resolves.toMatchObject({ user: { id: other.id } });

    // Each further failure doubles the wait: 1 s, 2 s, 4 s ...
    for (const wait of [1, 2]) {
      await expect(attacker.auth.signIn({ email: u.email, password: 'still guessing' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', cause: { retryAfterSeconds: wait } });
      now += wait * 1000;
      await expect(attacker.auth.signIn({ email: u.email, password: 'still guessing' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(attacker.auth.signIn({ email: u.email, password: PASSWORD })).rejects.toMatchObject({ cause: { retryAfterSeconds: 4 } });
    now += 4000;
    await expect(attacker.auth.signIn({ email: u.email, password: PASSWORD })).resolves.toMatchObject({ user: { id: u.id } });
  });

  it('counts unknown emails too, so probing for accounts is limited the same way', async () => {
    const anon = await t.as();
    for (let i = 0; i < 3; i++) await expect(anon.auth.signIn({ email: 'nobody-here@example.com', password: 'whatever123' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anon.auth.signIn({ email: 'nobody-here@example.com', password: 'whatever123' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('limits failures per client IP across emails', async () => {
    const victim = await t.user();
    const attacker = await t.as(undefined, { clientIp: '203.0.113.7' });
    for (let i = 0; i < 8; i++) {
      await expect(attacker.auth.signIn({ email: `spray-${i}@example.com`, password: 'password123' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(attacker.auth.signIn({ email: victim.email, password: 'password123' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // The victim signs in from elsewhere.
    await expect((await t.as(undefined, { clientIp: '198.51.100.1' })).auth.signIn({ email: victim.email, password: PASSWORD })).resolves.toBeTruthy();
  });

  it('answers HTTP 429 with Retry-After and data.retryAfterSeconds', async () => {
    const u = await t.user();
    const signIn = (password: string) =>
      fetch(`${base}/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password }) });
    for (let i = 0; i < 3; i++) {
      const r = await signIn('not the password');
      expect(r.status).toBe(401);
      expect(r.headers.get('retry-after')).toBeNull();
    }
    const r = await signIn(PASSWORD);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    const body = (await r.json()) as { error: { message: string; data: { code: string; retryAfterSeconds: number } } };
    expect(body.error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 1 });
    expect(body.error.message).toContain('Try again in 1 second');
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set, so a client cannot pick a fresh IP per guess', async () => {
    now += 3_600_000;
    const signIn = (i: number) =>
      fetch(`${base}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` },
        body: JSON.stringify({ email: `xff-${i}@example.com`, password: 'password123' }),
      });
    for (let i = 0; i < 8; i++) expect((await signIn(i)).status).toBe(401);
    expect((await signIn(99)).status).toBe(429);
  });
});

describe('sign-in and sign-up limits across API instances', () => {
  it('are counted in the database: failures on one instance slow the same email+IP pair on another, parallel guesses included', async () => {
    now += 3_600_000;
    // A second instance on the same database, on the same test clock, as behind a load balancer
    // (PGlite is one process: there the "second instance" is the first one again).
    const second = t.driver === 'postgresql' ? await createApp(t.app.config, { limits: (orm) => createRateLimits(t.app.config.rateLimits, () => now, orm) }) : null;
    const b = second ?? t.app;
    try {
      const onB = await createCaller(() => createContext(b, { token: undefined, clientIp: '198.51.100.20', setSessionCookie: () => {} }));
      const onA = await t.as(undefined, { clientIp: '198.51.100.20' });
      const u = await t.user();
      // Six wrong guesses at once, three on each instance: exactly three are checked, the rest refused unchecked.
      const guesses = await Promise.allSettled([onA, onB, onA, onB, onA, onB].map((api, i) => api.auth.signIn({ email: u.email, password: `parallel guess ${i}` })));
      const codes = guesses.map((g) => (g.status === 'rejected' ? (g.reason as { code: string }).code : 'OK')).sort();
      expect(codes).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS', 'UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED']);
      await expect(onB.auth.signIn({ email: u.email, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      await expect(onA.auth.signIn({ email: u.email, password: PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });

      // Sign-ups per IP too: two here, one there, and the fourth is refused on either.
      const signUp = (api: typeof onA) => api.auth.signUp({ email: `x-${Math.random().toString(36).slice(2)}@example.com`, password: PASSWORD, displayName: 'New', role: 'student', trainingConsent: true });
      const sameIpA = await t.as(undefined, { clientIp: '198.51.100.30' });
      const sameIpB = await createCaller(() => createContext(b, { token: undefined, clientIp: '198.51.100.30', setSessionCookie: () => {} }));
      await signUp(sameIpA);
      await signUp(sameIpB);
      await signUp(sameIpA);
      await expect(signUp(sameIpB)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    } finally {
      await second?.close();
    }
  });

  it('stores only hashes of emails and addresses, and prunes uses older than a day', async () => {
    const em = t.app.orm.em.fork();
    const rows = await em.execute<{ key_hash: string }[]>('select key_hash from rate_limit_hits');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.key_hash).toMatch(/^[0-9a-f]{64}$/);
    await em.execute(`insert into rate_limit_hits (key_hash, at) values ('old', now() - interval '25 hours'), ('recent', now() - interval '23 hours')`);
    expect(await pruneRateLimitHits(em as never)).toBe(1);
    expect((await em.execute<{ key_hash: string }[]>(`select key_hash from rate_limit_hits where key_hash in ('old', 'recent')`)).map((r) => r.key_hash)).toEqual(['recent']);
  });
});

describe('tutor calls per user', () => {
  const count = async (table: string, userId: number) =>
    (await t.app.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${table} where user_id = ?`, [userId]))[0]!.n;

  it('refuses help, tutor notes, community questions and plan actions past the budget; replays and plain notes still work', async () => {
    now += 3_600_000;
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ count: 3 });
    const plan = await s.api.studyPlan.get();
    const helpInput = { questionId: questions[0]!.id, query: 'how do I start?', inputMode: 'text' as const, clientEventId: 'budget-help-0001' };

    const help = await s.api.practice.help(helpInput);
    now += 10_000;
    await s.api.notes.add({ text: 'a note for the tutor', askTutor: true });
    await s.api.community.postQuestion({ title: 'Commas?', body: 'When do I need a comma before "which"?' });
    await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped' });

    const tooMany = { code: 'TOO_MANY_REQUESTS', message: 'The tutor takes at most 4 requests per 60 seconds. Try again in 50 seconds.', cause: { retryAfterSeconds: 50 } };
    await expect(s.api.practice.help({ ...helpInput, clientEventId: 'budget-help-0002' })).rejects.toMatchObject(tooMany);
    await expect(s.api.notes.add({ text: 'another', askTutor: true, clientEventId: 'budget-note-0001' })).rejects.toMatchObject(tooMany);
    await expect(s.api.community.postQuestion({ title: 'Again', body: 'One more question' })).rejects.toMatchObject(tooMany);
    await expect(s.api.studyPlan.act({ planId: plan.planId, taskIndex: 1, action: 'completed' })).rejects.toMatchObject(tooMany);
    expect(await count('help_requests', s.id)).toBe(1);
    expect(await count('study_plan_actions', s.id)).toBe(1);

    // A retry of a stored write returns it without asking the tutor again.
    await expect(s.api.practice.help(helpInput)).resolves.toEqual(help);
    await expect(s.api.notes.add({ text: 'no tutor needed', askTutor: false })).resolves.toMatchObject({ aiResponse: null });
    // A practice submit is never refused: its feedback comes from the offline tutor.
    const submitted = await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
    const [fb] = await t.app.orm.em.fork().execute<{ model_id: string }[]>('select model_id from session_feedback where id = ?', [submitted.feedback.feedbackId]);
    expect(fb!.model_id).toBe('satprep-offline-tutor-1');

    // Another student has a budget of their own.
    const other = await t.user();
    await expect(other.api.notes.add({ text: 'mine', askTutor: true })).resolves.toMatchObject({ modelId: 'fake-remote-1' });

    // After the window, the refused event goes through under the same clientEventId (the refusal left no ledger row).
    now += 50_000;
    await expect(s.api.notes.add({ text: 'another', askTutor: true, clientEventId: 'budget-note-0001' })).resolves.toMatchObject({ modelId: 'fake-remote-1' });
  });

  it('answers HTTP 429 with Retry-After for a tutor call', async () => {
    now += 3_600_000;
    const s = await t.user();
    const add = () =>
      fetch(`${base}/trpc/notes.add`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify({ text: 'hi tutor', askTutor: true }) });
    for (let i = 0; i < 4; i++) expect((await add()).status).toBe(200);
    const r = await add();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('60');
    expect(((await r.json()) as { error: { data: { retryAfterSeconds: number } } }).error.data.retryAfterSeconds).toBe(60);
  });
});
