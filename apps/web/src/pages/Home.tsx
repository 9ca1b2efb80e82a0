import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ProgressChart } from '../components/ProgressChart.tsx';
import { RecentSessions } from '../components/RecentSessions.tsx';
import { ScoreEstimates } from '../components/ScoreEstimates.tsx';
import { NextTaskCard } from '../components/TaskSummary.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/ui.tsx';
import { percent } from '../lib/format.ts';
import { useMe } from '../lib/me.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC } from '../trpc.ts';

export default function Home() {
  useTitle('Home');
  const me = useMe();
  const trpc = useTRPC();
  const progress = useQuery(trpc.me.progress.queryOptions());
  const plan = useQuery(trpc.studyPlan.get.queryOptions());

  const totals = progress.data?.skills.reduce((t, s) => ({ correct: t.correct + s.correct, total: t.total + s.total }), { correct: 0, total: 0 });

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Hi, {me.displayName}</h1>
          <p className="lead">
            {totals && totals.total > 0
              ? `You have answered ${totals.total} questions so far, ${percent(totals.correct, totals.total)}% correctly.`
              : 'Start with a short session: we will use it to shape your study plan.'}
          </p>
        </div>
        <Link href="/practice" className="btn btn-primary">
          Start practice
        </Link>
      </header>

      <div className="home-grid">
        <section className="card" aria-labelledby="next-heading">
          <h2 id="next-heading">Next in your plan</h2>
          {plan.isPending && <Loading label="Loading your study plan…" />}
          {plan.isError && <ErrorNote error={plan.error} onRetry={() => void plan.refetch()} />}
          {plan.data &&
            (plan.data.nextTask ? (
              <NextTaskCard task={plan.data.nextTask.task} />
            ) : (
              <EmptyState title="Every task in your plan is done.">
                <p>Nice work. Keep practising and your plan will add new tasks.</p>
              </EmptyState>
            ))}
        </section>

        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent sessions</h2>
          {progress.isPending && <Loading label="Loading your sessions…" />}
          {progress.isError && <ErrorNote error={progress.error} onRetry={() => void progress.refetch()} />}
          {progress.data &&
            (progress.data.recentSessions.length ? (
              <>
                <RecentSessions sessions={progress.data.recentSessions.slice(0, 5)} linkToReview />
                <Link href="/review" className="more-link">
                  All sessions
                </Link>
              </>
            ) : (
              <EmptyState title="No sessions yet.">
                <p>Your finished sessions will appear here.</p>
              </EmptyState>
            ))}
        </section>

        <section className="card span-2" aria-labelledby="score-heading">
          <h2 id="score-heading">Score estimate</h2>
          <p className="hint">What your answers so far suggest you would score on each SAT section. It weighs each answer by how hard the question is (harder questions you get right count for more), and the range narrows as you practise.</p>
          {progress.isPending && <Loading label="Loading your estimate…" />}
          {progress.data && <ScoreEstimates scores={progress.data.scores} />}
        </section>

        <section className="card span-2" aria-labelledby="progress-heading">
          <h2 id="progress-heading">Your progress</h2>
          <p className="hint">Share of questions answered correctly, by section, domain and skill. Open a domain to see its skills.</p>
          {progress.isPending && <Loading label="Loading your progress…" />}
          {progress.isError && <ErrorNote error={progress.error} onRetry={() => void progress.refetch()} />}
          {progress.data && <ProgressChart skills={progress.data.skills} />}
        </section>
      </div>
    </div>
  );
}
