import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { RecentSessions } from '../components/RecentSessions.tsx';
import { EmptyState, ErrorNote, Loading, PageHeader } from '../components/ui.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC } from '../trpc.ts';

export default function Review() {
  useTitle('Review');
  const trpc = useTRPC();
  const history = useQuery(trpc.practice.history.queryOptions());
  return (
    <div className="page narrow">
      <PageHeader title="Review past sessions">
        <p className="lead">Go back over your answers and explanations, and keep notes on the questions you want to remember.</p>
      </PageHeader>
      {history.isPending && <Loading label="Loading your sessions…" />}
      {history.isError && <ErrorNote error={history.error} onRetry={() => void history.refetch()} />}
      {history.data &&
        (history.data.length ? (
          <div className="card">
            <RecentSessions sessions={history.data} linkToReview />
          </div>
        ) : (
          <EmptyState title="You have not finished a session yet.">
            <p>
              <Link href="/practice">Start a practice session</Link> and it will be here to review.
            </p>
          </EmptyState>
        ))}
    </div>
  );
}
