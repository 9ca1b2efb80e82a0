import { useMutation, useQueryClient } from '@tanstack/react-query';
import { SignInInput } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { Field, FormError } from '../components/ui.tsx';
import { validate, type FieldErrors } from '../lib/forms.ts';
import { useTitle } from '../lib/useTitle.ts';
import { errorMessage, serverFieldErrors, useTRPC } from '../trpc.ts';

export default function SignIn({ notice }: { notice?: string | undefined }) {
  useTitle('Sign in');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [values, setValues] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.me.get.queryKey(), result.user);
        navigate('/');
      },
      onError: (err) => setErrors(serverFieldErrors(err)),
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(SignInInput, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    signIn.mutate(checked.data);
  };

  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Welcome back</h1>
        <p className="lead">Sign in to continue your SAT practice.</p>
        {notice && (
          <p className="notice notice-ok" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <Field label="Email" error={errors.email}>
            {(p) => <input {...p} type="email" autoComplete="email" value={values.email} onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))} />}
          </Field>
          <Field label="Password" error={errors.password}>
            {(p) => <input {...p} type="password" autoComplete="current-password" value={values.password} onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))} />}
          </Field>
          <FormError message={signIn.isError && Object.keys(serverFieldErrors(signIn.error)).length === 0 ? errorMessage(signIn.error) : undefined} />
          <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch">
          New here? <Link href="/signup">Create an account</Link>
        </p>
      </div>
    </div>
  );
}
