import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PostCommunityQuestionInput, type SkillId } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { SkillOptions } from '../components/SkillOptions.tsx';
import { EmptyState, ErrorNote, Field, FormError, Loading, PageHeader } from '../components/ui.tsx';
import { formatDate, plural, skillName } from '../lib/format.ts';
import { newEventId, validate, type FieldErrors } from '../lib/forms.ts';
import { useDebounced } from '../lib/useDebounced.ts';
import { useTitle } from '../lib/useTitle.ts';
import { useStreamedText } from '../lib/stream.ts';
import { errorMessage, serverFieldErrors, useTRPC, useTRPCClient, type RouterInputs } from '../trpc.ts';

export default function Community() {
  useTitle('Community');
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [skill, setSkill] = useState('');
  const [asking, setAsking] = useState(false);
  const term = useDebounced(search.trim(), 300);
  const list = useQuery({
    ...trpc.community.list.queryOptions({ ...(term ? { search: term } : {}), ...(skill ? { skill: skill as SkillId } : {}), limit: 50 }),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="page narrow">
      <PageHeader title="Community">
        <p className="lead">Ask other students and tutors about a question or a topic. The AI tutor drafts a first answer straight away.</p>
        <button type="button" className="btn btn-primary" aria-expanded={asking} onClick={() => setAsking((a) => !a)}>
          Ask a question
        </button>
      </PageHeader>
      {asking && <AskForm onCancel={() => setAsking(false)} />}
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search questions" className="grow">
          {(p) => <input {...p} type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} />}
        </Field>
        <Field label="Skill">
          {(p) => (
            <select {...p} value={skill} onChange={(e) => setSkill(e.target.value)}>
              <option value="">All skills</option>
              <SkillOptions />
            </select>
          )}
        </Field>
      </form>
      {list.isPending && <Loading label="Loading questions…" />}
      {list.isError && <ErrorNote error={list.error} onRetry={() => void list.refetch()} />}
      {list.data &&
        (list.data.length ? (
          <ul className="thread-list" aria-busy={list.isFetching}>
            {list.data.map((q) => (
              <li key={q.id}>
                <Link href={`/community/${q.id}`} className="thread">
                  <span className="thread-title">{q.title}</span>
                  <span className="thread-meta">
                    {q.skill && <span className="tag">{skillName(q.skill)}</span>}
                    <span>
                      {q.author} · {formatDate(q.createdAt)}
                    </span>
                    <span>{plural(q.answers, 'answer')}</span>
                    {q.accepted && <span className="status status-completed">Answered</span>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title={term || skill ? 'No questions match your search.' : 'No questions yet.'}>
            <p>{term || skill ? 'Try other words, or ask it yourself.' : 'Be the first to ask one.'}</p>
          </EmptyState>
        ))}
    </div>
  );
}

function AskForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [values, setValues] = useState({ title: '', body: '', skill: '' });
  // One id per question written: sending it again after a dropped connection posts it once.
  const [eventId, setEventId] = useState(newEventId);
  const edit = (change: Partial<typeof values>) => {
    setValues((v) => ({ ...v, ...change }));
    setEventId(newEventId());
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  // The tutor's draft answer streams in below the form as it is written; the page opens once it is stored.
  const client = useTRPCClient();
  const streamed = useStreamedText();
  const draft = streamed.text;
  const post = useMutation({
    mutationKey: trpc.community.postQuestionStream.mutationKey(),
    mutationFn: (input: RouterInputs['community']['postQuestion']) => streamed.read(client.community.postQuestionStream.mutate(input)),
    onSuccess: (q) => {
      void queryClient.invalidateQueries({ queryKey: trpc.community.list.queryKey() });
      navigate(`/community/${q.id}`);
    },
    onError: (err) => setErrors(serverFieldErrors(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(PostCommunityQuestionInput, { title: values.title, body: values.body, ...(values.skill ? { skill: values.skill } : {}), clientEventId: eventId });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    post.mutate(checked.data);
  };
  return (
    <form className="card ask-form" onSubmit={submit} noValidate>
      <h2>Ask the community</h2>
      <Field label="Title" hint="One line that sums up your question." error={errors.title}>
        {(p) => <input {...p} type="text" maxLength={200} value={values.title} onChange={(e) => edit({ title: e.target.value })} />}
      </Field>
      <Field label="Your question" hint="Say what you tried and where you got stuck." error={errors.body}>
        {(p) => <textarea {...p} rows={5} maxLength={5000} value={values.body} onChange={(e) => edit({ body: e.target.value })} />}
      </Field>
      <Field label="Skill (optional)" error={errors.skill}>
        {(p) => (
          <select {...p} value={values.skill} onChange={(e) => edit({ skill: e.target.value })}>
            <option value="">Not sure / general</option>
            <SkillOptions />
          </select>
        )}
      </Field>
      {draft !== null && (
        <div className="help-answer help-streaming" aria-busy="true">
          <div className="help-text">
            <p className="help-from">Tutor (drafting an answer)</p>
            <p>{draft || 'Thinking…'}</p>
          </div>
        </div>
      )}
      <FormError message={post.isError && Object.keys(serverFieldErrors(post.error)).length === 0 ? errorMessage(post.error) : undefined} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={post.isPending}>
          {post.isPending ? 'Posting…' : 'Post question'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
