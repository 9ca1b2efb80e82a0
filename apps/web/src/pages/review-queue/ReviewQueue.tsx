import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import { EmptyState, ErrorNote, Loading, PageHeader } from '../../components/ui.tsx';
import { useMe } from '../../lib/me.tsx';
import { useTitle } from '../../lib/useTitle.ts';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';
import { Disagreements } from './Disagreements.tsx';
import { GuidelinesPanel } from './GuidelinesPanel.tsx';
import { ReviewItem } from './ReviewItem.tsx';
import { VerdictControls } from './VerdictControls.tsx';
import { ENTRY_REASONS, inWords, outcomeText } from './words.ts';

type Stats = RouterOutputs['review']['stats'];
const num = new Intl.NumberFormat();

/**
 * The human review queue for tutors and admins (loaded lazily: not part of the student bundle).
 * One item at a time beside the written guidelines; admins also settle disagreements.
 */
export default function ReviewQueue({ view }: { view: 'queue' | 'disagreements' }) {
  useTitle(view === 'queue' ? 'Review queue' : 'Disagreements');
  const me = useMe();
  const trpc = useTRPC();
  const stats = useQuery(trpc.review.stats.queryOptions());
  const isAdmin = me.role === 'admin';

  return (
    <div className="page">
      <PageHeader title="Review queue">
        <p className="lead">Check what the AI tutor wrote before it is used for training: approve it, correct it, or reject it.</p>
      </PageHeader>
      {stats.isError && <ErrorNote error={stats.error} prefix="The queue figures could not be loaded." onRetry={() => void stats.refetch()} />}
      {stats.data && <StatsStrip stats={stats.data} />}
      {isAdmin && (
        <nav className="tabs" aria-label="Review views">
          <Link href="/review-queue" className={view === 'queue' ? 'tab is-active' : 'tab'} aria-current={view === 'queue' ? 'page' : undefined}>
            Queue
          </Link>
          <Link href="/review-queue/disagreements" className={view === 'disagreements' ? 'tab is-active' : 'tab'} aria-current={view === 'disagreements' ? 'page' : undefined}>
            {/* The tab lists disputes and lone corrections waiting for an admin, so it counts both. */}
            Disagreements{stats.data ? ` (${num.format((stats.data.byStatus.disputed ?? 0) + (stats.data.byStatus.awaiting_confirmation ?? 0))})` : ''}
          </Link>
        </nav>
      )}
      <div className="review-layout">
        <div className="review-main">{view === 'queue' ? <QueueView /> : <Disagreements />}</div>
        <GuidelinesPanel />
      </div>
    </div>
  );
}

function StatsStrip({ stats }: { stats: Stats }) {
  const s = stats.byStatus;
  const figures: [string, number][] = [
    ['Waiting for you', stats.waitingForMe],
    ['Reviewed by you', stats.reviewedByMe],
    ['Approved', s.approved ?? 0],
    ['Awaiting confirmation', s.awaiting_confirmation ?? 0],
    ['Corrected', s.corrected ?? 0],
    ['Rejected', s.rejected ?? 0],
    ['Disagreements', s.disputed ?? 0],
  ];
  return (
    <section className="review-stats-wrap" aria-label="Queue figures">
      <dl className="review-stats">
        {figures.map(([label, n]) => (
          <div key={label} className={label === 'Waiting for you' ? 'review-stat is-main' : 'review-stat'}>
            <dt>{label}</dt>
            <dd>{num.format(n)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">
        {stats.requiredReviews > 1 ? `Each item needs ${stats.requiredReviews} reviewers who agree; disagreements go to an admin.` : 'One review decides an item.'} Items enter the queue when a student
        rates feedback 1–2 stars, turns down a help answer or asks again
        {stats.sampleRate > 0 ? `, and ${Math.round(stats.sampleRate * 1000) / 10}% of other AI texts are sampled at random.` : '; no other AI texts are sampled.'}
      </p>
    </section>
  );
}

function QueueView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The item must not change under the reviewer's cursor when the window regains focus.
  const next = useQuery({ ...trpc.review.next.queryOptions(), refetchOnWindowFocus: false });
  const [message, setMessage] = useState('');
  const decidedOne = useRef(false);

  const loadNext = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: trpc.review.next.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.review.stats.queryKey() })]);

  return (
    <>
      <p role="status" className={message ? 'notice notice-ok review-outcome' : 'visually-hidden'}>
        {message}
      </p>
      {next.isPending && <Loading label="Loading the next item…" />}
      {next.isError && <ErrorNote error={next.error} prefix="The next item could not be loaded." onRetry={() => void next.refetch()} />}
      {next.data === null && (
        <div className="card">
          <EmptyState title="Nothing is waiting for you">
            <p>Every pending item has your review, or the queue is empty. New items arrive as students rate feedback low, turn down help answers or ask again.</p>
            <button type="button" className="btn btn-secondary" disabled={next.isFetching} onClick={() => void loadNext()}>
              {next.isFetching ? 'Checking…' : 'Check again'}
            </button>
          </EmptyState>
        </div>
      )}
      {next.data && (
        <ReviewItem key={next.data.itemId} item={next.data} focusOnMount={decidedOne.current}>
          <VerdictControls
            item={next.data}
            shortcuts
            onDone={async (result) => {
              decidedOne.current = true;
              await loadNext();
              const following = queryClient.getQueryData(trpc.review.next.queryKey());
              setMessage(`${outcomeText(result)} ${following ? `Next: ${inWords(ENTRY_REASONS, following.entryReason).toLowerCase()}.` : 'The queue is empty.'}`);
            }}
            onStale={() => {
              setMessage('');
              void loadNext();
            }}
          />
        </ReviewItem>
      )}
    </>
  );
}
