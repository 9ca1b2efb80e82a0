import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC } from '../../trpc.ts';

const when = (d: string | null) => (d ? new Date(d).toLocaleString() : '—');

const ACTIONS: Record<string, string> = {
  review_item: 'Opened a review item',
  dataset_example: 'Opened a dataset example',
  dataset_list: 'Listed dataset examples',
  student_progress: 'Viewed a student’s progress',
};

/** Reviewers by pseudonym: revoke one (optionally rolling back every verdict they gave) or restore them. */
export function ReviewersPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reviewers = useQuery(trpc.review.reviewers.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.review.reviewers.queryKey() });
  const revoke = useMutation(trpc.review.revokeReviewer.mutationOptions({ onSuccess: refresh }));
  const restore = useMutation(trpc.review.restoreReviewer.mutationOptions({ onSuccess: refresh }));
  const busy = revoke.isPending || restore.isPending;
  return (
    <section className="card span-2" aria-labelledby="reviewers-heading">
      <h2 id="reviewers-heading">Reviewers</h2>
      <p className="hint">
        Verdicts carry the reviewer’s pseudonym, which stays after the account is deleted. Revoking stops a reviewer from reviewing; rolling back also takes back every verdict they gave, and the
        next export reflects it.
      </p>
      {reviewers.isPending && <Loading label="Loading reviewers…" />}
      {reviewers.isError && <ErrorNote error={reviewers.error} onRetry={() => void reviewers.refetch()} />}
      {revoke.isError && <ErrorNote error={revoke.error} prefix="The reviewer was not revoked." />}
      {revoke.data && (
        <p className="notice" role="status">
          Revoked {revoke.data.pseudonym}; {revoke.data.rolledBack} verdicts rolled back on {revoke.data.items.length} items.
        </p>
      )}
      {reviewers.data?.length === 0 && <p className="hint">Nobody has reviewed yet.</p>}
      {reviewers.data && reviewers.data.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="group" aria-label="Reviewers (table)">
        <table aria-label="Reviewers">
          <thead>
            <tr>
              <th scope="col">Pseudonym</th>
              <th scope="col">Account</th>
              <th scope="col">Verdicts</th>
              <th scope="col">Rolled back</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {reviewers.data.map((r) => (
              <tr key={r.pseudonym}>
                <td>
                  <code>{r.pseudonym}</code>
                </td>
                <td>{r.deleted ? 'deleted' : `${r.email} (${r.role})`}</td>
                <td>{r.verdicts}</td>
                <td>{r.rolledBack}</td>
                <td>{r.revokedAt ? `revoked ${when(r.revokedAt)}` : 'active'}</td>
                <td className="row">
                  {!r.revokedAt && (
                    <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => revoke.mutate({ pseudonym: r.pseudonym, rollback: false })}>
                      Revoke
                    </button>
                  )}
                  {r.verdicts > 0 && (
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      disabled={busy}
                      onClick={() => {
                        if (window.confirm(`Revoke ${r.pseudonym} and roll back their ${r.verdicts} verdicts?`)) revoke.mutate({ pseudonym: r.pseudonym, rollback: true });
                      }}
                    >
                      Revoke and roll back
                    </button>
                  )}
                  {r.revokedAt && (
                    <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => restore.mutate({ pseudonym: r.pseudonym })}>
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}

/** What was read, in words: "Review item #12" rather than "review_item:12"; a student's id is left to the Student column (by pseudonym). */
function subjectInWords(subject: string): string {
  const [kind, ...rest] = subject.split(':');
  const ref = rest.join(':');
  if (kind === 'review_item') return `Review item #${ref}`;
  if (kind === 'example') return `Example ${ref.replace(/^synthetic:/, 'synthetic ').replace(/_/g, ' ').replace(/:(\d+)$/, ' #$1')}`;
  if (kind === 'examples') return 'The example list';
  if (kind === 'student') return 'Their progress';
  return subject;
}

/** Every read of student content by a tutor or admin: who, what, when (newest first, 50 at a time). */
export function AccessLogPanel() {
  const trpc = useTRPC();
  const [beforeId, setBeforeId] = useState<number | undefined>(undefined);
  const log = useQuery(trpc.review.accessLog.queryOptions({ limit: 50, ...(beforeId ? { beforeId } : {}) }));
  return (
    <section className="card span-2" aria-labelledby="access-log-heading">
      <h2 id="access-log-heading">Staff access log</h2>
      <p className="hint">Each time staff open a review item, a dataset example or a student’s progress. Students appear by pseudonym.</p>
      {log.isPending && <Loading label="Loading the access log…" />}
      {log.isError && <ErrorNote error={log.error} onRetry={() => void log.refetch()} />}
      {log.data?.entries.length === 0 && <p className="hint">No staff reads recorded yet.</p>}
      {log.data && log.data.entries.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="group" aria-label="Staff access log (table)">
        <table aria-label="Staff reads">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Record</th>
              <th scope="col">Student</th>
            </tr>
          </thead>
          <tbody>
            {log.data.entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{when(e.at)}</time>
                </td>
                <td>
                  {e.staffEmail} ({e.staffRole})
                </td>
                <td>{ACTIONS[e.action] ?? e.action}</td>
                <td title={e.subject}>{subjectInWords(e.subject)}</td>
                <td>{e.student ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <div className="row">
        {beforeId !== undefined && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setBeforeId(undefined)}>
            Newest
          </button>
        )}
        {log.data?.nextBeforeId && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setBeforeId(log.data.nextBeforeId ?? undefined)}>
            Older
          </button>
        )}
      </div>
    </section>
  );
}
