import { useMutation, useQueryClient } from '@tanstack/react-query';
import { SignUpInput } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { Field, FormError } from '../components/ui.tsx';
import { validate, type FieldErrors } from '../lib/forms.ts';
import { useTitle } from '../lib/useTitle.ts';
import { errorMessage, serverFieldErrors, useTRPC } from '../trpc.ts';

/**
 * Students and parents choose their account type. Staff roles are granted: an admin's invite code
 * makes a tutor or admin account at once; a tutor application waits for an admin's approval.
 */
const ROLES = [
  { value: 'student', label: 'Student', hint: 'I am preparing for the SAT.' },
  { value: 'parent', label: 'Parent', hint: 'I want to follow my child’s progress.' },
  { value: 'invite', label: 'I have an invite code', hint: 'An admin invited me as a tutor or admin.' },
  { value: 'tutor', label: 'Tutor application', hint: 'I help students prepare. An admin approves tutor accounts; until then it has no tutor access.' },
] as const;
type Choice = (typeof ROLES)[number]['value'];

export default function SignUp() {
  useTitle('Create your account');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [values, setValues] = useState({ email: '', password: '', displayName: '', role: 'student' as Choice, inviteCode: '', trainingConsent: false });
  const [errors, setErrors] = useState<FieldErrors>({});
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.me.get.queryKey(), result.user);
        navigate('/');
      },
      onError: (err) => setErrors(serverFieldErrors(err)),
    }),
  );
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { inviteCode, role, ...rest } = values;
    // With an invite code the invite decides the role.
    const checked = validate(SignUpInput, role === 'invite' ? { ...rest, inviteCode } : { ...rest, role });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    signUp.mutate(checked.data);
  };

  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Create your account</h1>
        <p className="lead">Practise digital SAT questions, get feedback after every session and a study plan that adapts to you.</p>
        <form onSubmit={submit} noValidate>
          <Field label="Email" error={errors.email}>
            {(p) => <input {...p} type="email" autoComplete="email" value={values.email} onChange={(e) => set('email', e.target.value)} />}
          </Field>
          <Field label="Password" hint="At least 10 characters." error={errors.password}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />}
          </Field>
          <Field label="Display name" hint="Shown to you and in the community. Your first name is enough." error={errors.displayName}>
            {(p) => <input {...p} type="text" autoComplete="nickname" maxLength={80} value={values.displayName} onChange={(e) => set('displayName', e.target.value)} />}
          </Field>
          <fieldset className="role-picker">
            <legend>I am a…</legend>
            {ROLES.map((r) => (
              <label key={r.value} className={`role-option${values.role === r.value ? ' is-selected' : ''}`}>
                <input type="radio" name="role" value={r.value} checked={values.role === r.value} onChange={() => set('role', r.value)} />
                <span>
                  <strong>{r.label}</strong>
                  <span className="hint">{r.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {values.role === 'invite' && (
            <Field label="Invite code" hint="20 letters or digits, as the admin gave it to you (dashes are fine)." error={errors.inviteCode}>
              {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} value={values.inviteCode} onChange={(e) => set('inviteCode', e.target.value)} />}
            </Field>
          )}
          <div className="consent">
            <label className="check check-top">
              <input type="checkbox" checked={values.trainingConsent} onChange={(e) => set('trainingConsent', e.target.checked)} aria-describedby="consent-detail" />
              <span>
                <strong>Help improve the tutor with my practice data</strong>
                <span id="consent-detail" className="hint">
                  If you tick this, your practice interactions — answers, ratings, questions you ask and notes — may be used, with personal details
                  removed, to train the tutoring model. It is optional and you can change it any time in Settings.
                </span>
              </span>
            </label>
          </div>
          <FormError message={signUp.isError && Object.keys(serverFieldErrors(signUp.error)).length === 0 ? errorMessage(signUp.error) : undefined} />
          <button type="submit" className="btn btn-primary btn-block" disabled={signUp.isPending}>
            {signUp.isPending ? 'Creating your account…' : 'Create account'}
          </button>
        </form>
        <p className="auth-switch">
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
