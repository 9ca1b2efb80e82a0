import type { TextSink } from '@satprep/domain';
import { trpcErrorOf } from './trpc.ts';

/** What a streamed answer sends: text as the tutor writes it, a reset when that text is void, then the stored result. */
export type StreamEvent<T> = { type: 'delta'; text: string } | { type: 'reset' } | { type: 'done'; result: T };

/**
 * Runs a use case that asks the tutor with a text sink and yields what the tutor writes as it
 * writes it, then the use case's result (written once, when the answer is complete). A tutor that
 * does not stream sends nothing before `done`. If the client goes away, the use case still
 * finishes and stores its row (a retry with the same client event id replays it).
 */
export async function* streamed<T>(run: (sink: TextSink) => Promise<T>): AsyncGenerator<StreamEvent<T>> {
  const queue: StreamEvent<T>[] = [];
  let wake: (() => void) | null = null;
  let outcome: { ok: true; result: T } | { ok: false; error: unknown } | null = null;
  const push = (e: StreamEvent<T>) => {
    queue.push(e);
    wake?.();
  };
  void run({ delta: (text) => push({ type: 'delta', text }), reset: () => push({ type: 'reset' }) }).then(
    (result) => ((outcome = { ok: true, result }), wake?.()),
    (error: unknown) => ((outcome = { ok: false, error }), wake?.()),
  );
  for (;;) {
    while (queue.length) yield queue.shift()!;
    if (outcome) break;
    await new Promise<void>((r) => (wake = r));
    wake = null;
  }
  const end = outcome as { ok: true; result: T } | { ok: false; error: unknown };
  if (!end.ok) throw trpcErrorOf(end.error);
  yield { type: 'done', result: end.result };
}
