import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';

/**
 * The idempotency ledger (`client_events`): a client may send an event with a `clientEventId`, and
 * a retry of it (same user, same id) returns the first result instead of writing again.
 *
 * One primitive, two ways to write:
 * - `oncePerClientEvent`: any write, in a transaction with its ledger row.
 * - `ClientEventStatement`: a write that is one SQL statement carrying the ledger rows of its
 *   events, for one event or a batch (the rating and help fast paths: one round trip, one commit).
 * Both replay an event already in the ledger, let the ledger's unique index decide between
 * concurrent duplicates (the loser replays the winner), and share one in-flight table per process.
 */

class DuplicateEvent extends Error {}

/** The event of one write: its user and the id their client gave it (absent: the write is not idempotent). */
export interface ClientEvent {
  userId: number;
  clientEventId?: string | null | undefined;
}

type Replay<T> = (em: Em, targetId: number) => Promise<T>;

/**
 * Events of this process still being written, by user, kind and clientEventId: a duplicate sent
 * while the first is in flight waits for it and gets the same result, instead of repeating its slow
 * preparation (a tutor call, counted against the user's budget) only to be replayed at the end.
 */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Runs `write` at most once per (user, clientEventId). The ledger row is inserted with
 * ON CONFLICT DO NOTHING inside the same transaction as the write: a concurrent duplicate
 * blocks on the unique index until the first commits, then sees the conflict and replays.
 *
 * `prepare` runs before the transaction (after a retry was ruled out) and hands its result to
 * `write`: slow work such as a tutor call goes there, so no transaction, row lock or pooled
 * connection is held while a remote model answers.
 */
export function oncePerClientEvent<T, P = undefined>(
  em: Em,
  userId: number,
  clientEventId: string | undefined,
  kind: string,
  write: (tx: Em, prepared: P) => Promise<{ targetId: number; result: T }>,
  replay: Replay<T>,
  prepare?: () => Promise<P>,
): Promise<T> {
  return once(em, { userId, clientEventId }, kind, replay, prepare, (p) =>
    em.transactional(async (tx) => {
      if (!clientEventId) return (await write(tx, p)).result;
      const inserted: { id: number }[] = await tx.execute(
        'insert into client_events (user_id, client_event_id, kind, target_id, created_at) values (?, ?, ?, null, now()) on conflict (user_id, client_event_id) do nothing returning id',
        [userId, clientEventId, kind],
      );
      if (inserted.length === 0) throw new DuplicateEvent();
      const { targetId, result } = await write(tx, p);
      await tx.execute('update client_events set target_id = ? where id = ?', [targetId, inserted[0]!.id]);
      return result;
    }),
  );
}

/**
 * The steps every idempotent write shares: wait for an in-flight duplicate of this process; replay
 * an event already in the ledger; prepare; `commit` (which writes the ledger row with the write, and
 * throws DuplicateEvent or the ledger's unique violation when a concurrent duplicate won).
 */
async function once<T, P>(em: Em, event: ClientEvent, kind: string, replay: Replay<T>, prepare: (() => Promise<P>) | undefined, commit: (prepared: P) => Promise<T>): Promise<T> {
  const prepared = async () => (prepare ? await prepare() : (undefined as P));
  const { userId, clientEventId } = event;
  if (!clientEventId) return commit(await prepared());

  // The kind is part of the key: the same clientEventId reused for another action is the ledger's to refuse.
  const flightKey = `${userId}\u0000${kind}\u0000${clientEventId}`;
  const running = inFlight.get(flightKey);
  if (running) return running as Promise<T>;
  const first = (async () => {
    const prior = await priorClientEvent(em, userId, clientEventId);
    if (prior) return replayTarget(em, clientEventId, kind, prior, replay);
    let p: P;
    try {
      p = await prepared();
    } catch (err) {
      // A duplicate (on another instance) may have been written while this one prepared, making the
      // preparation fail (say "this task is already skipped"): then the answer is that event's replay.
      const now = await priorClientEvent(em.fork(), userId, clientEventId).catch(() => null);
      if (now?.targetId != null) return replayTarget(em, clientEventId, kind, now, replay);
      throw err;
    }
    try {
      return await commit(p);
    } catch (err) {
      if (err instanceof DuplicateEvent || isDuplicateClientEvent(err)) return replayClientEvent(em, userId, clientEventId, kind, replay);
      throw err;
    }
  })().finally(() => inFlight.delete(flightKey));
  inFlight.set(flightKey, first);
  return first;
}

export interface ClientEventStatementSpec<I extends ClientEvent, R, Row> {
  kind: string;
  /** The item's own columns, as a jsonb_to_recordset column list (`feedback_id int, rating int`). */
  columns: string;
  /** The item's values for those columns, by column name. */
  values: (item: I) => Record<string, unknown>;
  /**
   * The write, a data-modifying CTE over `fresh` (the items with no earlier event: ord, user_id,
   * client_event_id and `columns`) that returns `id` and whatever `view` reads.
   */
  write: string;
  /** How an item `i` finds its written row `w`: it must match one row at most. */
  match: string;
  /** An item's result from its written row. */
  view: (row: Row) => R;
  /** An earlier event's result, rebuilt from the row it wrote. */
  replay: Replay<R>;
  /** The answer for an item that wrote nothing and has no earlier event (say its feedback does not exist). */
  unwritten: (item: I) => Error;
}

/**
 * The batched SQL form of the ledger: a write that is one statement and records its events in that
 * statement (one round trip, one commit), for one event or a batch. An event already in the ledger
 * is replayed; a concurrent duplicate hits the ledger's unique index, which rolls the whole
 * statement back, and the batch is written again one item at a time (the duplicate replays).
 * No two items of a batch may share a clientEventId of one user, or a row `write` writes.
 */
export class ClientEventStatement<I extends ClientEvent, R, Row = Record<string, unknown>> {
  private readonly sql: string;
  private readonly spec: ClientEventStatementSpec<I, R, Row>;

  constructor(spec: ClientEventStatementSpec<I, R, Row>) {
    this.spec = spec;
    // `prior` looks each item up by the ledger's unique index: as a plain join, the planner (which
    // guesses 100 input rows) hashed the whole ledger, a scan per statement that grew with the table.
    this.sql = `with input as (
         select * from jsonb_to_recordset(?::jsonb) as i(ord int, user_id int, client_event_id text, ${spec.columns})),
       prior as (select i.ord, c.kind, c.target_id from input i
         cross join lateral (select kind, target_id from client_events c where c.user_id = i.user_id and c.client_event_id = i.client_event_id limit 1) c),
       fresh as (select * from input i where not exists (select 1 from prior p where p.ord = i.ord)),
       w as (${spec.write}),
       ledger as (insert into client_events (user_id, client_event_id, kind, target_id, created_at)
         select i.user_id, i.client_event_id, ?::text, w.id, now() from fresh i join w on ${spec.match} where i.client_event_id is not null)
  select i.ord, p.kind as prior_kind, p.target_id as prior_target, w.* from input i left join w on ${spec.match} left join prior p on p.ord = i.ord`;
  }

  /** Writes a batch; a result or an error per item, in order. */
  async write(em: Em, items: I[]): Promise<(R | Error)[]> {
    const { kind, replay } = this.spec;
    const json = JSON.stringify(items.map((it, ord) => ({ ...this.spec.values(it), ord, user_id: it.userId, client_event_id: it.clientEventId ?? null })));
    let rows: (Row & { ord: number; id: number | null; prior_kind: string | null; prior_target: number | null })[];
    try {
      rows = await em.fork().execute(this.sql, [json, kind]);
    } catch (err) {
      if (!isDuplicateClientEvent(err)) throw err;
      // A duplicate of one event committed between this statement's read of the ledger and its
      // write: the batch is rolled back, so write its events one by one (the duplicate replays).
      if (items.length > 1) return Promise.all(items.map((it) => this.write(em, [it]).then((r) => r[0]!, (e: unknown) => e as Error)));
      const { userId, clientEventId } = items[0]!;
      return [await replayClientEvent(em, userId, clientEventId!, kind, replay).catch((e: unknown) => e as Error)];
    }
    const byOrd = new Map(rows.map((r) => [r.ord, r]));
    return Promise.all(items.map(async (item, ord): Promise<R | Error> => {
      const r = byOrd.get(ord);
      if (r?.id != null) return this.spec.view(r);
      if (r?.prior_kind != null) return replayTarget(em, item.clientEventId!, kind, { kind: r.prior_kind, targetId: r.prior_target }, replay).catch((e: unknown) => e as Error);
      return this.spec.unwritten(item);
    }));
  }

  /**
   * One event, as oncePerClientEvent runs it (in-flight duplicates wait, a retry replays before
   * `prepare` runs), written by this statement: `item` builds the row from what `prepare` returned.
   */
  once<P>(em: Em, event: ClientEvent, item: (prepared: P) => I, prepare?: () => Promise<P>): Promise<R> {
    return once(em, event, this.spec.kind, this.spec.replay, prepare, async (p) => {
      const [result] = await this.write(em, [item(p)]);
      if (result instanceof Error) throw result;
      return result!;
    });
  }
}

/** The ledger row of an earlier event with this clientEventId (its kind and the row it wrote), if any. */
export async function priorClientEvent(em: Em, userId: number, clientEventId: string): Promise<{ kind: string; targetId: number | null } | null> {
  const rows: { kind: string; target_id: number | null }[] = await em.execute('select kind, target_id from client_events where user_id = ? and client_event_id = ?', [userId, clientEventId]);
  return rows[0] ? { kind: rows[0].kind, targetId: rows[0].target_id } : null;
}

/** The result of an earlier event with this clientEventId, rebuilt by `replay` from the row it wrote. */
export async function replayClientEvent<T>(em: Em, userId: number, clientEventId: string, kind: string, replay: Replay<T>): Promise<T> {
  return replayTarget(em, clientEventId, kind, await priorClientEvent(em, userId, clientEventId), replay);
}

/** As replayClientEvent, from a ledger row already read (kind and target of the earlier event). */
export async function replayTarget<T>(em: Em, clientEventId: string, kind: string, existing: { kind: string; targetId: number | null } | null, replay: Replay<T>): Promise<T> {
  if (!existing || existing.targetId == null) throw new AppError('CONFLICT', 'This event is still being processed; retry in a moment.');
  if (existing.kind !== kind) throw new AppError('CONFLICT', `clientEventId ${clientEventId} was already used for a different action.`);
  return replay(em.fork(), existing.targetId);
}

/** True for the unique violation a concurrent duplicate of a client event raises on the ledger. */
export function isDuplicateClientEvent(err: unknown): boolean {
  return err instanceof UniqueConstraintViolationException && (err as { constraint?: string }).constraint === 'client_events_user_id_client_event_id_unique';
}
