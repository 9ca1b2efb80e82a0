import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC } from '../../trpc.ts';
import { ReviewItem } from './ReviewItem.tsx';
import { VerdictControls } from './VerdictControls.tsx';
import { inWords, VERDICTS } from './words.ts';

/** Items whose reviewers disagreed, and lone corrections waiting for confirmation: an admin settles each with a final verdict. */
export function Disagreements() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const disputes = useQuery(trpc.review.disputes.queryOptions());
  const [message, setMessage] = useState('');
  const reload = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: trpc.review.disputes.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.review.stats.queryKey() })]);

  return (
    <section aria-labelledby="disagreements-heading">
      <h2 id="disagreements-heading" className="visually-hidden">
        Disagreements
      </h2>
      <p className="hint review-intro">
        Reviewers gave different verdicts on these items, or one reviewer proposed a correction that needs confirming before it reaches training data. Your verdict is final. Keyboard
        shortcuts work in the queue, not here.
      </p>
      <p role="status" className={message ? 'notice notice-ok' : 'visually-hidden'}>
        {message}
      </p>
      {disputes.isPending && <Loading label="Loading disagreements…" />}
      {disputes.isError && <ErrorNote error={disputes.error} prefix="The disagreements could not be loaded." onRetry={() => void disputes.refetch()} />}
      {disputes.data?.length === 0 && (
        <div className="card">
          <EmptyState title="No disagreements">
            <p>Every item with enough reviews so far had reviewers who agreed.</p>
          </EmptyState>
        </div>
      )}
      {disputes.data?.map((item) => (
        <ReviewItem key={item.itemId} item={item}>
          <VerdictControls
            item={item}
            shortcuts={false}
            settling
            onDone={(_, verdict) => {
              setMessage(`Item #${item.itemId} settled: ${inWords(VERDICTS, verdict).toLowerCase()}.`);
              return reload();
            }}
            onStale={() => void reload()}
          />
        </ReviewItem>
      ))}
    </section>
  );
}
