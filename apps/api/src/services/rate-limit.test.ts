import { AppError, type Tutor } from '@satprep/domain';
import { describe, expect, it } from 'vitest';
import { memoryWindowLog, SignInThrottle, SlidingWindowLimiter, tutorWithBudget, type WindowLog } from './rate-limit.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const wrongPassword = () => Promise.reject(new AppError('UNAUTHORIZED', 'Email or password is incorrect.'));

describe('sliding window limiter', () => {
  it('allows `limit` uses per window and says when the oldest one expires', () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 }, c.now);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterSeconds('k')).toBe(0);
      l.take('k');
      c.advance(10_000);
    }
    // Uses at 0 s, 10 s, 20 s; now 30 s: the first frees up at 60 s.
    expect(l.retryAfterSeconds('k')).toBe(30);
    expect(l.retryAfterSeconds('other')).toBe(0);
    c.advance(29_999);
    expect(l.retryAfterSeconds('k')).toBe(1);
    c.advance(1);
    expect(l.retryAfterSeconds('k')).toBe(0);
  });

  it('slides: a burst at the end of one window does not reset at a boundary', () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ limit: 2, windowMs: 10_000 }, c.now);
    c.advance(9_000);
    l.take('k');
    l.take('k');
    c.advance(2_000);
    expect(l.retryAfterSeconds('k')).toBe(8);
  });

  it('gives back a use and forgets idle keys', () => {
    const c = clock();
    const l = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000 }, c.now);
    const ticket = l.take('a');
    expect(l.retryAfterSeconds('a')).toBe(1);
    l.giveBack(ticket);
    expect(l.retryAfterSeconds('a')).toBe(0);
    for (let i = 0; i < 500; i++) l.take(`random-${i}`);
    expect(l.size).toBe(500);
    c.advance(1_001);
    l.take('fresh');
    expect(l.size).toBe(1);
  });
});

describe('sign-in throttle', () => {
  it('locks an email after N wrong passwords, counts nothing for a right one, and unlocks after the window', async () => {
    const c = clock();
    const t = new SignInThrottle({ limit: 3, windowMs: 60_000 }, { limit: 100, windowMs: 60_000 }, c.now);
    await expect(t.guard('a@x.org', undefined, async () => 'ok')).resolves.toBe('ok');
    for (let i = 0; i < 3; i++) await expect(t.guard('A@x.org', undefined, wrongPassword)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    let called = false;
    const locked = t.guard('a@x.org', undefined, async () => (called = true));
    await expect(locked).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60, message: 'Too many failed sign-in attempts. Try again in 60 seconds.' });
    // Refused before the password is checked, so the right password does not get through either.
    expect(called).toBe(false);
    await expect(t.guard('b@x.org', undefined, async () => 'ok')).resolves.toBe('ok');
    c.advance(60_000);
    await expect(t.guard('a@x.org', undefined, async () => 'ok')).resolves.toBe('ok');
  });

  it('limits per IP across emails, and does not count errors other than wrong credentials', async () => {
    const t = new SignInThrottle({ limit: 100, windowMs: 60_000 }, { limit: 2, windowMs: 60_000 });
    await expect(t.guard('x@x.org', '10.0.0.1', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await expect(t.guard('y@x.org', '10.0.0.1', wrongPassword)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(t.guard('z@x.org', '10.0.0.1', wrongPassword)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(t.guard('w@x.org', '10.0.0.1', wrongPassword)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await expect(t.guard('w@x.org', '10.0.0.2', wrongPassword)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('counts parallel guesses before any hash is verified', async () => {
    const t = new SignInThrottle({ limit: 5, windowMs: 60_000 }, { limit: 100, windowMs: 60_000 });
    const slowWrong = () => new Promise<never>((_, reject) => setTimeout(() => reject(new AppError('UNAUTHORIZED', 'no')), 20));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => t.guard('p@x.org', undefined, slowWrong)));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok'));
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(15);
  });
});

describe('sign-in throttle with both limits and failing stores', () => {
  it('tells the longer wait when the email and the IP are both locked', async () => {
    const c = clock();
    const t = new SignInThrottle({ limit: 1, windowMs: 10_000 }, { limit: 1, windowMs: 100_000 }, c.now);
    await expect(t.guard('a@x.org', '10.0.0.9', wrongPassword)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(t.guard('a@x.org', '10.0.0.9', wrongPassword)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 100 });
    c.advance(10_000);
    // The email is free again; the IP still says 90 s.
    await expect(t.guard('a@x.org', '10.0.0.9', wrongPassword)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 90 });
  });

  it('gives the email use back when the IP store fails, and answers a right password even if a give-back fails', async () => {
    const c = clock();
    const emails = memoryWindowLog(new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 }, c.now));
    const broken: WindowLog = { rule: { limit: 1, windowMs: 60_000 }, take: () => Promise.reject(new Error('database down')), giveBack: async () => {}, retryAfterSeconds: async () => 0 };
    await expect(new SignInThrottle(emails, broken).guard('b@x.org', '10.0.0.8', async () => 'ok')).rejects.toThrow('database down');
    expect(await emails.retryAfterSeconds('b@x.org')).toBe(0);
    const cannotGiveBack: WindowLog = { ...emails, giveBack: () => Promise.reject(new Error('database down')) };
    await expect(new SignInThrottle(cannotGiveBack, emails).guard('c@x.org', undefined, async () => 'signed in')).resolves.toBe('signed in');
  });
});

describe('tutor budget', () => {
  const text = (t: string) => Promise.resolve({ text: t, modelId: 'remote', promptVersion: 'v1' });
  const remote: Tutor = { modelId: 'remote', sessionFeedback: () => text('fb'), explain: () => text('ex'), planAdjustment: () => text('plan'), reply: () => text('reply') };
  const offline: Tutor = { ...remote, modelId: 'offline', sessionFeedback: () => Promise.resolve({ text: 'fb', modelId: 'offline', promptVersion: 'v1' }) };

  it('refuses calls past the budget per user, with the retry time, but writes session feedback offline', async () => {
    const c = clock();
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 60_000 }, c.now);
    const ann = tutorWithBudget(remote, limiter, 1, offline);
    const bob = tutorWithBudget(remote, limiter, 2, offline);
    const req = {} as never;
    await ann.explain(req);
    c.advance(5_000);
    await ann.reply(req);
    await expect(ann.planAdjustment(req)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 55, message: 'The tutor takes at most 2 requests per 60 seconds. Try again in 55 seconds.',
    });
    expect((await ann.sessionFeedback(req)).modelId).toBe('offline');
    expect((await bob.explain(req)).text).toBe('ex');
    expect((await bob.sessionFeedback(req)).modelId).toBe('remote');
    c.advance(55_000);
    expect((await ann.explain(req)).text).toBe('ex');
  });
});
