import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ErrorNote, Loading, PageHeader } from '../components/ui.tsx';
import { formatDate } from '../lib/format.ts';
import { useMe } from '../lib/me.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC } from '../trpc.ts';

/** Home for a tutor applicant: no staff access until an admin approves the application. */
export default function PendingApplication() {
  useTitle('Your application');
  const me = useMe();
  const trpc = useTRPC();
  const application = useQuery(trpc.me.staffApplication.queryOptions());
  return (
    <div className="page narrow">
      <PageHeader title={`Hi, ${me.displayName}`} />
      <section className="card" aria-labelledby="application-heading">
        <h2 id="application-heading">Your tutor application</h2>
        {application.isPending && <Loading label="Loading your application…" />}
        {application.isError && <ErrorNote error={application.error} onRetry={() => void application.refetch()} />}
        {application.data?.status === 'rejected' ? (
          <p>An admin did not approve this application. If you think that is a mistake, ask the admin who runs this site for an invite code.</p>
        ) : (
          application.data && (
            <p>
              You applied on {formatDate(application.data.appliedAt)}. An admin reviews tutor accounts before they can see students or review the tutor’s
              answers; until then you can read the <Link href="/community">community</Link> and manage your account in <Link href="/settings">Settings</Link>.
            </p>
          )
        )}
      </section>
    </div>
  );
}
