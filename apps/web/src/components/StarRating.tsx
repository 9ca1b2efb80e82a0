import { useMutation } from '@tanstack/react-query';
import { RateFeedbackInput } from '@satprep/domain';
import { useId, useRef, useState } from 'react';
import { newEventId, validate } from '../lib/forms.ts';
import { deliveredOf, flushOutbox, isRetryable, queueOnFailure, useOutbox } from '../lib/outbox.ts';
import { errorMessage, useTRPC } from '../trpc.ts';
import { Field } from './ui.tsx';

const LABELS = ['', 'Not helpful', 'A little helpful', 'Somewhat helpful', 'Helpful', 'Very helpful'];

/** The 1–5 star rating of a session's feedback: a radio group, so arrows and Space work from the keyboard. */
export function StarRating({ feedbackId, initialRating = null }: { feedbackId: number; initialRating?: number | null }) {
  const trpc = useTRPC();
  const name = useId();
  const outbox = useOutbox();
  const [rating, setRating] = useState<number | null>(initialRating);
  // The comment box holds a draft; once sent, the comment is shown with the rating it was given with.
  const [draft, setDraft] = useState('');
  const [commentError, setCommentError] = useState<string>();
  // The comment of the rating last given here: a new star choice is a new rating, without a comment.
  const [givenComment, setGivenComment] = useState<string | null>(null);
  const [lastEventId, setLastEventId] = useState<string | null>(null);
  const [savedRating, setSavedRating] = useState<number | null>(null);
  const rate = useMutation(trpc.practice.rateFeedback.mutationOptions({ onError: queueOnFailure('practice.rateFeedback') }));
  // Ratings are sent one at a time and only the latest choice waits: three quick arrow presses
  // must not race each other on the server and leave an older rating as the last write.
  const sender = useRef<{ running: boolean; next: RateFeedbackInput | null }>({ running: false, next: null });

  const drain = async () => {
    const s = sender.current;
    s.running = true;
    while (s.next) {
      const input = s.next;
      s.next = null;
      setLastEventId(input.clientEventId ?? null);
      try {
        // Ratings still waiting in the outbox are sent first, so an older one cannot land after this one.
        await flushOutbox();
        await rate.mutateAsync(input);
        if (!s.next) setSavedRating(input.rating);
      } catch {
        // onError already queued a retryable failure in the outbox; the status line explains the rest.
      }
    }
    s.running = false;
  };

  /** Gives a rating with exactly this comment (null: none, which also drops a comment sent with an earlier rating). */
  const send = (stars: number, comment: string | null): boolean => {
    const clientEventId = newEventId();
    const checked = validate(RateFeedbackInput, { feedbackId, rating: stars, comment, clientEventId });
    if (!checked.ok) {
      setCommentError(checked.errors.comment ?? checked.errors.rating);
      return false;
    }
    setCommentError(undefined);
    setGivenComment(checked.data.comment ?? null);
    sender.current.next = checked.data;
    if (!sender.current.running) void drain();
    return true;
  };

  const choose = (stars: number) => {
    setRating(stars);
    send(stars, null);
  };

  const queued = lastEventId !== null && outbox.pending.some((e) => e.id === lastEventId);
  const deliveredLater = deliveredOf(outbox, 'practice.rateFeedback').find((d) => d.id === lastEventId);
  let status: { tone: 'ok' | 'wait' | 'error'; text: string } | null = null;
  if (rate.isPending) status = { tone: 'wait', text: 'Saving your rating…' };
  else if (rate.isSuccess && savedRating !== null) status = { tone: 'ok', text: `Saved: ${savedRating} of 5 stars. Thank you!` };
  else if (deliveredLater) status = { tone: 'ok', text: `Saved: ${deliveredLater.input.rating} of 5 stars. Thank you!` };
  else if (rate.isError && queued) status = { tone: 'wait', text: 'You are offline. Your rating is saved on this device and will be sent when you are back online.' };
  else if (rate.isError && !isRetryable(rate.error)) status = { tone: 'error', text: errorMessage(rate.error) };
  else if (lastEventId && outbox.rejected.has(lastEventId)) status = { tone: 'error', text: outbox.rejected.get(lastEventId)! };

  return (
    <div className="rating">
      <fieldset className="stars">
        <legend>How helpful was this feedback?</legend>
        <div className="stars-row">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={`star${rating !== null && n <= rating ? ' star-on' : ''}`}>
              <input type="radio" name={name} value={n} checked={rating === n} onChange={() => choose(n)} />
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M12 2.8l2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3L2.9 9.5l6.3-.9z" />
              </svg>
              <span className="visually-hidden">
                {n} {n === 1 ? 'star' : 'stars'}: {LABELS[n]}
              </span>
            </label>
          ))}
          <span className="stars-caption" aria-hidden="true">
            {rating ? LABELS[rating] : 'Choose 1 to 5 stars'}
          </span>
        </div>
      </fieldset>
      <p className={`rating-status tone-${status?.tone ?? 'none'}`} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
      {givenComment && (
        <p className="rating-given-comment">
          <span className="rating-given-label">Your comment:</span> {givenComment}
        </p>
      )}
      {rating !== null && (
        <form
          className="rating-comment"
          onSubmit={(e) => {
            e.preventDefault();
            if (send(rating, draft.trim())) setDraft('');
          }}
        >
          <Field label="Anything to add? (optional)" error={commentError}>
            {(p) => <textarea {...p} rows={2} value={draft} maxLength={1000} onChange={(e) => setDraft(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-secondary btn-small" disabled={!draft.trim() || rate.isPending}>
            Send comment
          </button>
        </form>
      )}
    </div>
  );
}
