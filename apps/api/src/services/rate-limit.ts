/**
 * Rate limits: failed sign-ins per email+IP pair (growing delays) and per client IP, sign-ups per
 * client IP, tutor calls per user, and writes (every mutation) per user.
 *
 * Sign-in failures and sign-ups are counted in PostgreSQL (`rate_limit_hits`), so every API
 * instance behind a load balancer sees the same counts and a restart forgets nothing: the
 * brute-force limit holds however many instances run. Tutor calls are counted in each
 * process's memory (one check per help request, on the hot path): with N instances a user
 * can get up to N times that budget. Writes per user are counted in memory too, for the same reason.
 *
 * Sign-in failures are throttled per email+IP pair with delays that double after a few free
 * failures, never by email alone: someone guessing a student's password from elsewhere slows
 * down only their own pair, and cannot lock the student out. The per-IP limit is separate and
 * generous, so one school network behind a single address is not locked by its own typos.
 */
import { createHash } from 'node:crypto';
import { AppError, type Tutor } from '@satprep/domain';
import type { Em, Orm } from '@satprep/domain/db';

export interface RateLimitRule {
  /** Uses allowed in any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /**
   * Growing delays instead of a hard limit: after `free` uses in the window, each further use must
   * wait `baseMs` × 2^(uses − free) after the previous one (at most `maxMs`). `limit` is then unused.
   */
  backoff?: { free: number; baseMs: number; maxMs: number };
}

/** Milliseconds until another use is allowed, given the times of the uses in the window (any order); 0 when allowed now. */
export function waitMs(rule: RateLimitRule, hits: readonly number[], now: number): number {
  if (rule.backoff) {
    const { free, baseMs, maxMs } = rule.backoff;
    if (hits.length < free) return 0;
    const delay = Math.min(baseMs * 2 ** (hits.length - free), maxMs);
    return Math.max(0, Math.max(...hits) + delay - now);
  }
  if (hits.length < rule.limit) return 0;
  // The oldest of the last `limit` uses must leave the window before another is allowed.
  const sorted = [...hits].sort((a, b) => b - a);
  return Math.max(0, sorted[rule.limit - 1]! + rule.windowMs - now);
}

/** How many of the most recent uses `waitMs` needs to see. */
function usesNeeded(rule: RateLimitRule): number {
  return rule.backoff ? rule.backoff.free + 40 : rule.limit;
}

const toSeconds = (ms: number) => (ms <= 0 ? 0 : Math.max(1, Math.ceil(ms / 1000)));

export interface RateLimitConfig {
  /** Failed sign-ins per email+IP pair: growing delays (a `backoff` rule), never a lock of the email. */
  signInFailuresPerPair: RateLimitRule;
  signInFailuresPerIp: RateLimitRule;
  /** Each sign-up hashes a password (argon2id): a cap per IP keeps it from being a CPU or spam lever. */
  signUpsPerIp: RateLimitRule;
  tutorCallsPerUser: RateLimitRule;
  /** Every mutation of a signed-in user (practice, notes, community, plan, settings...). */
  writesPerUser: RateLimitRule;
  /** Link invites a parent or tutor creates. */
  invitesPerUser: RateLimitRule;
  /** Wrong invite codes a student enters (guessing another family's code). */
  inviteGuessesPerUser: RateLimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  // 5 free failures, then 1 s, 2 s, 4 s ... up to 15 minutes between attempts of that pair.
  signInFailuresPerPair: { limit: Number.MAX_SAFE_INTEGER, windowMs: 15 * 60_000, backoff: { free: 5, baseMs: 1000, maxMs: 15 * 60_000 } },
  // Far above one person's typos: a school or family shares one address behind NAT.
  signInFailuresPerIp: { limit: 300, windowMs: 15 * 60_000 },
  // A class signing up together from one school network stays well under this.
  signUpsPerIp: { limit: 50, windowMs: 60 * 60_000 },
  tutorCallsPerUser: { limit: 30, windowMs: 60_000 },
  // A student answering, rating and taking notes as fast as a person can stays far below this.
  writesPerUser: { limit: 300, windowMs: 60_000 },
  invitesPerUser: { limit: 30, windowMs: 60 * 60_000 },
  inviteGuessesPerUser: { limit: 10, windowMs: 60 * 60_000 },
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
    return toSeconds(waitMs(this.rule, this.#live(key, now), now));
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
    const recent: { at: Date | string }[] = await em.execute(
      'select at from rate_limit_hits where key_hash = ? and at > ? order by at desc limit ?',
      [keyHash, new Date(now - this.rule.windowMs), usesNeeded(this.rule)],
    );
    return toSeconds(waitMs(this.rule, recent.map((r) => new Date(r.at).getTime()), now));
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
 * Limits failed sign-ins per email+IP pair and per client IP. An attempt is counted before the password
 * is checked and given back unless it failed as wrong credentials, so parallel guesses cannot all
 * slip under the limit while the hash is verified, and a right password does not count.
 */
export class SignInThrottle {
  readonly #byPair: WindowLog;
  readonly #byIp: WindowLog;

  /** Rules give in-memory logs (on the clock `now`); pass WindowLogs to count elsewhere. */
  constructor(perPair: RateLimitRule | WindowLog, perIp: RateLimitRule | WindowLog, now: () => number = Date.now) {
    const log = (x: RateLimitRule | WindowLog) => ('take' in x ? x : memoryWindowLog(new SlidingWindowLimiter(x, now)));
    this.#byPair = log(perPair);
    this.#byIp = log(perIp);
  }

  /** Runs `attempt` unless the email+IP pair must wait or the IP is over its limit (TOO_MANY_REQUESTS); counts it when it throws UNAUTHORIZED. */
  async guard<T>(email: string, clientIp: string | undefined, attempt: () => Promise<T>): Promise<T> {
    const pair = `${email.trim().toLowerCase()}|${clientIp ?? 'server'}`;
    const keys: [WindowLog, string][] = [[this.#byPair, pair], ...(clientIp ? [[this.#byIp, clientIp] as [WindowLog, string]] : [])];
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
    explain: (req, sink) => orRefuse(() => tutor.explain(req, sink)),
    planAdjustment: (req) => orRefuse(() => tutor.planAdjustment(req)),
    reply: (req, sink) => orRefuse(() => tutor.reply(req, sink)),
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

/** Counts one write (mutation) of `userId`, or refuses it over the user's write budget. */
export function takeWrite(limiter: SlidingWindowLimiter, userId: number): void {
  const key = `user:${userId}`;
  const wait = limiter.retryAfterSeconds(key);
  if (wait > 0) {
    const window = seconds(Math.round(limiter.rule.windowMs / 1000));
    throw new AppError('TOO_MANY_REQUESTS', `Too many changes at once: at most ${limiter.rule.limit} per ${window}. Try again in ${seconds(wait)}.`, { retryAfterSeconds: wait });
  }
  limiter.take(key);
}

/** Counts an invite the user creates, or refuses it over the limit. */
export async function takeInviteCreation(log: WindowLog, userId: number): Promise<void> {
  const r = await log.take(`user:${userId}`);
  if ('retryAfterSeconds' in r) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many invite codes created. Try again in ${seconds(r.retryAfterSeconds)}.`, { retryAfterSeconds: r.retryAfterSeconds });
  }
}

/**
 * Runs an invite acceptance unless the user entered too many wrong codes lately; a wrong code
 * (NOT_FOUND) counts, anything else is given back. Counted before the lookup, like sign-ins, so
 * parallel guesses cannot all slip under the limit.
 */
export async function guardInviteAccept<T>(log: WindowLog, userId: number, attempt: () => Promise<T>): Promise<T> {
  const r = await log.take(`user:${userId}`);
  if ('retryAfterSeconds' in r) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many wrong invite codes. Ask for a new code, or try again in ${seconds(r.retryAfterSeconds)}.`, { retryAfterSeconds: r.retryAfterSeconds });
  }
  try {
    const result = await attempt();
    await log.giveBack(r.ticket).catch(() => {});
    return result;
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'NOT_FOUND')) await log.giveBack(r.ticket).catch(() => {});
    throw err;
  }
}

export interface RateLimits {
  signIn: SignInThrottle;
  signUps: WindowLog;
  tutorCalls: SlidingWindowLimiter;
  writes: SlidingWindowLimiter;
  invites: WindowLog;
  inviteGuesses: WindowLog;
}

/**
 * With `orm`, sign-in failures and sign-ups are counted in its database (shared by every
 * instance); without, in memory. Tutor calls and writes are always counted in memory.
 */
export function createRateLimits(config: RateLimitConfig = DEFAULT_RATE_LIMITS, now: () => number = Date.now, orm?: Orm): RateLimits {
  const log = (scope: string, rule: RateLimitRule) => (orm ? new PgWindowLog(scope, rule, orm, now) : memoryWindowLog(new SlidingWindowLimiter(rule, now)));
  return {
    signIn: new SignInThrottle(log('sign-in:pair', config.signInFailuresPerPair), log('sign-in:ip', config.signInFailuresPerIp)),
    signUps: log('sign-up:ip', config.signUpsPerIp),
    tutorCalls: new SlidingWindowLimiter(config.tutorCallsPerUser, now),
    writes: new SlidingWindowLimiter(config.writesPerUser, now),
    invites: log('invite:user', config.invitesPerUser),
    inviteGuesses: log('invite-guess:user', config.inviteGuessesPerUser),
  };
}
