/**
 * Rate limits: failed sign-ins per email and per client IP, sign-ups per client IP, and tutor
 * calls per user.
 *
 * Sign-in failures and sign-ups are counted in PostgreSQL (`rate_limit_hits`), so every API
 * instance behind a load balancer sees the same counts and a restart forgets nothing: the
 * brute-force limit holds however many instances run. Tutor calls are counted in each
 * process's memory (one check per help request, on the hot path): with N instances a user
 * can get up to N times that budget.
 */
import { createHash } from 'node:crypto';
import { AppError, type Tutor } from '@satprep/domain';
import type { Em, Orm } from '@satprep/domain/db';

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
  /** The row that records it, for a log kept in the database. */
  id?: number;
}

/** A sliding-window log that checks and records a use in one step. */
export interface WindowLog {
  readonly rule: RateLimitRule;
  /** Records one use of `key`, unless it already has `limit` uses in the window: then the whole seconds to wait. */
  take(key: string): Promise<{ ticket: RateLimitTicket } | { retryAfterSeconds: number }>;
  /** Forgets one use, e.g. a sign-in attempt that turned out to be right. */
  giveBack(ticket: RateLimitTicket): Promise<void>;
  /** Whole seconds until `key` may be used again (0 when it is under its limit), recording nothing. */
  retryAfterSeconds(key: string): Promise<number>;
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

/** A WindowLog in this process's memory. */
export function memoryWindowLog(limiter: SlidingWindowLimiter): WindowLog {
  return {
    rule: limiter.rule,
    take: async (key) => {
      const wait = limiter.retryAfterSeconds(key);
      return wait > 0 ? { retryAfterSeconds: wait } : { ticket: limiter.take(key) };
    },
    giveBack: async (ticket) => limiter.giveBack(ticket),
    retryAfterSeconds: async (key) => limiter.retryAfterSeconds(key),
  };
}

/**
 * A WindowLog in PostgreSQL, shared by every API instance. Uses of one key are serialised by a
 * transaction-scoped advisory lock, so concurrent attempts (on any instance) cannot all pass the
 * check before one is recorded. Keys are stored as SHA-256 hashes; `pruneRateLimitHits` deletes
 * rows older than a day (the longest window allowed).
 */
export class PgWindowLog implements WindowLog {
  readonly rule: RateLimitRule;
  readonly #scope: string;
  readonly #orm: Orm;
  readonly #now: () => number;

  constructor(scope: string, rule: RateLimitRule, orm: Orm, now: () => number = Date.now) {
    this.#scope = scope;
    this.rule = rule;
    this.#orm = orm;
    this.#now = now;
  }

  #hash(key: string): string {
    return createHash('sha256').update(`${this.#scope}:${key}`).digest('hex');
  }

  /** Whole seconds until another use of the key is allowed, from the uses in the window; 0 when allowed now. */
  async #wait(em: Em, keyHash: string, now: number): Promise<number> {
    const { limit, windowMs } = this.rule;
    const recent: { at: Date | string }[] = await em.execute(
      'select at from rate_limit_hits where key_hash = ? and at > ? order by at desc limit ?',
      [keyHash, new Date(now - windowMs), limit],
    );
    if (recent.length < limit) return 0;
    // The oldest of the last `limit` uses must leave the window before another is allowed.
    const freeAt = new Date(recent[limit - 1]!.at).getTime() + windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  retryAfterSeconds(key: string): Promise<number> {
    return this.#wait(this.#orm.em.fork() as Em, this.#hash(key), this.#now());
  }

  async take(key: string): Promise<{ ticket: RateLimitTicket } | { retryAfterSeconds: number }> {
    const keyHash = this.#hash(key);
    const now = this.#now();
    return (this.#orm.em.fork() as Em).transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [keyHash]);
      const wait = await this.#wait(tx, keyHash, now);
      if (wait > 0) return { retryAfterSeconds: wait };
      const [row] = await tx.execute<{ id: number }[]>('insert into rate_limit_hits (key_hash, at) values (?, ?) returning id', [keyHash, new Date(now)]);
      return { ticket: { key, at: now, id: row!.id } };
    });
  }

  async giveBack(ticket: RateLimitTicket): Promise<void> {
    if (ticket.id !== undefined) await this.#orm.em.fork().execute('delete from rate_limit_hits where id = ?', [ticket.id]);
  }
}

/** Deletes rate-limit uses older than a day (no window is longer); the API runs it hourly. */
export async function pruneRateLimitHits(em: Em): Promise<number> {
  const rows: { n: number }[] = await em.execute(`with d as (delete from rate_limit_hits where at < now() - interval '1 day' returning 1) select count(*)::int as n from d`);
  return rows[0]?.n ?? 0;
}

const seconds = (s: number) => `${s} second${s === 1 ? '' : 's'}`;

/**
 * Limits failed sign-ins per email and per client IP. An attempt is counted before the password
 * is checked and given back unless it failed as wrong credentials, so parallel guesses cannot all
 * slip under the limit while the hash is verified, and a right password does not count.
 */
export class SignInThrottle {
  readonly #byEmail: WindowLog;
  readonly #byIp: WindowLog;

  /** Rules give in-memory logs (on the clock `now`); pass WindowLogs to count elsewhere. */
  constructor(perEmail: RateLimitRule | WindowLog, perIp: RateLimitRule | WindowLog, now: () => number = Date.now) {
    const log = (x: RateLimitRule | WindowLog) => ('take' in x ? x : memoryWindowLog(new SlidingWindowLimiter(x, now)));
    this.#byEmail = log(perEmail);
    this.#byIp = log(perIp);
  }

  /** Runs `attempt` unless the email or IP is locked out (TOO_MANY_REQUESTS); counts it when it throws UNAUTHORIZED. */
  async guard<T>(email: string, clientIp: string | undefined, attempt: () => Promise<T>): Promise<T> {
    const keys: [WindowLog, string][] = [[this.#byEmail, email.trim().toLowerCase()], ...(clientIp ? [[this.#byIp, clientIp] as [WindowLog, string]] : [])];
    const taken: [WindowLog, RateLimitTicket][] = [];
    // Best effort: a use that could not be given back only makes a later lockout come one attempt early.
    const giveBackAll = () => Promise.all(taken.map(([log, ticket]) => log.giveBack(ticket).catch(() => {})));
    try {
      for (const [log, key] of keys) {
        const r = await log.take(key);
        if ('retryAfterSeconds' in r) {
          // Tell the longest wait, so a client retrying after it is not refused again by the other limit.
          const waits = await Promise.all(keys.filter(([other]) => other !== log).map(([other, k]) => other.retryAfterSeconds(k)));
          const wait = Math.max(r.retryAfterSeconds, ...waits);
          throw new AppError('TOO_MANY_REQUESTS', `Too many failed sign-in attempts. Try again in ${seconds(wait)}.`, { retryAfterSeconds: wait });
        }
        taken.push([log, r.ticket]);
      }
    } catch (err) {
      await giveBackAll();
      throw err;
    }
    let result: T;
    try {
      result = await attempt();
    } catch (err) {
      const wrongCredentials = err instanceof AppError && err.code === 'UNAUTHORIZED';
      if (!wrongCredentials) await giveBackAll();
      throw err;
    }
    await giveBackAll();
    return result;
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
export async function takeSignUp(log: WindowLog, clientIp: string | undefined): Promise<void> {
  if (!clientIp) return;
  const r = await log.take(clientIp);
  if ('retryAfterSeconds' in r) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many new accounts from this network. Try again in ${seconds(r.retryAfterSeconds)}.`, { retryAfterSeconds: r.retryAfterSeconds });
  }
}

export interface RateLimits {
  signIn: SignInThrottle;
  signUps: WindowLog;
  tutorCalls: SlidingWindowLimiter;
}

/**
 * With `orm`, sign-in failures and sign-ups are counted in its database (shared by every
 * instance); without, in memory. Tutor calls are always counted in memory.
 */
export function createRateLimits(config: RateLimitConfig = DEFAULT_RATE_LIMITS, now: () => number = Date.now, orm?: Orm): RateLimits {
  const log = (scope: string, rule: RateLimitRule) => (orm ? new PgWindowLog(scope, rule, orm, now) : memoryWindowLog(new SlidingWindowLimiter(rule, now)));
  return {
    signIn: new SignInThrottle(log('sign-in:email', config.signInFailuresPerEmail), log('sign-in:ip', config.signInFailuresPerIp)),
    signUps: log('sign-up:ip', config.signUpsPerIp),
    tutorCalls: new SlidingWindowLimiter(config.tutorCallsPerUser, now),
  };
}
