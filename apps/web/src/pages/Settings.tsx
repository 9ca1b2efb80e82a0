import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AcceptInviteInput, ChangePasswordInput } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ErrorNote, Field, Loading, PageHeader } from '../components/ui.tsx';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { validate, type FieldErrors } from '../lib/forms.ts';
import { forgetUser, isGuardian, useMe } from '../lib/me.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { errorMessage, useTRPC } from '../trpc.ts';

const ROLE_NAMES = { student: 'Student', parent: 'Parent', tutor: 'Tutor', admin: 'Admin', applicant: 'Tutor (application pending)' } as const;

export default function Settings() {
  useTitle('Settings');
  const me = useMe();
  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Your account</h2>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{me.displayName}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Account type</dt>
            <dd>{ROLE_NAMES[me.role]}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{formatDate(me.createdAt)}</dd>
          </div>
        </dl>
      </section>
      <ConsentSection />
      <LinksSection />
      <PasswordSection />
      <SessionsSection />
      <DataSection />
      <DeleteSection />
    </div>
  );
}

function ConsentSection() {
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setConsent = useMutation(trpc.me.setConsent.mutationOptions({ onSuccess: (user) => queryClient.setQueryData(trpc.me.get.queryKey(), user) }));
  return (
    <section className="card" aria-labelledby="consent-heading">
      <h2 id="consent-heading">Training data</h2>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={me.trainingConsent}
          disabled={setConsent.isPending}
          onChange={(e) => setConsent.mutate({ trainingConsent: e.target.checked })}
          aria-describedby="consent-explain"
        />
        <span className="switch-track" aria-hidden="true" />
        <span className="switch-label">Use my practice data to improve the tutor</span>
      </label>
      <p id="consent-explain" className="hint">
        When this is on, your practice interactions — answers, ratings, questions you ask and notes — may be used, with personal details removed, to
        train the tutoring model. When it is off, nothing new or old from your account goes into training data. Last changed{' '}
        {formatDateTime(me.consentUpdatedAt)}.
      </p>
      <p role="status" className="hint">
        {setConsent.isPending ? 'Saving…' : setConsent.isSuccess ? (me.trainingConsent ? 'Thank you: sharing is on.' : 'Sharing is off.') : ''}
      </p>
      {setConsent.isError && <ErrorNote error={setConsent.error} />}
    </section>
  );
}

function LinksSection() {
  const me = useMe();
  const trpc = useTRPC();
  const links = useQuery(trpc.me.links.queryOptions());
  const queryClient = useQueryClient();
  const unlink = useMutation(trpc.me.unlinkGuardian.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.me.links.queryKey() }) }));
  if (me.role === 'admin' || me.role === 'applicant') return null;
  return (
    <section className="card" aria-labelledby="links-heading">
      <h2 id="links-heading">{isGuardian(me) ? 'Your students' : 'Parents and tutors'}</h2>
      {isGuardian(me) ? <CreateInvite /> : <AcceptInvite />}
      {links.isPending && <Loading label="Loading linked accounts…" />}
      {links.isError && <ErrorNote error={links.error} onRetry={() => void links.refetch()} />}
      {links.data && (isGuardian(me) ? links.data.students : links.data.guardians).length === 0 && (
        <p className="hint">{isGuardian(me) ? 'No students are linked to your account yet.' : 'No parent or tutor can see your progress.'}</p>
      )}
      {links.data && (
        <ul className="plain-list">
          {isGuardian(me)
            ? links.data.students.map((s) => <li key={s.id}>{s.displayName}</li>)
            : links.data.guardians.map((g) => (
                <li key={g.id}>
                  {g.displayName} <span className="tag">{g.role === 'tutor' ? 'Tutor' : 'Parent'}</span> can see your progress{' '}
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={unlink.isPending}
                    onClick={() => {
                      if (window.confirm(`Stop sharing your progress with ${g.displayName}?`)) unlink.mutate({ guardianId: g.id });
                    }}
                  >
                    Unlink
                  </button>
                </li>
              ))}
        </ul>
      )}
      {unlink.isError && <ErrorNote error={unlink.error} />}
    </section>
  );
}

function PasswordSection() {
  const trpc = useTRPC();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation(trpc.me.changePassword.mutationOptions({ onSuccess: () => setValues({ currentPassword: '', newPassword: '' }) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(ChangePasswordInput, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    change.mutate(checked.data);
  };
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Current password" error={errors.currentPassword}>
          {(p) => <input {...p} type="password" autoComplete="current-password" value={values.currentPassword} onChange={(e) => setValues((v) => ({ ...v, currentPassword: e.target.value }))} />}
        </Field>
        <Field label="New password" hint="At least 10 characters. Your other devices are signed out." error={errors.newPassword}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={values.newPassword} onChange={(e) => setValues((v) => ({ ...v, newPassword: e.target.value }))} />}
        </Field>
        <button type="submit" className="btn btn-secondary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
      {change.isSuccess && (
        <p className="notice notice-ok" role="status">
          Password changed.{change.data.otherSessionsSignedOut > 0 ? ` ${change.data.otherSessionsSignedOut} other session(s) signed out.` : ''}
        </p>
      )}
      {change.isError && <ErrorNote error={change.error} />}
    </section>
  );
}

function SessionsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        forgetUser(queryClient, trpc.me.get.queryKey());
        navigate('/signin');
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Signed-in devices</h2>
      <p>Lost a phone or signed in on a shared computer? Sign out on every device at once, this one included.</p>
      <button type="button" className="btn btn-secondary" disabled={everywhere.isPending} onClick={() => everywhere.mutate()}>
        {everywhere.isPending ? 'Signing out…' : 'Sign out everywhere'}
      </button>
      {everywhere.isError && <ErrorNote error={everywhere.error} />}
    </section>
  );
}

function CreateInvite() {
  const trpc = useTRPC();
  const invite = useMutation(trpc.me.createInvite.mutationOptions());
  return (
    <div className="invite">
      <p>Create a code and give it to your student. They enter it in their Settings, and you can then follow their progress (read only).</p>
      <button type="button" className="btn btn-secondary" disabled={invite.isPending} onClick={() => invite.mutate()}>
        {invite.isPending ? 'Creating…' : 'Create an invite code'}
      </button>
      {invite.data && (
        <p className="invite-code" role="status">
          Code: <strong className="code">{invite.data.code}</strong> <span className="hint">valid until {formatDate(invite.data.expiresAt)}</span>
        </p>
      )}
      {invite.isError && <ErrorNote error={invite.error} />}
    </div>
  );
}

function AcceptInvite() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const accept = useMutation(
    trpc.me.acceptInvite.mutationOptions({
      onSuccess: () => {
        setCode('');
        return queryClient.invalidateQueries({ queryKey: trpc.me.links.queryKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(AcceptInviteInput, { code });
    if (!checked.ok) return setError(checked.errors.code);
    setError(undefined);
    accept.mutate(checked.data);
  };
  return (
    <form className="invite" onSubmit={submit} noValidate>
      <p>If a parent or tutor gave you an invite code, enter it here to let them see your progress. They cannot change anything.</p>
      <div className="inline-form">
        <Field label="Invite code" error={error}>
          {(p) => <input {...p} type="text" className="input-code" autoComplete="off" maxLength={8} value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} />}
        </Field>
        <button type="submit" className="btn btn-secondary" disabled={accept.isPending}>
          {accept.isPending ? 'Linking…' : 'Link account'}
        </button>
      </div>
      {accept.data && (
        <p className="notice notice-ok" role="status">
          Linked with {accept.data.guardian.displayName}.
        </p>
      )}
      {accept.isError && <ErrorNote error={accept.error} />}
    </form>
  );
}

function DataSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const data = await queryClient.fetchQuery({ ...trpc.me.exportMyData.queryOptions(), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `satprep-my-data-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <section className="card" aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p>Download everything we store about you as a JSON file: your account, sessions, answers, ratings, questions, notes and posts.</p>
      <button type="button" className="btn btn-secondary" disabled={state.busy} onClick={() => void download()}>
        {state.busy ? 'Preparing your file…' : 'Download my data'}
      </button>
      {state.error !== null && <ErrorNote error={state.error} />}
    </section>
  );
}

function DeleteSection() {
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [typed, setTyped] = useState('');
  const phrase = 'DELETE';
  const del = useMutation(
    trpc.me.deleteAccount.mutationOptions({
      onSuccess: () => {
        forgetUser(queryClient, trpc.me.get.queryKey());
        navigate('/account-deleted');
      },
    }),
  );
  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete my account</h2>
      <p>
        This removes your account and everything linked to it — sessions, answers, ratings, notes and community posts — for good. It cannot be undone. If
        you want a copy, download your data first.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === phrase) del.mutate();
        }}
      >
        <Field label={`Type ${phrase} to confirm`} hint={`Deleting ${me.email}.`}>
          {(p) => <input {...p} type="text" autoComplete="off" className="input-code" value={typed} onChange={(e) => setTyped(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-danger" disabled={typed !== phrase || del.isPending}>
          {del.isPending ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
      {del.isError && <p className="notice notice-error" role="alert">{errorMessage(del.error)}</p>}
    </section>
  );
}
