import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CommunityAnswerInput } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { ErrorNote, Field, Loading } from '../components/ui.tsx';
import { formatDateTime, skillName } from '../lib/format.ts';
import { validate } from '../lib/forms.ts';
import { useMe } from '../lib/me.tsx';
import { useTitle } from '../lib/useTitle.ts';
import { errorMessage, useTRPC, type RouterOutputs } from '../trpc.ts';
import { MathText } from '../components/MathText.tsx';

type Answer = RouterOutputs['community']['get']['answers'][number];

export default function CommunityQuestion({ questionId }: { questionId: number }) {
  const trpc = useTRPC();
  const me = useMe();
  const queryClient = useQueryClient();
  const valid = Number.isInteger(questionId) && questionId > 0;
  const q = useQuery(trpc.community.get.queryOptions({ questionId }, { enabled: valid }));
  useTitle(q.data?.title ?? 'Community question');
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.community.get.queryKey({ questionId }) }),
      // Answer counts and the "Answered" badge in the list change too.
      queryClient.invalidateQueries({ queryKey: trpc.community.list.queryKey() }),
    ]);

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link href="/community">← All questions</Link>
      </p>
      {!valid && <ErrorNote error={new Error('This link does not point to a community question.')} />}
      {q.isPending && valid && <Loading label="Loading the question…" />}
      {q.isError && <ErrorNote error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <article className="card thread-question">
            <h1>{q.data.title}</h1>
            <p className="thread-meta">
              {q.data.skill && <span className="tag">{skillName(q.data.skill)}</span>}
              <span>
                Asked by {q.data.author} · {formatDateTime(q.data.createdAt)}
              </span>
            </p>
            <p className="thread-body">
            <MathText text={q.data.body} />
          </p>
          </article>
          <h2 className="section-title">{q.data.answers.length === 1 ? '1 answer' : `${q.data.answers.length} answers`}</h2>
          <ul className="answers">
            {q.data.answers.map((a) => (
              <AnswerItem key={a.id} answer={a} canAccept={q.data.isMine || me.role === 'tutor' || me.role === 'admin'} onChanged={refresh} />
            ))}
          </ul>
          <AnswerForm questionId={questionId} onPosted={refresh} />
        </>
      )}
    </div>
  );
}

function AnswerItem({ answer, canAccept, onChanged }: { answer: Answer; canAccept: boolean; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const vote = useMutation(trpc.community.vote.mutationOptions({ onSuccess: onChanged }));
  const accept = useMutation(trpc.community.accept.mutationOptions({ onSuccess: onChanged }));
  const cast = (value: 1 | -1) => vote.mutate({ answerId: answer.id, value: answer.myVote === value ? 0 : value });
  return (
    <li className={`answer${answer.accepted ? ' is-accepted' : ''}`}>
      <div className="vote" role="group" aria-label={`Votes: score ${answer.score}`}>
        <button type="button" className="btn btn-icon" aria-pressed={answer.myVote === 1} aria-label="Vote up: this answer is useful" disabled={answer.isMine || vote.isPending} onClick={() => cast(1)}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 6l7 9H5z" /></svg>
        </button>
        <span className="vote-score" aria-hidden="true">{answer.score}</span>
        <button type="button" className="btn btn-icon" aria-pressed={answer.myVote === -1} aria-label="Vote down: this answer is not useful" disabled={answer.isMine || vote.isPending} onClick={() => cast(-1)}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 18l-7-9h14z" /></svg>
        </button>
      </div>
      <div className="answer-main">
        <p className="answer-meta">
          <strong>{answer.author}</strong>
          {answer.isAi && <span className="tag tag-ai">AI tutor draft</span>}
          {answer.authorRole === 'tutor' && <span className="tag">Tutor</span>}
          {answer.accepted && <span className="status status-completed">Accepted answer</span>}
          <span className="hint">{formatDateTime(answer.createdAt)}</span>
        </p>
        <p className="answer-body">
        <MathText text={answer.body} />
      </p>
        {canAccept && !answer.accepted && (
          <button type="button" className="btn btn-ghost btn-small" disabled={accept.isPending} onClick={() => accept.mutate({ answerId: answer.id })}>
            {accept.isPending ? 'Accepting…' : 'Accept this answer'}
          </button>
        )}
        {(vote.isError || accept.isError) && (
          <p className="notice notice-error" role="alert">
            {errorMessage(vote.error ?? accept.error)}
          </p>
        )}
      </div>
    </li>
  );
}

function AnswerForm({ questionId, onPosted }: { questionId: number; onPosted: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string>();
  const answer = useMutation(trpc.community.answer.mutationOptions({ onSuccess: () => onPosted().then(() => setBody('')) }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(CommunityAnswerInput, { questionId, body });
    if (!checked.ok) return setError(checked.errors.body);
    setError(undefined);
    answer.mutate(checked.data);
  };
  return (
    <form className="card answer-form" onSubmit={submit} noValidate>
      <Field label="Your answer" hint="Explain the steps, not just the result." error={error}>
        {(p) => <textarea {...p} rows={4} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      {answer.isError && <ErrorNote error={answer.error} />}
      <button type="submit" className="btn btn-primary" disabled={answer.isPending}>
        {answer.isPending ? 'Posting…' : 'Post answer'}
      </button>
    </form>
  );
}
