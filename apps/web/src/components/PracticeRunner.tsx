import { useMutation } from '@tanstack/react-query';
import { parseNumericAnswer, SubmitPracticeInput } from '@satprep/domain';
import { useEffect, useRef, useState } from 'react';
import type { SavedAnswers, StartedSession, SubmittedSession } from '../pages/Practice.tsx';
import { formatDuration, skillName } from '../lib/format.ts';
import { validate } from '../lib/forms.ts';
import { useTRPC } from '../trpc.ts';
import { HelpPanel } from './HelpPanel.tsx';
import { MathText } from './MathText.tsx';
import { Passage, QuestionText } from './QuestionResultCard.tsx';
import { RunnerTools } from './RunnerTools.tsx';
import { ErrorNote, Field } from './ui.tsx';

const MAX_MS = 3_600_000;

/** A typed (grid-in) answer is saved once typing pauses this long; a choice at once. */
const TYPING_PAUSE_MS = 600;
/** Whether the student hid the timer (kept for later sessions on this device). */
const TIMER_HIDDEN_KEY = 'satprep.timer.hidden';

/** How a grid-in entry will be read: its value, or why it cannot be read. */
function gridPreview(raw: string): { ok: boolean; text: string } | null {
  const s = raw.trim();
  if (!s) return null;
  const value = parseNumericAnswer(s);
  if (value === null) return { ok: false, text: 'Not a number we can read: use digits, one decimal point or one fraction bar, and - for negatives (3.5, 7/2, -4).' };
  const shown = Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
  return { ok: true, text: s.includes('/') ? `Read as ${s.replace(/\s+/g, '')} = ${shown}` : `Read as ${shown}` };
}

/**
 * One question at a time, with a per-question timer that only runs while that question is on screen.
 * Each answer is saved on the server as it is given (with the time spent so far), so a reload,
 * Back or another device resumes the session; a resumed session starts from `savedAnswers`, at
 * its first unanswered question. While a save is outstanding, leaving the page asks first.
 */
export function PracticeRunner({ session, savedAnswers = {}, onSubmitted, onQuit }: { session: StartedSession; savedAnswers?: SavedAnswers; onSubmitted: (r: SubmittedSession) => void; onQuit: () => void }) {
  const trpc = useTRPC();
  const { questions } = session;
  const [index, setIndex] = useState(() => {
    const first = questions.findIndex((q) => !savedAnswers[q.id]?.answer.trim());
    return first < 0 ? questions.length - 1 : first;
  });
  const [answers, setAnswers] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(savedAnswers).map(([id, a]) => [id, a.answer])));
  const [checking, setChecking] = useState(false);
  const marks = useSessionMarks(session.sessionId);
  const [timerHidden, setTimerHidden] = useState(() => localStorage.getItem(TIMER_HIDDEN_KEY) === '1');
  const toggleTimer = () => {
    localStorage.setItem(TIMER_HIDDEN_KEY, timerHidden ? '0' : '1');
    setTimerHidden(!timerHidden);
  };
  const spent = useRef<Record<string, number>>(Object.fromEntries(Object.entries(savedAnswers).map(([id, a]) => [id, a.timeSpentMs])));
  const shownAt = useRef(performance.now());
  const [, setTick] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const submit = useMutation(trpc.practice.submit.mutationOptions({ onSuccess: onSubmitted }));
  const saves = useAnswerSaves(session.sessionId);

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
    if (checking) {
      // Time on the check page belongs to no question.
      shownAt.current = performance.now();
      setChecking(false);
    } else commitTime();
    // The time spent on an answered question is saved with its answer (a resumed session keeps it).
    if ((answers[question.id] ?? '').trim()) saves.save(question.id, answers[question.id]!, spent.current[question.id] ?? 0, 0);
    setIndex(next);
    headingRef.current?.focus();
  };

  const unanswered = questions.filter((q) => !(answers[q.id] ?? '').trim()).length;

  const send = () => {
    commitTime();
    saves.flush();
    const payload = {
      sessionId: session.sessionId,
      answers: questions.map((q) => ({ questionId: q.id, answer: (answers[q.id] ?? '').trim().slice(0, 40), timeSpentMs: Math.min(MAX_MS, Math.round(spent.current[q.id] ?? 0)) })),
    };
    const checked = validate(SubmitPracticeInput, payload);
    if (checked.ok) submit.mutate(checked.data);
  };

  /** The check page: what is answered, unanswered and marked, before the answers are sent. */
  const openCheck = () => {
    commitTime();
    const current = answers[question.id] ?? '';
    if (current.trim()) saves.save(question.id, current, spent.current[question.id] ?? 0, 0);
    setChecking(true);
  };

  const elapsed = (spent.current[question.id] ?? 0) + (performance.now() - shownAt.current);
  const value = answers[question.id] ?? '';
  const setValue = (v: string) => {
    setAnswers((a) => ({ ...a, [question.id]: v }));
    commitTime();
    saves.save(question.id, v, spent.current[question.id] ?? 0, question.format === 'mcq' ? 0 : TYPING_PAUSE_MS);
  };
  const isLast = index === questions.length - 1;

  if (checking) {
    const marked = questions.filter((q) => marks.isMarked(q.id)).length;
    return (
      <div className="page practice">
        <h1>Check your answers</h1>
        <p className="lead">
          {questions.length - unanswered} of {questions.length} answered{marked ? `, ${marked} marked for review` : ''}.
          {unanswered > 0 && ` ${unanswered === 1 ? 'One unanswered question counts' : `${unanswered} unanswered questions count`} as incorrect.`} Choose a question to go back to it.
        </p>
        <ol className="check-grid">
          {questions.map((q, i) => {
            const done = Boolean((answers[q.id] ?? '').trim());
            const status = `${done ? 'Answered' : 'Unanswered'}${marks.isMarked(q.id) ? ', marked for review' : ''}`;
            return (
              <li key={q.id}>
                <button type="button" className={`check-item${done ? ' is-answered' : ''}${marks.isMarked(q.id) ? ' is-marked' : ''}`} onClick={() => go(i)}>
                  <span className="check-number">Question {i + 1}</span>
                  <span className="check-status">{status}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={submit.isPending} onClick={send}>
            {submit.isPending ? 'Scoring…' : 'Submit answers'}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => go(index)}>
            Back to questions
          </button>
        </div>
        {submit.isError && <ErrorNote error={submit.error} prefix="Your answers were not submitted yet; nothing is lost." onRetry={send} />}
      </div>
    );
  }

  const preview = question.format === 'mcq' ? null : gridPreview(value);
  return (
    <div className={`page practice${question.passage ? ' has-passage' : ''}`}>
      <div className="practice-top">
        <p className="practice-count">
          Question {index + 1} of {questions.length}
        </p>
        <p className={`save-state${saves.state === 'failed' ? ' is-failed' : ''}`} role="status">
          {saves.state === 'saved' ? 'Answers saved' : saves.state === 'saving' ? 'Saving…' : saves.state === 'failed' ? 'Not saved yet: will retry when online' : ''}
        </p>
        <div className="timer-box">
          {!timerHidden && (
            <p className="timer">
              <span className="visually-hidden">Time on this question: </span>
              <svg viewBox="0 0 24 24" aria-hidden="true" className="icon">
                <path d="M15 1H9v2h6V1zm-4 13h2V8h-2v6zm8-6.6 1.4-1.4-1.4-1.4-1.5 1.4A9 9 0 1 0 21 13a9 9 0 0 0-2-5.6zM12 20a7 7 0 1 1 0-14 7 7 0 0 1 0 14z" />
              </svg>
              <span>{formatDuration(elapsed)}</span>
            </p>
          )}
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={timerHidden} onClick={toggleTimer}>
            {timerHidden ? 'Show timer' : 'Hide timer'}
          </button>
        </div>
      </div>
      <div className="progress-track" aria-hidden="true">
        <div className="progress-fill" style={{ width: `${((index + 1) / questions.length) * 100}%` }} />
      </div>
      <RunnerTools
        math={question.section === 'Math'}
        choices={question.format === 'mcq' ? question.choices.map((c) => c.label) : []}
        selected={value}
        isStruck={(label) => marks.isStruck(question.id, label)}
        onChoose={(label) => {
          if (marks.isStruck(question.id, label)) marks.toggleStrike(question.id, label);
          setValue(label);
        }}
        onStrike={(label) => marks.toggleStrike(question.id, label)}
        isMarked={marks.isMarked(question.id)}
        onMark={() => marks.toggleMark(question.id)}
        onNext={isLast ? undefined : () => go(index + 1)}
        onPrevious={index === 0 ? undefined : () => go(index - 1)}
      />

      <article className={`card question-card${question.passage ? ' has-passage' : ''}`} aria-labelledby="question-heading">
        <header className="question-head">
          <h1 id="question-heading" ref={headingRef} tabIndex={-1}>
            Question {index + 1}
          </h1>
          <span className="tag">{skillName(question.skill)}</span>
          <span className="tag tag-quiet">{['', 'Easier', 'Medium', 'Harder'][question.difficulty]}</span>
          <button type="button" className={`btn btn-small mark-button${marks.isMarked(question.id) ? ' is-marked' : ''}`} aria-pressed={marks.isMarked(question.id)} onClick={() => marks.toggleMark(question.id)}>
            <svg viewBox="0 0 24 24" aria-hidden="true" className="icon">
              <path d="M6 2h12v20l-6-4-6 4z" />
            </svg>
            Mark for review
          </button>
        </header>
        {/* On a wide screen a passage sits beside the question, as in the digital SAT. */}
        <div className="question-body">
          {question.passage && (
            // Scrolls on its own beside the question: focusable, so the keyboard can scroll it too.
            <div className="passage-pane" role="region" aria-label="Passage" tabIndex={0}>
              <Passage text={question.passage} />
            </div>
          )}
          <div className="question-work">
            <QuestionText question={{ ...question, passage: undefined }} />
            {question.format === 'mcq' ? (
              <fieldset className="choices">
                <legend className="visually-hidden">Answer choices</legend>
                {question.choices.map((c) => {
                  const struck = marks.isStruck(question.id, c.label);
                  return (
                    <div key={c.label} className={`choice-row${struck ? ' is-struck' : ''}`}>
                      <label className={`choice${value === c.label ? ' is-selected' : ''}`}>
                        <input
                          type="radio"
                          name={`q-${question.id}`}
                          value={c.label}
                          checked={value === c.label}
                          onChange={() => {
                            // Choosing a struck-out choice brings it back.
                            if (struck) marks.toggleStrike(question.id, c.label);
                            setValue(c.label);
                          }}
                        />
                        <span className="choice-letter" aria-hidden="true">
                          {c.label}
                        </span>
                        <span className="choice-text">
                          <span className="visually-hidden">{c.label}. </span>
                          <MathText text={c.text} />
                          {struck && <span className="visually-hidden"> (struck out)</span>}
                        </span>
                      </label>
                      <button type="button" className="btn btn-icon eliminate" aria-pressed={struck} aria-label={`Strike out choice ${c.label}`} title={struck ? 'Bring this choice back' : 'Strike out this choice'} onClick={() => marks.toggleStrike(question.id, c.label)}>
                        <span aria-hidden="true">{c.label}</span>
                      </button>
                    </div>
                  );
                })}
              </fieldset>
            ) : (
              <>
                <Field label="Your answer" hint="Type a number. Fractions like 7/2 and decimals like 3.5 are fine; negative answers start with -.">
                  {(p) => <input {...p} type="text" inputMode="decimal" autoComplete="off" maxLength={40} className="input-grid" value={value} onChange={(e) => setValue(e.target.value)} />}
                </Field>
                <p className={`grid-preview${preview && !preview.ok ? ' is-unreadable' : ''}`} aria-live="polite">
                  {preview?.text ?? ''}
                </p>
              </>
            )}
          </div>
        </div>
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
                className={`dot${i === index ? ' is-current' : ''}${(answers[q.id] ?? '').trim() ? ' is-answered' : ''}${marks.isMarked(q.id) ? ' is-marked' : ''}`}
                aria-current={i === index ? 'step' : undefined}
                aria-label={`Question ${i + 1}${(answers[q.id] ?? '').trim() ? ', answered' : ''}${marks.isMarked(q.id) ? ', marked for review' : ''}`}
                onClick={() => go(i)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        {isLast ? (
          <button type="button" className="btn btn-primary" disabled={submit.isPending} onClick={openCheck}>
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
          <button type="button" className="btn btn-ghost btn-small" disabled={submit.isPending} onClick={openCheck}>
            Submit now
          </button>
        </p>
      )}
      {submit.isError && <ErrorNote error={submit.error} prefix="Your answers were not submitted yet; nothing is lost." onRetry={send} />}

      <HelpPanel key={question.id} questionId={question.id} sessionId={session.sessionId} earlier />

      <p className="quit">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => {
            if (window.confirm(saves.state === 'failed' ? 'Leave this session? Some answers are not saved yet and will be lost.' : 'Leave this session? Your answers are saved: you can resume it from Practice within 24 hours.')) onQuit();
          }}
        >
          Leave session
        </button>
      </p>
    </div>
  );
}

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * Saves answers of one session as they are given: the latest value per question, one request at a
 * time per question (a later value waits for the earlier request, so the server ends with the
 * latest), after `delayMs` for typed answers. Failed saves are retried when the browser is back
 * online or on the next change; `beforeunload` asks before leaving while any is outstanding.
 */
function useAnswerSaves(sessionId: number) {
  const trpc = useTRPC();
  const saveAnswer = useMutation(trpc.practice.saveAnswer.mutationOptions());
  const [state, setState] = useState<SaveState>('idle');
  const pending = useRef(new Map<string, { answer: string; timeSpentMs: number; timer: ReturnType<typeof setTimeout> | null }>());
  const inFlight = useRef(new Set<string>());
  const failed = useRef(false);

  const refresh = () => setState(pending.current.size || inFlight.current.size ? (failed.current ? 'failed' : 'saving') : failed.current ? 'failed' : 'saved');

  const run = (questionId: string) => {
    const p = pending.current.get(questionId);
    if (!p || inFlight.current.has(questionId)) return;
    pending.current.delete(questionId);
    inFlight.current.add(questionId);
    refresh();
    saveAnswer.mutate(
      { sessionId, questionId, answer: p.answer.trim().slice(0, 40), timeSpentMs: Math.min(MAX_MS, Math.round(p.timeSpentMs)) },
      {
        onSuccess: () => { failed.current = false; },
        onError: (err) => {
          // A submitted session takes no more answers: nothing to retry. Otherwise keep the value for a retry (unless a newer one came).
          if ((err as { data?: { code?: string } }).data?.code === 'CONFLICT') return;
          failed.current = true;
          if (!pending.current.has(questionId)) pending.current.set(questionId, { ...p, timer: null });
        },
        onSettled: () => {
          inFlight.current.delete(questionId);
          const next = pending.current.get(questionId);
          if (next && !next.timer && !failed.current) run(questionId);
          refresh();
        },
      },
    );
  };

  const save = (questionId: string, answer: string, timeSpentMs: number, delayMs: number) => {
    const old = pending.current.get(questionId);
    if (old?.timer) clearTimeout(old.timer);
    const timer = delayMs > 0 ? setTimeout(() => { pending.current.get(questionId)!.timer = null; run(questionId); }, delayMs) : null;
    pending.current.set(questionId, { answer, timeSpentMs, timer });
    if (failed.current) retryAll();
    else if (!timer) run(questionId);
    refresh();
  };

  const retryAll = () => {
    failed.current = false;
    for (const [id, p] of pending.current) if (!p.timer) run(id);
  };

  /** Sends every waiting save now (before a submit). */
  const flush = () => {
    for (const [id, p] of pending.current) {
      if (p.timer) clearTimeout(p.timer);
      p.timer = null;
      run(id);
    }
  };

  useEffect(() => {
    const online = () => retryAll();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (pending.current.size || inFlight.current.size) e.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);

  return { state, save, flush };
}

/**
 * Marks for review and struck-out choices of one session: the student's own aids, not answers, kept
 * in this tab's sessionStorage (a reload keeps them; the server never needs them).
 */
function useSessionMarks(sessionId: number) {
  const key = `satprep.practice.${sessionId}.marks`;
  const [state, setState] = useState<{ marked: string[]; struck: Record<string, string[]> }>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(key) ?? '') as { marked: string[]; struck: Record<string, string[]> };
    } catch {
      return { marked: [], struck: {} };
    }
  });
  const update = (next: typeof state) => {
    setState(next);
    try {
      sessionStorage.setItem(key, JSON.stringify(next));
    } catch {
      // Storage full or disabled: the marks last as long as the page.
    }
  };
  return {
    isMarked: (questionId: string) => state.marked.includes(questionId),
    toggleMark: (questionId: string) =>
      update({ ...state, marked: state.marked.includes(questionId) ? state.marked.filter((id) => id !== questionId) : [...state.marked, questionId] }),
    isStruck: (questionId: string, label: string) => state.struck[questionId]?.includes(label) ?? false,
    toggleStrike: (questionId: string, label: string) => {
      const now = state.struck[questionId] ?? [];
      update({ ...state, struck: { ...state.struck, [questionId]: now.includes(label) ? now.filter((l) => l !== label) : [...now, label] } });
    },
  };
}
