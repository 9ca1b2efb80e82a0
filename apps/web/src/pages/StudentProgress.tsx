import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ProgressChart } from '../components/ProgressChart.tsx';
import { RecentSessions } from '../components/RecentSessions.tsx';
import { EmptyState, ErrorNote, Loading } from '../components/ui.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC } from '../trpc.ts';

/** Read-only progress of a linked student, for parents and tutors. */
export default function StudentProgress({ studentId }: { studentId: number }) {
  const trpc = useTRPC();
  const valid = Number.isInteger(studentId) && studentId > 0;
  const progress = useQuery(trpc.me.studentProgress.queryOptions({ studentId }, { enabled: valid }));
  useTitle(progress.data ? `${progress.data.student.displayName}’s progress` : 'Student progress');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/">← Your students</Link>
      </p>
      {!valid && <ErrorNote error={new Error('This link does not point to a student.')} />}
      {valid && progress.isPending && <Loading label="Loading progress…" />}
      {progress.isError && <ErrorNote error={progress.error} onRetry={() => void progress.refetch()} />}
      {progress.data && (
        <>
          <header className="page-header">
            <div>
              <h1>{progress.data.student.displayName}’s progress</h1>
              <p className="lead">Read only. Answers and notes stay private to the student.</p>
            </div>
          </header>
          <div className="home-grid">
            <section className="card span-2" aria-labelledby="sp-progress">
              <h2 id="sp-progress">Accuracy by section, domain and skill</h2>
              <ProgressChart skills={progress.data.skills} />
            </section>
            <section className="card span-2" aria-labelledby="sp-recent">
              <h2 id="sp-recent">Recent sessions</h2>
              {progress.data.recentSessions.length ? (
                <RecentSessions sessions={progress.data.recentSessions} linkToReview={false} />
              ) : (
                <EmptyState title="No finished sessions yet." />
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}
