import { useCallback, useState } from 'react';

/** What a streamed procedure sends (apps/api/src/streaming.ts): text as the tutor writes it, a reset, then the stored result. */
export type StreamEvent<T> = { type: 'delta'; text: string } | { type: 'reset' } | { type: 'done'; result: T };

/**
 * Reads a streamed answer: calls `onText` with the text so far each time it grows (or is voided,
 * when a broken stream is answered again from the start) and resolves with the stored result.
 */
export async function readStream<T>(events: AsyncIterable<StreamEvent<T>>, onText: (text: string) => void): Promise<T> {
  let text = '';
  for await (const ev of events) {
    if (ev.type === 'delta') onText((text += ev.text));
    else if (ev.type === 'reset') onText((text = ''));
    else return ev.result;
  }
  throw new Error('The answer stopped before it was complete. Please try again.');
}

/**
 * The text of an answer while it streams in (null when none is streaming), and `read`, which
 * shows a streamed procedure's text as it grows and resolves with its stored result.
 */
export function useStreamedText() {
  const [text, setText] = useState<string | null>(null);
  const read = useCallback(async <T,>(events: Promise<AsyncIterable<StreamEvent<T>>>): Promise<T> => {
    setText('');
    try {
      return await readStream(await events, setText);
    } finally {
      setText(null);
    }
  }, []);
  return { text, read };
}
