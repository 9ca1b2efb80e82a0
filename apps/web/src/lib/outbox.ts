/**
 * The offline outbox for collection events (ratings, help questions, plan actions, notes).
 *
 * A write that fails because the network is down or the server answered 5xx is kept in
 * localStorage with its clientEventId and sent again when the browser comes back online,
 * on the next load, or on a timer. The server dedupes on clientEventId, so a retry of a
 * write that did reach it returns the first result instead of writing twice.
 */
import { useSyncExternalStore } from 'react';
import { httpStatusOf, type makeTrpcClient, type RouterInputs, type RouterOutputs } from '../trpc.ts';

type Client = ReturnType<typeof makeTrpcClient>;

interface Inputs {
  'practice.rateFeedback': RouterInputs['practice']['rateFeedback'];
  'practice.help': RouterInputs['practice']['help'];
  'studyPlan.act': RouterInputs['studyPlan']['act'];
  'notes.add': RouterInputs['notes']['add'];
}
export type OutboxKind = keyof Inputs;

interface Outputs {
  'practice.rateFeedback': RouterOutputs['practice']['rateFeedback'];
  'practice.help': RouterOutputs['practice']['help'];
  'studyPlan.act': RouterOutputs['studyPlan']['act'];
  'notes.add': RouterOutputs['notes']['add'];
}

const SENDERS: { [K in OutboxKind]: (client: Client, input: Inputs[K]) => Promise<unknown> } = {
  'practice.rateFeedback': (c, i) => c.practice.rateFeedback.mutate(i),
  'practice.help': (c, i) => c.practice.help.mutate(i),
  'studyPlan.act': (c, i) => c.studyPlan.act.mutate(i),
  'notes.add': (c, i) => c.notes.add.mutate(i),
};

interface Entry {
  id: string;
  kind: OutboxKind;
  input: unknown;
  /** Events are only ever sent for the account that made them. */
  userId: number;
  queuedAt: number;
  attempts: number;
}

/** An event the outbox delivered in this tab: what was sent and what the server answered. */
export interface Delivery<K extends OutboxKind = OutboxKind> {
  kind: K;
  input: Inputs[K];
  result: Outputs[K];
  /** When it was delivered (ms since the epoch): later than a query's dataUpdatedAt until that query is refetched. */
  at: number;
  userId: number;
}

export interface OutboxState {
  /** Waiting events for the signed-in user. */
  pending: readonly Entry[];
  /** The signed-in user's events the outbox delivered in this tab, by clientEventId, in the order they were delivered. */
  delivered: ReadonlyMap<string, Delivery>;
  /** Events the server refused for good (e.g. the task no longer exists), by clientEventId. */
  rejected: ReadonlyMap<string, string>;
}

const STORAGE_KEY = 'satprep.outbox.v1';
const RETRY_MS = 30_000;

/** True when a failed call may succeed later: the server was not reached, or it failed on its side. */
export function isRetryable(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status === undefined || status >= 500;
}

function readStorage(): Entry[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as Entry[]).filter((e) => typeof e?.id === 'string' && e.kind in SENDERS) : [];
  } catch {
    return [];
  }
}

let entries: Entry[] = typeof localStorage === 'undefined' ? [] : readStorage();
const delivered = new Map<string, Delivery>();
const rejected = new Map<string, string>();
let userId: number | null = null;
let client: Client | null = null;
let onDelivered: (kind: OutboxKind) => void = () => {};
let flushing: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let snapshot: OutboxState = { pending: [], delivered, rejected };
const listeners = new Set<() => void>();

function emit() {
  snapshot = {
    pending: entries.filter((e) => e.userId === userId),
    delivered: new Map([...delivered].filter(([, d]) => d.userId === userId)),
    rejected: new Map(rejected),
  };
  for (const l of listeners) l();
}

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
  } catch {
    // Storage full or blocked: the events stay in memory for this tab.
  }
  emit();
}

function scheduleRetry() {
  clearTimeout(timer);
  if (snapshot.pending.length > 0) timer = setTimeout(() => void flushOutbox(), RETRY_MS);
}

/** Connects the outbox to the API client and the signed-in user (null when signed out), then sends what is waiting. */
export function configureOutbox(opts: { client: Client; userId: number | null; onDelivered: (kind: OutboxKind) => void }) {
  client = opts.client;
  userId = opts.userId;
  onDelivered = opts.onDelivered;
  emit();
  void flushOutbox();
}

/** Keeps a failed event for a later retry (no-op if it is already waiting). True when the event is waiting. */
export function enqueue<K extends OutboxKind>(kind: K, input: Inputs[K] & { clientEventId?: string | undefined }): boolean {
  if (userId === null || !input.clientEventId) return false;
  if (entries.some((e) => e.id === input.clientEventId)) return true;
  entries = [...entries, { id: input.clientEventId, kind, input, userId, queuedAt: Date.now(), attempts: 1 }];
  save();
  scheduleRetry();
  return true;
}

/**
 * tRPC mutation `onError` that moves retryable failures into the outbox. `onQueued` runs once the
 * event is waiting there: the form that made it can let go of it (clear its box) as it would on success.
 */
export function queueOnFailure<K extends OutboxKind>(kind: K, onQueued?: (input: Inputs[K]) => void) {
  return (err: unknown, input: Inputs[K]) => {
    if (isRetryable(err) && enqueue(kind, input)) onQueued?.(input);
  };
}

/** The signed-in user's waiting events of one kind, oldest first. */
export function pendingOf<K extends OutboxKind>(state: OutboxState, kind: K): { id: string; input: Inputs[K] }[] {
  return state.pending.filter((e) => e.kind === kind).map((e) => ({ id: e.id, input: e.input as Inputs[K] }));
}

/** Events of one kind the outbox delivered in this tab, in the order they were delivered. */
export function deliveredOf<K extends OutboxKind>(state: OutboxState, kind: K): (Delivery<K> & { id: string })[] {
  return [...state.delivered].flatMap(([id, d]) => (d.kind === kind ? [{ ...(d as Delivery<K>), id }] : []));
}

/** Sends waiting events in the order they were made; stops at the first one that still cannot get through. */
export function flushOutbox(): Promise<void> {
  // `.finally` runs after the assignment even when there is nothing to send, so `flushing` cannot stay set.
  flushing ??= sendWaiting().finally(() => {
    flushing = null;
    scheduleRetry();
  });
  return flushing;
}

async function sendWaiting() {
  // Another tab may have sent or added events meanwhile.
  entries = readStorage();
  for (const entry of entries.filter((e) => e.userId === userId)) {
    if (!client) return;
    try {
      const result = await (SENDERS[entry.kind] as (c: Client, i: unknown) => Promise<unknown>)(client, entry.input);
      delivered.set(entry.id, { kind: entry.kind, input: entry.input, result, at: Date.now(), userId: entry.userId } as Delivery);
      entries = readStorage().filter((e) => e.id !== entry.id);
      save();
      onDelivered(entry.kind);
    } catch (err) {
      const status = httpStatusOf(err);
      if (isRetryable(err) || status === 401 || status === 429) {
        entries = readStorage().map((e) => (e.id === entry.id ? { ...e, attempts: e.attempts + 1 } : e));
        save();
        return;
      }
      // The server refused it for good (bad input, task gone): keeping it would block everything behind it.
      rejected.set(entry.id, err instanceof Error ? err.message : 'The server refused this event.');
      entries = readStorage().filter((e) => e.id !== entry.id);
      save();
    }
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOutbox(): OutboxState {
  return useSyncExternalStore(subscribe, () => snapshot, () => snapshot);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void flushOutbox());
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY) {
      entries = readStorage();
      emit();
    }
  });
}
