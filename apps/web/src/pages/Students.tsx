import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { EmptyState, ErrorNote, Loading, PageHeader } from '../components/ui.tsx';
import { useMe } from '../lib/me.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC } from '../trpc.ts';

/** Home for parents and tutors: the students who linked their accounts. */
export default function Students() {
  useTitle('Your students');
  const me = useMe();
  const trpc = useTRPC();
  // A student may have linked since this was last loaded.
  const links = useQuery({ ...trpc.me.links.queryOptions(), refetchOnMount: 'always' });
  return (
    <div className="page narrow">
      <PageHeader title={`Hi, ${me.displayName}`}>
        <p className="lead">Follow the progress of the students who linked their account with yours.</p>
      </PageHeader>
      <section className="card" aria-labelledby="students-heading">
        <h2 id="students-heading">Your students</h2>
        {links.isPending && <Loading label="Loading your students…" />}
        {links.isError && <ErrorNote error={links.error} onRetry={() => void links.refetch()} />}
        {links.data &&
          (links.data.students.length ? (
            <ul className="thread-list">
              {links.data.students.map((s) => (
                <li key={s.id}>
                  <Link href={`/students/${s.id}`} className="thread">
                    <span className="thread-title">{s.displayName}</span>
                    <span className="thread-meta">See progress</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState title="No students linked yet.">
              <p>
                Create an invite code in <Link href="/settings">Settings</Link> and ask your student to enter it in theirs.
              </p>
            </EmptyState>
          ))}
      </section>
    </div>
  );
}
