/**
 * Rate limits: failed sign-ins per email and per client IP, sign-ups per client IP, and tutor
 * calls per user.
 *
 * The counters live in this process's memory. With several API instances behind a load
 * balancer each instance counts on its own, so the effective limit is the configured one
 * times the number of instances (and a restart forgets every counter). A global limit
 * would need a shared store such as PostgreSQL or Redis.
 */
import { AppError, type Tutor } from '@satprep/domain';

export interface RateLimitRule {
  /** Uses allowed in any window of `windowMs`. */
  limit: number;
  windowMs: number;
}

export interface RateLimitConfig {
  signInFailuresPerEmail: RateLimitRule;
  signInFailuresPerIp: RateLimitRule;
  /** Each sign-up hashes a password (argon2id): a cap per IP keeps it from being a CPU or spam lever. */
  signUpsPerIp: RateLimitRule;
  tutorCallsPerUser: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  signInFailuresPerEmail: { limit: 10, windowMs: 15 * 60_000 },
  // Higher than per email: a school or family shares one address behind NAT.
  signInFailuresPerIp: { limit: 100, windowMs: 15 * 60_000 },
  // A class signing up together from one school network stays well under this.
  signUpsPerIp: { limit: 50, windowMs: 60 * 60_000 },
  tutorCallsPerUser: { limit: 30, windowMs: 60_000 },
};

/** A use recorded by `take`, so a caller can give it back. */
export interface RateLimitTicket {
  key: string;
  at: number;
}

/**
 * Sliding-window log: remembers the time of each use in the last window, per key. Exact, and
 * the memory is bounded by `limit` timestamps per active key; keys idle for a window are swept.
 */
export class SlidingWindowLimiter {
  readonly rule: RateLimitRule;
  readonly #now: () => number;
  readonly #hits = new Map<string, number[]>();
  #nextSweep: number;

  constructor(rule: RateLimitRule, now: () => number = Date.now) {
    this.rule = rule;
    this.#now = now;
    this.#nextSweep = now() + rule.windowMs;
  }

  /** Whole seconds until `key` may be used again; 0 when it is under its limit now. */
  retryAfterSeconds(key: string): number {
    const now = this.#now();
    const hits = this.#live(key, now);
    if (hits.length < this.rule.limit) return 0;
    // The oldest use that must expire before the count drops below the limit.
    const freeAt = hits[hits.length - this.rule.limit]! + this.rule.windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  /** Records one use of `key`; the caller checks `retryAfterSeconds` first. */
  take(key: string): RateLimitTicket {
    const now = this.#now();
    this.#sweep(now);
    const hits = this.#live(key, now);
    hits.push(now);
    this.#hits.set(key, hits);
    return { key, at: now };
  }

  /** Forgets one use, e.g. a sign-in attempt that turned out to be right. */
  giveBack(ticket: RateLimitTicket): void {
    const hits = this.#hits.get(ticket.key);
    const i = hits?.lastIndexOf(ticket.at) ?? -1;
    if (i >= 0) hits!.splice(i, 1);
  }

  /** Number of keys with uses in the current window (for tests and metrics). */
  get size(): number {
    this.#sweep(this.#now(), true);
    return this.#hits.size;
  }

  #live(key: string, now: number): number[] {
    const hits = this.#hits.get(key);
    if (!hits) return [];
    const from = now - this.rule.windowMs;
    let drop = 0;
    while (drop < hits.length && hits[drop]! <= from) drop++;
    if (drop > 0) hits.splice(0, drop);
    if (hits.length === 0) this.#hits.delete(key);
    return hits;
  }

  /** Drops keys whose uses all expired, at most once per window, so one-off keys (random emails) do not pile up. */
  #sweep(now: number, force = false): void {
    if (!force && now < this.#nextSweep) return;
    this.#nextSweep = now + this.rule.windowMs;
    const from = now - this.rule.windowMs;
    for (const [key, hits] of this.#hits) if ((hits.at(-1) ?? 0) <= from) this.#hits.delete(key);
  }
}

const seconds = (s: number) => `${s} second${s === 1 ? '' : 's'}`;

/**
 * Limits failed sign-ins per email and per client IP. An attempt is counted before the password
 * is checked and given back unless it failed as wrong credentials, so parallel guesses cannot all
 * slip under the limit while the hash is verified, and a right password does not count.
 */
export class SignInThrottle {
  readonly #byEmail: SlidingWindowLimiter;
  readonly #byIp: SlidingWindowLimiter;

  constructor(perEmail: RateLimitRule, perIp: RateLimitRule, now: () => number = Date.now) {
    this.#byEmail = new SlidingWindowLimiter(perEmail, now);
    this.#byIp = new SlidingWindowLimiter(perIp, now);
  }

  /** Runs `attempt` unless the email or IP is locked out (TOO_MANY_REQUESTS); counts it when it throws UNAUTHORIZED. */
  async guard<T>(email: string, clientIp: string | undefined, attempt: () => Promise<T>): Promise<T> {
    const emailKey = email.trim().toLowerCase();
    const wait = Math.max(this.#byEmail.retryAfterSeconds(emailKey), clientIp ? this.#byIp.retryAfterSeconds(clientIp) : 0);
    if (wait > 0) {
      throw new AppError('TOO_MANY_REQUESTS', `Too many failed sign-in attempts. Try again in ${seconds(wait)}.`, { retryAfterSeconds: wait });
    }
    const taken: [SlidingWindowLimiter, RateLimitTicket][] = [[this.#byEmail, this.#byEmail.take(emailKey)]];
    if (clientIp) taken.push([this.#byIp, this.#byIp.take(clientIp)]);
    try {
      const result = await attempt();
      for (const [limiter, ticket] of taken) limiter.giveBack(ticket);
      return result;
    } catch (err) {
      const wrongCredentials = err instanceof AppError && err.code === 'UNAUTHORIZED';
      if (!wrongCredentials) for (const [limiter, ticket] of taken) limiter.giveBack(ticket);
      throw err;
    }
  }
}

/**
 * The tutor as one user sees it: each call counts against the user's budget. Over budget, help,
 * note replies, community drafts and plan explanations are refused with TOO_MANY_REQUESTS, while
 * session feedback comes from `overflow` (the offline tutor), so a practice submit is never lost.
 * A retry with a clientEventId already stored replays the stored text without calling the tutor,
 * so it is neither counted nor refused (duplicates sent at the same moment may each be counted).
 */
export function tutorWithBudget(tutor: Tutor, limiter: SlidingWindowLimiter, userId: number, overflow: Tutor): Tutor {
  const key = `user:${userId}`;
  const spend = (): boolean => {
    if (limiter.retryAfterSeconds(key) > 0) return false;
    limiter.take(key);
    return true;
  };
  const orRefuse = <T>(call: () => Promise<T>): Promise<T> => {
    if (spend()) return call();
    const wait = limiter.retryAfterSeconds(key);
    const window = seconds(Math.round(limiter.rule.windowMs / 1000));
    return Promise.reject(
      new AppError('TOO_MANY_REQUESTS', `The tutor takes at most ${limiter.rule.limit} requests per ${window}. Try again in ${seconds(wait)}.`, { retryAfterSeconds: wait }),
    );
  };
  return {
    modelId: tutor.modelId,
    sessionFeedback: (req) => (spend() ? tutor.sessionFeedback(req) : overflow.sessionFeedback(req)),
    explain: (req) => orRefuse(() => tutor.explain(req)),
    planAdjustment: (req) => orRefuse(() => tutor.planAdjustment(req)),
    reply: (req) => orRefuse(() => tutor.reply(req)),
  };
}

/** Counts a sign-up attempt from `clientIp` (server-side callers have none), or refuses it over the limit. */
export function takeSignUp(limiter: SlidingWindowLimiter, clientIp: string | undefined): void {
  if (!clientIp) return;
  const wait = limiter.retryAfterSeconds(clientIp);
  if (wait > 0) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many new accounts from this network. Try again in ${seconds(wait)}.`, { retryAfterSeconds: wait });
  }
  limiter.take(clientIp);
}

export interface RateLimits {
  signIn: SignInThrottle;
  signUps: SlidingWindowLimiter;
  tutorCalls: SlidingWindowLimiter;
}

export function createRateLimits(config: RateLimitConfig = DEFAULT_RATE_LIMITS, now: () => number = Date.now): RateLimits {
  return {
    signIn: new SignInThrottle(config.signInFailuresPerEmail, config.signInFailuresPerIp, now),
    signUps: new SlidingWindowLimiter(config.signUpsPerIp, now),
    tutorCalls: new SlidingWindowLimiter(config.tutorCallsPerUser, now),
  };
}
