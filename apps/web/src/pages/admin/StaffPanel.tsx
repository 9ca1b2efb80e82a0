import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC } from '../../trpc.ts';

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');
const ROLE_NAMES: Record<string, string> = { tutor: 'Tutor', admin: 'Admin' };
const INVITE_STATUSES: Record<string, string> = { open: 'Open', used: 'Used', expired: 'Expired', revoked: 'Revoked' };

/** Staff roles are granted here: invite codes for tutors and admins, and tutor applications to approve or reject. */
export function StaffPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<'tutor' | 'admin'>('tutor');
  const [email, setEmail] = useState('');
  const invites = useQuery(trpc.staff.invites.queryOptions());
  const pending = useQuery(trpc.staff.pending.queryOptions());
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.staff.invites.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.staff.pending.queryKey() })]);
  const create = useMutation(trpc.staff.createInvite.mutationOptions({ onSuccess: () => refresh() }));
  const revoke = useMutation(trpc.staff.revokeInvite.mutationOptions({ onSuccess: () => refresh() }));
  const approve = useMutation(trpc.staff.approve.mutationOptions({ onSuccess: () => refresh() }));
  const reject = useMutation(trpc.staff.reject.mutationOptions({ onSuccess: () => refresh() }));

  return (
    <section className="card span-2" aria-labelledby="staff-heading">
      <h2 id="staff-heading">Staff accounts</h2>
      <p className="hint">Tutors and admins are never chosen at sign-up: invite them with a code (used once, valid for a week), or approve a tutor application.</p>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ role, ...(email.trim() ? { email: email.trim() } : {}) });
        }}
      >
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            <option value="tutor">Tutor</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label>
          Only for email (optional)
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create invite code'}
        </button>
      </form>
      {create.data && (
        <p className="invite-code" role="status">
          {create.data.role === 'admin' ? 'Admin' : 'Tutor'} invite: <strong className="code">{create.data.code}</strong>{' '}
          <span className="hint">shown once; valid until {when(create.data.expiresAt)}</span>
        </p>
      )}
      {create.isError && <ErrorNote error={create.error} />}

      <h3 className="panel-subhead">Tutor applications</h3>
      {pending.isPending && <Loading label="Loading applications…" />}
      {pending.isError && <ErrorNote error={pending.error} onRetry={() => void pending.refetch()} />}
      {pending.data && pending.data.length === 0 && <p className="hint">No applications waiting.</p>}
      {pending.data && pending.data.length > 0 && (
        <ul className="plain-list">
          {pending.data.map((a) => (
            <li key={a.userId}>
              {a.displayName} ({a.email}), applied {when(a.appliedAt)}{' '}
              <button type="button" className="btn btn-secondary btn-small" disabled={approve.isPending || reject.isPending} onClick={() => approve.mutate({ userId: a.userId })}>
                Approve
              </button>{' '}
              <button type="button" className="btn btn-ghost btn-small" disabled={approve.isPending || reject.isPending} onClick={() => reject.mutate({ userId: a.userId })}>
                Reject
              </button>
            </li>
          ))}
        </ul>
      )}
      {(approve.isError || reject.isError) && <ErrorNote error={approve.error ?? reject.error} />}

      <h3 className="panel-subhead">Invites</h3>
      {invites.isPending && <Loading label="Loading invites…" />}
      {invites.isError && <ErrorNote error={invites.error} onRetry={() => void invites.refetch()} />}
      {invites.data && invites.data.length === 0 && <p className="hint">No invites in the last 30 days.</p>}
      {invites.data && invites.data.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="group" aria-label="Invites (table)">
          <table aria-label="Staff invites">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">For</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {invites.data.map((i) => (
                <tr key={i.inviteId}>
                  <td>{ROLE_NAMES[i.role] ?? i.role}</td>
                  <td>{i.email ?? 'anyone with the code'}</td>
                  <td>{i.status === 'used' && i.usedBy ? `Used by ${i.usedBy}` : (INVITE_STATUSES[i.status] ?? i.status)}</td>
                  <td>{when(i.createdAt)}</td>
                  <td>{when(i.expiresAt)}</td>
                  <td>
                    {i.status === 'open' && (
                      <button type="button" className="btn btn-ghost btn-small" disabled={revoke.isPending} onClick={() => revoke.mutate({ inviteId: i.inviteId })}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError && <ErrorNote error={revoke.error} />}
    </section>
  );
}
