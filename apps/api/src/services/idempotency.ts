import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';

class DuplicateEvent extends Error {}

/**
 * Events of this process still being written, by user and clientEventId: a duplicate sent while
 * the first is in flight waits for it and gets the same result, instead of repeating its slow
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
export async function oncePerClientEvent<T, P = undefined>(
  em: Em,
  userId: number,
  clientEventId: string | undefined,
  kind: string,
  write: (tx: Em, prepared: P) => Promise<{ targetId: number; result: T }>,
  replay: (em: Em, targetId: number) => Promise<T>,
  prepare?: () => Promise<P>,
): Promise<T> {
  const prepared = async () => (prepare ? await prepare() : (undefined as P));
  if (!clientEventId) {
    const p = await prepared();
    return em.transactional(async (tx) => (await write(tx, p)).result);
  }

  // The kind is part of the key: the same clientEventId reused for another action is the ledger's to refuse.
  const flightKey = `${userId}\u0000${kind}\u0000${clientEventId}`;
  const running = inFlight.get(flightKey);
  if (running) return running as Promise<T>;
  const first = writeOnce(em, userId, clientEventId, kind, write, replay, prepared).finally(() => inFlight.delete(flightKey));
  inFlight.set(flightKey, first);
  return first;
}

async function writeOnce<T, P>(
  em: Em,
  userId: number,
  clientEventId: string,
  kind: string,
  write: (tx: Em, prepared: P) => Promise<{ targetId: number; result: T }>,
  replay: (em: Em, targetId: number) => Promise<T>,
  prepared: () => Promise<P>,
): Promise<T> {
  const replayExisting = () => replayClientEvent(em, userId, clientEventId, kind, replay);

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
    return await em.transactional(async (tx) => {
      const inserted: { id: number }[] = await tx.execute(
        'insert into client_events (user_id, client_event_id, kind, target_id, created_at) values (?, ?, ?, null, now()) on conflict (user_id, client_event_id) do nothing returning id',
        [userId, clientEventId, kind],
      );
      if (inserted.length === 0) throw new DuplicateEvent();
      const { targetId, result } = await write(tx, p);
      await tx.execute('update client_events set target_id = ? where id = ?', [targetId, inserted[0]!.id]);
      return result;
    });
  } catch (err) {
    if (err instanceof DuplicateEvent) return replayExisting();
    throw err;
  }
}

/** The ledger row of an earlier event with this clientEventId (its kind and the row it wrote), if any. */
export async function priorClientEvent(em: Em, userId: number, clientEventId: string): Promise<{ kind: string; targetId: number | null } | null> {
  const rows: { kind: string; target_id: number | null }[] = await em.execute('select kind, target_id from client_events where user_id = ? and client_event_id = ?', [userId, clientEventId]);
  return rows[0] ? { kind: rows[0].kind, targetId: rows[0].target_id } : null;
}

/** The result of an earlier event with this clientEventId, rebuilt by `replay` from the row it wrote. */
export async function replayClientEvent<T>(em: Em, userId: number, clientEventId: string, kind: string, replay: (em: Em, targetId: number) => Promise<T>): Promise<T> {
  return replayTarget(em, clientEventId, kind, await priorClientEvent(em, userId, clientEventId), replay);
}

/** As replayClientEvent, from a ledger row already read (kind and target of the earlier event). */
export function replayTarget<T>(em: Em, clientEventId: string, kind: string, existing: { kind: string; targetId: number | null } | null, replay: (em: Em, targetId: number) => Promise<T>): Promise<T> {
  if (!existing || existing.targetId == null) throw new AppError('CONFLICT', 'This event is still being processed; retry in a moment.');
  if (existing.kind !== kind) throw new AppError('CONFLICT', `clientEventId ${clientEventId} was already used for a different action.`);
  return replay(em.fork(), existing.targetId);
}

/** True for the unique violation a concurrent duplicate of a client event raises on the ledger. */
export function isDuplicateClientEvent(err: unknown): boolean {
  return err instanceof UniqueConstraintViolationException && (err as { constraint?: string }).constraint === 'client_events_user_id_client_event_id_unique';
}
