import pg from 'pg';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { PublicUser } from '@satprep/domain';
import type { Em, Orm } from '@satprep/domain/db';

/** How long a resolved session is trusted without asking the database again. */
export const SESSION_CACHE_MS = 5_000;
const MAX_ENTRIES = 50_000;
const CHANNEL = 'satprep_session_evict';
const RECONNECT_MS = 1_000;

export interface CachedSession {
  sessionId: number;
  userId: number;
  /** The session's user, frozen: every request within the cache time shares this object. */
  user: Readonly<PublicUser>;
  expiresAt: number;
  cachedAt: number;
}

/** What a change makes stale: every session of a user, or one session. */
export type SessionChange = { userId: number } | { sessionId: number };

/**
 * Sessions resolved in the last few seconds, by token hash: the lookup would otherwise be a
 * database round trip on every request, as costly as the write a logging call makes.
 *
 * A use case that changes a user or a session (a sign-out, an account deletion, a consent or role
 * change) calls `invalidate(tx, what)` in its transaction: NOTIFY tells every instance when the
 * transaction commits, and this one evicts as it commits. On PostgreSQL every
 * instance listens on its own connection, started by the first lookup, and evicts what others
 * announce; while that connection is not up (before it starts, or after the database dropped it)
 * the cache is emptied and bypassed, since an announcement could be missed. With PGlite there is
 * one process and no listener.
 */
export class SessionCache {
  private entries = new Map<string, CachedSession>();
  /** Counts evictions, so a lookup that raced with one does not cache what it read before it. */
  private generation = 0;
  private readonly databaseUrl: string | undefined;
  private live: boolean;
  private started = false;
  private closed = false;
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;

  /** Evictions waiting for their transaction to end, by transaction. */
  private readonly pending = new WeakMap<object, SessionChange[]>();

  /** `orm`: the database whose transactions carry invalidations; `databaseUrl`: the PostgreSQL to listen on, absent for PGlite. */
  constructor(orm: Orm, databaseUrl?: string) {
    this.databaseUrl = databaseUrl;
    this.live = !databaseUrl;
    const settle = ({ transaction }: TransactionEventArgs) => {
      const changes = transaction && this.pending.get(transaction);
      if (!changes) return;
      this.pending.delete(transaction);
      for (const what of changes) this.evict(what);
    };
    // A rolled-back change needs no eviction, but a failed COMMIT may have committed: evict either way.
    const subscriber: EventSubscriber = { afterTransactionCommit: settle, beforeTransactionRollback: settle, afterTransactionRollback: settle };
    orm.em.getEventManager().registerSubscriber(subscriber);
  }

  /**
   * Drops cached sessions of a user, or one session, on every instance. Call it in the transaction
   * that makes the change: other instances hear of it when it commits (NOTIFY is delivered then),
   * and this one evicts when it commits, so no lookup caches the row as it was before.
   */
  async invalidate(tx: Em, what: SessionChange): Promise<void> {
    const transaction = tx.getTransactionContext();
    if (!transaction) throw new Error('sessions.invalidate belongs in the transaction that makes the change');
    const payload = 'userId' in what ? `user:${what.userId}` : `session:${what.sessionId}`;
    await tx.execute('select pg_notify(?, ?)', [CHANNEL, payload]);
    const changes = this.pending.get(transaction);
    if (changes) changes.push(what);
    else this.pending.set(transaction, [what]);
  }

  get(tokenHash: string, now: number): CachedSession | undefined {
    if (!this.started && this.databaseUrl) {
      this.started = true;
      void this.listen();
    }
    if (!this.live) return undefined;
    const hit = this.entries.get(tokenHash);
    return hit && now - hit.cachedAt < SESSION_CACHE_MS && hit.expiresAt > now ? hit : undefined;
  }

  /** Call before reading a session from the database; hand the result to `set`. */
  mark(): number {
    return this.generation;
  }

  /** Caches a session read after `mark()` returned `mark`, unless an eviction came in between. */
  set(tokenHash: string, entry: CachedSession, mark: number): void {
    if (!this.live || mark !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(tokenHash, entry);
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** Drops cached sessions of a user, or one session, on this instance. */
  private evict(what: SessionChange): void {
    this.generation++;
    for (const [hash, s] of this.entries) if ('userId' in what ? s.userId === what.userId : s.sessionId === what.sessionId) this.entries.delete(hash);
  }

  /** True while evictions announced by other instances reach this one (always, on PGlite). */
  get listening(): boolean {
    return this.live;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      this.live = false;
      this.generation++;
      this.entries.clear();
      void client.end().catch(() => {});
      if (!this.closed) this.retry = setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (msg) => this.onAnnouncement(msg.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      onLost();
      return;
    }
    if (this.closed || lost) return void client.end().catch(() => {});
    this.client = client;
    // Lookups that started before the listener did could have read what a missed announcement changed.
    this.generation++;
    this.live = true;
  }

  private onAnnouncement(payload: string): void {
    const [kind, id] = payload.split(':');
    const n = Number(id);
    if (!Number.isInteger(n)) return;
    if (kind === 'user') this.evict({ userId: n });
    else if (kind === 'session') this.evict({ sessionId: n });
  }
}
