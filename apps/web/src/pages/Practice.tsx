import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { StartPracticeInput, type Domain } from '@satprep/domain';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { PracticeRunner } from '../components/PracticeRunner.tsx';

/** Loaded once a session is submitted: its cards, notes and past help are not needed before. */
const PracticeResults = lazy(() => import('../components/PracticeResults.tsx').then((m) => ({ default: m.PracticeResults })));
import { ErrorNote, Field, PageHeader } from '../components/ui.tsx';
import { formatDateTime, plural, TAXONOMY_TREE } from '../lib/format.ts';
import { validate, type FieldErrors } from '../lib/forms.ts';
import { useTitle } from '../lib/useTitle.ts';
import { useTRPC, type RouterOutputs } from '../trpc.ts';

export type StartedSession = RouterOutputs['practice']['start'];
export type SubmittedSession = RouterOutputs['practice']['submit'];
export type CurrentSession = NonNullable<RouterOutputs['practice']['current']>;
/** Answers saved on the server before this page opened the session (a resumed session). */
export type SavedAnswers = CurrentSession['answers'];

/**
 * Practice: choose what to practise, answer one question at a time, then see results and feedback.
 * Answers are saved as they are given: the URL names the open session (`?session=ID`), so a reload
 * resumes it at once, and the setup offers the latest unfinished session of the last 24 hours.
 */
export default function Practice() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const [session, setSession] = useState<StartedSession | null>(null);
  const [saved, setSaved] = useState<SavedAnswers>({});
  const [result, setResult] = useState<SubmittedSession | null>(null);
  const current = useQuery({ ...trpc.practice.current.queryOptions(), enabled: !session, staleTime: 0 });
  useTitle(result ? 'Results' : session ? 'Practice session' : 'Practice');

  const open = (s: StartedSession, answers: SavedAnswers = {}) => {
    setSaved(answers);
    setSession(s);
    navigate(`/practice?session=${s.sessionId}`, { replace: true });
  };
  const restart = () => {
    setResult(null);
    setSession(null);
    void queryClient.invalidateQueries({ queryKey: trpc.practice.current.queryKey() });
    navigate('/practice', { replace: true });
  };
  const submitted = (r: SubmittedSession) => {
    // The submitted session is no longer unfinished: the Practice screen must not offer it while `current` refetches.
    queryClient.setQueryData(trpc.practice.current.queryKey(), null);
    setResult(r);
    navigate('/practice', { replace: true });
  };

  // A reload (or Back to this URL) of an open session resumes it without asking.
  const wanted = Number(params.get('session'));
  useEffect(() => {
    if (!session && current.data && current.data.sessionId === wanted) open(current.data, current.data.answers);
  }, [current.data, wanted, session]);

  if (session && result)
    return (
      <Suspense fallback={<div className="page narrow"><p className="muted">Loading your results…</p></div>}>
        <PracticeResults session={session} result={result} onRestart={restart} />
      </Suspense>
    );
  if (session) return <PracticeRunner key={session.sessionId} session={session} savedAnswers={saved} onSubmitted={submitted} onQuit={restart} />;
  if (wanted && current.isPending) return <div className="page narrow"><p className="muted">Opening your session…</p></div>;
  return <PracticeSetup unfinished={current.data ?? null} onResume={(c) => open(c, c.answers)} onStarted={(s) => open(s)} />;
}

/** The latest unfinished session, offered above the setup form. */
function ResumeCard({ session, onResume }: { session: CurrentSession; onResume: () => void }) {
  const answered = Object.values(session.answers).filter((a) => a.answer.trim()).length;
  return (
    <section className="card resume-card" aria-labelledby="resume-heading">
      <h2 id="resume-heading">Unfinished session</h2>
      <p>
        Started {formatDateTime(session.startedAt)}: {answered} of {plural(session.questions.length, 'question')} answered. Your answers are saved.
      </p>
      <button type="button" className="btn btn-primary" onClick={onResume}>
        Resume session
      </button>
      <p className="hint">Starting a new session below leaves this one unfinished.</p>
    </section>
  );
}

const domainOfSkill = (skill: string) => TAXONOMY_TREE.flatMap((s) => s.domains).find((d) => d.skills.some((k) => k.skill === skill))?.domain;

function PracticeSetup({ unfinished, onResume, onStarted }: { unfinished: CurrentSession | null; onResume: (s: CurrentSession) => void; onStarted: (s: StartedSession) => void }) {
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
      {unfinished && <ResumeCard session={unfinished} onResume={() => onResume(unfinished)} />}
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
