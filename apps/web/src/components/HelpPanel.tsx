import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { HelpInput } from '@satprep/domain';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { newEventId, validate } from '../lib/forms.ts';
import { deliveredOf, isRetryable, pendingOf, queueOnFailure, useOutbox } from '../lib/outbox.ts';
import { speechErrorMessage, speechRecognitionCtor, type Recognition } from '../lib/speech.ts';
import { useStreamedText } from '../lib/stream.ts';
import { errorMessage, useTRPC, useTRPCClient, type RouterInputs, type RouterOutputs } from '../trpc.ts';
import { Field } from './ui.tsx';
import { MathText } from './MathText.tsx';

type HelpAnswer = Pick<RouterOutputs['practice']['help'], 'helpRequestId' | 'answer' | 'inputMode'>;

/**
 * "Need help? Ask a question!": typed or spoken questions about one item, answered by the tutor.
 * `earlier`: also show what was asked about this item earlier in the session (the runner, where a
 * student comes back to a question; the results and review screens show it in PastHelp).
 */
export function HelpPanel({ questionId, sessionId, earlier = false }: { questionId: string; sessionId?: number | undefined; earlier?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pastKey = trpc.practice.sessionHelp.queryKey({ sessionId: sessionId ?? 0 });
  // One read per session, kept while the runner is open; refreshed after each question asked or rated.
  const past = useQuery(trpc.practice.sessionHelp.queryOptions({ sessionId: sessionId ?? 0 }, { enabled: earlier && sessionId !== undefined, staleTime: Infinity, refetchOnWindowFocus: false }));
  const refreshPast = () => (earlier ? void queryClient.invalidateQueries({ queryKey: pastKey }) : undefined);
  const outbox = useOutbox();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [fromSpeech, setFromSpeech] = useState(false);
  const [fieldError, setFieldError] = useState<string>();
  const [answers, setAnswers] = useState<{ query: string; answer: HelpAnswer }[]>([]);
  // Once the question is answered, or waiting in the outbox (shown below as waiting), the box lets go of it.
  const clear = () => {
    setQuery('');
    setFromSpeech(false);
  };
  // The answer streams in as the tutor writes it (a remote model); it is stored once, complete.
  const client = useTRPCClient();
  const streamed = useStreamedText();
  const ask = useMutation({
    mutationKey: trpc.practice.helpStream.mutationKey(),
    mutationFn: (input: RouterInputs['practice']['help']): Promise<HelpAnswer> => streamed.read(client.practice.helpStream.mutate(input)),
    onError: queueOnFailure('practice.help', clear),
  });
  const live = streamed.text !== null && ask.variables ? { query: ask.variables.query, text: streamed.text } : null;

  // Questions about this item waiting in the outbox (also those left from an earlier visit), and the
  // answers it fetched once the connection came back, each under the question that was asked.
  const sameItem = (input: { questionId: string; sessionId?: number | undefined }) => input.questionId === questionId && input.sessionId === sessionId;
  const waiting = pendingOf(outbox, 'practice.help').filter((e) => sameItem(e.input));
  const late = deliveredOf(outbox, 'practice.help')
    .filter((d) => sameItem(d.input) && !answers.some((a) => a.answer.helpRequestId === d.result.helpRequestId))
    .map((d) => ({ query: d.input.query, answer: d.result }));
  // A disabled query still returns what another screen cached under its key: only the runner shows it.
  const before = (earlier ? (past.data ?? []) : [])
    .filter((r) => r.questionId === questionId && !answers.some((a) => a.answer.helpRequestId === r.helpRequestId) && !late.some((a) => a.answer.helpRequestId === r.helpRequestId))
    .map((r) => ({ query: r.query, answer: r, helpful: r.helpful }));
  const shown: { query: string; answer: HelpAnswer; helpful: boolean | null }[] = [...before, ...[...answers, ...late].map((a) => ({ ...a, helpful: null }))]
    .sort((a, b) => a.answer.helpRequestId - b.answer.helpRequestId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clientEventId = newEventId();
    const input = { questionId, ...(sessionId !== undefined ? { sessionId } : {}), query, inputMode: fromSpeech ? ('speech' as const) : ('text' as const), clientEventId };
    const checked = validate(HelpInput, input);
    if (!checked.ok) {
      setFieldError(checked.errors.query ?? Object.values(checked.errors)[0]);
      return;
    }
    if (waiting.some((w) => w.input.query === checked.data.query)) {
      setFieldError('You already asked this. It is waiting to send.');
      return;
    }
    setFieldError(undefined);
    ask.mutate(checked.data, {
      onSuccess: (answer) => {
        setAnswers((list) => [...list, { query: checked.data.query, answer }]);
        clear();
        refreshPast();
      },
    });
  };

  return (
    <details className="help" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        Need help? Ask a question!
        {before.length > 0 && !open && <span className="help-earlier"> · {before.length === 1 ? 'your earlier question' : `${before.length} earlier questions`}</span>}
      </summary>
      <div className="help-body">
        {shown.map((a) => (
          <HelpAnswerCard key={a.answer.helpRequestId} query={a.query} answer={a.answer} rated={a.helpful} onRated={refreshPast} />
        ))}
        {live && (
          <article className="help-answer help-streaming" aria-busy="true">
            <p className="help-question">
              <span className="visually-hidden">You asked: </span>
              {live.query}
            </p>
            <div className="help-text">
              <p className="help-from">Tutor</p>
              <p>{live.text || 'Thinking…'}</p>
            </div>
          </article>
        )}
        {waiting.map((w) => (
          <article key={w.id} className="help-answer help-waiting">
            <p className="help-question">
              <span className="visually-hidden">You asked: </span>
              {w.input.query}
            </p>
            <p className="help-waiting-note">
              <span className="tag tag-quiet">Waiting to send</span> The tutor’s answer will appear here.
            </p>
          </article>
        ))}
        <form onSubmit={submit} className="help-form">
          <Field
            label="Your question about this problem"
            hint={speechRecognitionCtor() ? 'Type it, or press Speak and edit what we heard before sending.' : undefined}
            error={fieldError}
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                maxLength={2000}
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  if (!e.target.value.trim()) setFromSpeech(false);
                }}
              />
            )}
          </Field>
          <div className="help-actions">
            <SpeechButton
              onTranscript={(text) => {
                setQuery(text);
                setFromSpeech(true);
              }}
            />
            <button type="submit" className="btn btn-primary" disabled={ask.isPending}>
              {ask.isPending ? 'Asking the tutor…' : 'Ask'}
            </button>
          </div>
          <div role="status" aria-live="polite">
            {waiting.length > 0 && (
              <p className="notice notice-wait">
                You are offline. Your {waiting.length === 1 ? 'question is' : 'questions are'} saved on this device and the {waiting.length === 1 ? 'answer' : 'answers'} will appear here once you are back online.
              </p>
            )}
          </div>
          {ask.isError && !isRetryable(ask.error) && (
            <p className="notice notice-error" role="alert">
              {errorMessage(ask.error)}
            </p>
          )}
        </form>
      </div>
    </details>
  );
}

function HelpAnswerCard({ query, answer, rated, onRated }: { query: string; answer: HelpAnswer; rated: boolean | null; onRated: () => void }) {
  const trpc = useTRPC();
  const rate = useMutation(trpc.practice.rateHelp.mutationOptions({ onSuccess: onRated }));
  const helpful = rate.variables?.helpful ?? rated;
  return (
    <article className="help-answer">
      {query && (
        <p className="help-question">
          <span className="visually-hidden">You asked: </span>
          {query}
          {answer.inputMode === 'speech' && <span className="tag">spoken</span>}
        </p>
      )}
      <div className="help-text">
        <p className="help-from">Tutor</p>
        <p>
          <MathText text={answer.answer} />
        </p>
      </div>
      <div className="thumbs" role="group" aria-label="Was this answer helpful?">
        <span className="thumbs-label" aria-hidden="true">
          Was this helpful?
        </span>
        <button
          type="button"
          className="btn btn-icon"
          aria-pressed={helpful === true}
          aria-label="Yes, this helped"
          disabled={rate.isPending}
          onClick={() => rate.mutate({ helpRequestId: answer.helpRequestId, helpful: true })}
        >
          <Thumb />
        </button>
        <button
          type="button"
          className="btn btn-icon"
          aria-pressed={helpful === false}
          aria-label="No, this did not help"
          disabled={rate.isPending}
          onClick={() => rate.mutate({ helpRequestId: answer.helpRequestId, helpful: false })}
        >
          <Thumb down />
        </button>
        <span role="status" className="thumbs-status">
          {rate.isSuccess ? 'Thanks for telling us.' : rate.isError ? errorMessage(rate.error) : ''}
        </span>
      </div>
    </article>
  );
}

function Thumb({ down = false }: { down?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" style={down ? { transform: 'rotate(180deg)' } : undefined}>
      <path d="M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z" />
    </svg>
  );
}

/** Microphone button: fills the question box with what the browser heard; explains itself where speech is unavailable. */
function SpeechButton({ onTranscript }: { onTranscript: (text: string) => void }) {
  const Ctor = speechRecognitionCtor();
  const recognition = useRef<Recognition | null>(null);
  const [listening, setListening] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => () => recognition.current?.abort(), []);

  if (!Ctor) {
    return <p className="hint speech-unavailable">Voice input is not available in this browser. You can type your question instead.</p>;
  }

  const toggle = () => {
    if (listening) {
      recognition.current?.stop();
      return;
    }
    const r = new Ctor();
    r.lang = document.documentElement.lang || 'en-US';
    r.interimResults = true;
    r.continuous = false;
    r.maxAlternatives = 1;
    r.onresult = (event) => {
      let text = '';
      for (let i = 0; i < event.results.length; i++) text += event.results[i]![0].transcript;
      onTranscript(text.trim());
    };
    r.onerror = (event) => setMessage(speechErrorMessage(event.error));
    r.onend = () => setListening(false);
    recognition.current = r;
    setMessage('');
    try {
      r.start();
      setListening(true);
    } catch {
      setMessage(speechErrorMessage('unknown'));
    }
  };

  return (
    <>
      <button type="button" className={`btn btn-secondary${listening ? ' btn-listening' : ''}`} aria-pressed={listening} onClick={toggle}>
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="icon">
          <path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9h-2z" />
        </svg>
        {listening ? 'Stop listening' : 'Speak'}
      </button>
      <span role="status" className="hint">
        {listening ? 'Listening… speak your question.' : message}
      </span>
    </>
  );
}
