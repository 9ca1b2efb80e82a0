import { useMutation } from '@tanstack/react-query';
import { SubmitPracticeInput } from '@satprep/domain';
import { useEffect, useRef, useState } from 'react';
import type { StartedSession, SubmittedSession } from '../pages/Practice.tsx';
import { formatDuration, skillName } from '../lib/format.ts';
import { validate } from '../lib/forms.ts';
import { useTRPC } from '../trpc.ts';
import { HelpPanel } from './HelpPanel.tsx';
import { QuestionText } from './QuestionResultCard.tsx';
import { ErrorNote, Field } from './ui.tsx';

const MAX_MS = 3_600_000;

/** One question at a time, with a per-question timer that only runs while that question is on screen. */
export function PracticeRunner({ session, onSubmitted, onQuit }: { session: StartedSession; onSubmitted: (r: SubmittedSession) => void; onQuit: () => void }) {
  const trpc = useTRPC();
  const { questions } = session;
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const spent = useRef<Record<string, number>>({});
  const shownAt = useRef(performance.now());
  const [, setTick] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const submit = useMutation(trpc.practice.submit.mutationOptions({ onSuccess: onSubmitted }));

  const question = questions[index]!;
  const commitTime = () => {
    const now = performance.now();
    spent.current[question.id] = (spent.current[question.id] ?? 0) + (now - shownAt.current);
    shownAt.current = now;
  };

  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);

  const go = (next: number) => {
    commitTime();
    setConfirming(false);
    setIndex(next);
    headingRef.current?.focus();
  };

  const unanswered = questions.filter((q) => !(answers[q.id] ?? '').trim()).length;

  const send = () => {
    commitTime();
    const payload = {
      sessionId: session.sessionId,
      answers: questions.map((q) => ({ questionId: q.id, answer: (answers[q.id] ?? '').trim().slice(0, 40), timeSpentMs: Math.min(MAX_MS, Math.round(spent.current[q.id] ?? 0)) })),
    };
    const checked = validate(SubmitPracticeInput, payload);
    if (checked.ok) submit.mutate(checked.data);
  };

  const elapsed = (spent.current[question.id] ?? 0) + (performance.now() - shownAt.current);
  const value = answers[question.id] ?? '';
  const setValue = (v: string) => setAnswers((a) => ({ ...a, [question.id]: v }));
  const isLast = index === questions.length - 1;

  return (
    <div className="page practice">
      <div className="practice-top">
        <p className="practice-count">
          Question {index + 1} of {questions.length}
        </p>
        <p className="timer" aria-label={`Time on this question: ${formatDuration(elapsed)}`}>
          <svg viewBox="0 0 24 24" aria-hidden="true" className="icon">
            <path d="M15 1H9v2h6V1zm-4 13h2V8h-2v6zm8-6.6 1.4-1.4-1.4-1.4-1.5 1.4A9 9 0 1 0 21 13a9 9 0 0 0-2-5.6zM12 20a7 7 0 1 1 0-14 7 7 0 0 1 0 14z" />
          </svg>
          <span aria-hidden="true">{formatDuration(elapsed)}</span>
        </p>
      </div>
      <div className="progress-track" aria-hidden="true">
        <div className="progress-fill" style={{ width: `${((index + 1) / questions.length) * 100}%` }} />
      </div>

      <article className="card question-card" aria-labelledby="question-heading">
        <header className="question-head">
          <h1 id="question-heading" ref={headingRef} tabIndex={-1}>
            Question {index + 1}
          </h1>
          <span className="tag">{skillName(question.skill)}</span>
          <span className="tag tag-quiet">{['', 'Easier', 'Medium', 'Harder'][question.difficulty]}</span>
        </header>
        <QuestionText question={question} />
        {question.format === 'mcq' ? (
          <fieldset className="choices">
            <legend className="visually-hidden">Answer choices</legend>
            {question.choices.map((c) => (
              <label key={c.label} className={`choice${value === c.label ? ' is-selected' : ''}`}>
                <input type="radio" name={`q-${question.id}`} value={c.label} checked={value === c.label} onChange={() => setValue(c.label)} />
                <span className="choice-letter" aria-hidden="true">
                  {c.label}
                </span>
                <span className="choice-text">
                  <span className="visually-hidden">{c.label}. </span>
                  {c.text}
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <Field label="Your answer" hint="Type a number. Fractions like 7/2 and decimals like 3.5 are fine; negative answers start with -.">
            {(p) => <input {...p} type="text" inputMode="decimal" autoComplete="off" maxLength={40} className="input-grid" value={value} onChange={(e) => setValue(e.target.value)} />}
          </Field>
        )}
      </article>

      <nav className="practice-nav" aria-label="Move between questions">
        <button type="button" className="btn btn-secondary" disabled={index === 0} onClick={() => go(index - 1)}>
          Previous
        </button>
        <ol className="question-dots">
          {questions.map((q, i) => (
            <li key={q.id}>
              <button
                type="button"
                className={`dot${i === index ? ' is-current' : ''}${(answers[q.id] ?? '').trim() ? ' is-answered' : ''}`}
                aria-current={i === index ? 'step' : undefined}
                aria-label={`Question ${i + 1}${(answers[q.id] ?? '').trim() ? ', answered' : ''}`}
                onClick={() => go(i)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        {isLast ? (
          <button type="button" className="btn btn-primary" disabled={submit.isPending} onClick={() => (unanswered > 0 ? setConfirming(true) : send())}>
            {submit.isPending ? 'Scoring…' : 'Submit'}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => go(index + 1)}>
            Next
          </button>
        )}
      </nav>
      {!isLast && (
        <p className="submit-early">
          <button type="button" className="btn btn-ghost btn-small" disabled={submit.isPending} onClick={() => (unanswered > 0 ? setConfirming(true) : send())}>
            Submit now
          </button>
        </p>
      )}
      {confirming && (
        <div className="notice notice-wait confirm" role="alert">
          <p>
            {unanswered === 1 ? 'One question is' : `${unanswered} questions are`} not answered yet. Unanswered questions count as incorrect.
          </p>
          <div className="row">
            <button type="button" className="btn btn-primary btn-small" disabled={submit.isPending} onClick={send}>
              Submit anyway
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(false)}>
              Keep working
            </button>
          </div>
        </div>
      )}
      {submit.isError && <ErrorNote error={submit.error} prefix="Your answers were not submitted yet; nothing is lost." onRetry={send} />}

      <HelpPanel key={question.id} questionId={question.id} sessionId={session.sessionId} />

      <p className="quit">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => {
            if (window.confirm('Leave this session? Your answers so far will not be saved.')) onQuit();
          }}
        >
          Leave session
        </button>
      </p>
    </div>
  );
}
