import { useMutation } from '@tanstack/react-query';
import { StartPracticeInput, type Domain } from '@satprep/domain';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearch } from 'wouter';
import { PracticeResults } from '../components/PracticeResults.tsx';
import { PracticeRunner } from '../components/PracticeRunner.tsx';
import { ErrorNote, Field, PageHeader } from '../components/ui.tsx';
import { TAXONOMY_TREE } from '../lib/format.ts';
import { validate, type FieldErrors } from '../lib/forms.ts';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC, type RouterOutputs } from '../trpc.ts';

export type StartedSession = RouterOutputs['practice']['start'];
export type SubmittedSession = RouterOutputs['practice']['submit'];

/** Practice: choose what to practise, answer one question at a time, then see results and feedback. */
export default function Practice() {
  const [session, setSession] = useState<StartedSession | null>(null);
  const [result, setResult] = useState<SubmittedSession | null>(null);
  useTitle(result ? 'Results' : session ? 'Practice session' : 'Practice');
  const restart = () => {
    setResult(null);
    setSession(null);
  };
  if (session && result) return <PracticeResults session={session} result={result} onRestart={restart} />;
  if (session) return <PracticeRunner session={session} onSubmitted={setResult} onQuit={restart} />;
  return <PracticeSetup onStarted={setSession} />;
}

const domainOfSkill = (skill: string) => TAXONOMY_TREE.flatMap((s) => s.domains).find((d) => d.skills.some((k) => k.skill === skill))?.domain;

function PracticeSetup({ onStarted }: { onStarted: (s: StartedSession) => void }) {
  const trpc = useTRPC();
  const params = new URLSearchParams(useSearch());
  const initialSkill = params.get('skill') ?? '';
  const [domain, setDomain] = useState<string>(params.get('domain') ?? (initialSkill ? (domainOfSkill(initialSkill) ?? '') : ''));
  const [skill, setSkill] = useState(initialSkill);
  const [count, setCount] = useState(params.get('count') ?? '10');
  const [errors, setErrors] = useState<FieldErrors>({});
  const start = useMutation(trpc.practice.start.mutationOptions({ onSuccess: onStarted }));
  const autoStarted = useRef(false);

  const domains = TAXONOMY_TREE.flatMap((s) => s.domains);
  const skillsHere = domain ? (domains.find((d) => d.domain === domain)?.skills ?? []) : [];

  const begin = () => {
    const checked = validate(StartPracticeInput, { ...(domain ? { domain } : {}), ...(skill ? { skill } : {}), count: Number(count) });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    start.mutate(checked.data);
  };

  // "Practise this" from the study plan starts at once (once: the ref survives StrictMode's second effect run).
  useEffect(() => {
    if (params.get('start') === '1' && !autoStarted.current) {
      autoStarted.current = true;
      begin();
    }
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    begin();
  };

  return (
    <div className="page narrow">
      <PageHeader title="Practice" />
      <form className="card setup" onSubmit={submit} noValidate>
        <p className="lead">Pick an area to focus on, or leave both open for a mix chosen from the skills you need most.</p>
        <Field label="Content domain" error={errors.domain}>
          {(p) => (
            <select
              {...p}
              value={domain}
              onChange={(e) => {
                setDomain(e.target.value);
                setSkill('');
              }}
            >
              <option value="">Any domain (mixed practice)</option>
              {TAXONOMY_TREE.map((s) => (
                <optgroup key={s.section} label={s.section}>
                  {s.domains.map((d) => (
                    <option key={d.domain} value={d.domain}>
                      {d.domain}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label="Skill" hint={domain ? undefined : 'Choose a domain first to pick one skill.'} error={errors.skill}>
          {(p) => (
            <select {...p} value={skill} disabled={!domain} onChange={(e) => setSkill(e.target.value)}>
              <option value="">{domain ? `Any skill in ${domain as Domain}` : 'Any skill'}</option>
              {skillsHere.map((s) => (
                <option key={s.skill} value={s.skill}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Number of questions" hint="Between 1 and 30. Ten takes about 15 minutes." error={errors.count}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={30} value={count} onChange={(e) => setCount(e.target.value)} className="input-short" />}
        </Field>
        {start.isError && <ErrorNote error={start.error} prefix="We could not start a session." />}
        <button type="submit" className="btn btn-primary" disabled={start.isPending}>
          {start.isPending ? 'Preparing your questions…' : 'Start practice'}
        </button>
      </form>
    </div>
  );
}
