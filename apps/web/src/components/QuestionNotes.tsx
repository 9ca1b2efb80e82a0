import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AddNoteInput, UpdateNoteInput } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { newEventId, validate } from '../lib/forms.ts';
import { formatDateTime } from '../lib/format.ts';
import { deliveredOf, isRetryable, pendingOf, queueOnFailure, useOutbox } from '../lib/outbox.ts';
import { useStreamedText } from '../lib/stream.ts';
import { errorMessage, serverFieldErrors, useTRPC, useTRPCClient, type RouterInputs, type RouterOutputs } from '../trpc.ts';
import { ErrorNote, Field } from './ui.tsx';
import { MathText } from './MathText.tsx';

type Note = RouterOutputs['notes']['list'][number];

/** The student's notes on one question, with an optional "ask the tutor" reply. */
export function QuestionNotes({ questionId, sessionId }: { questionId: string; sessionId?: number | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outbox = useOutbox();
  const notes = useQuery(trpc.notes.list.queryOptions({ questionId }));
  const [text, setText] = useState('');
  const [askTutor, setAskTutor] = useState(false);
  const [error, setError] = useState<string>();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.notes.list.queryKey() });
  // Once the note is saved, or waiting in the outbox (listed below as waiting), the box lets go of it:
  // a second Save must not send it again.
  const clear = () => {
    setText('');
    setAskTutor(false);
  };
  // The tutor's reply streams in as it is written (a remote model); the note is stored once, complete.
  const client = useTRPCClient();
  const streamed = useStreamedText();
  const add = useMutation({
    mutationKey: trpc.notes.addStream.mutationKey(),
    mutationFn: (input: RouterInputs['notes']['add']): Promise<Note> => streamed.read(client.notes.addStream.mutate(input)),
    onError: queueOnFailure('notes.add', clear),
    onSuccess: () => {
      clear();
      return invalidate();
    },
  });

  const live = streamed.text !== null && add.variables?.askTutor ? { note: add.variables.text, reply: streamed.text } : null;

  // Notes on this question waiting in the outbox (also those left from an earlier visit), and notes it
  // delivered that the list does not show yet (it is refetched after each delivery).
  const waiting = pendingOf(outbox, 'notes.add').filter((e) => e.input.questionId === questionId);
  const sent = deliveredOf(outbox, 'notes.add')
    .filter((d) => d.input.questionId === questionId && d.at > notes.dataUpdatedAt && !notes.data?.some((n) => n.noteId === d.result.noteId))
    .map((d) => d.result)
    .reverse();
  const listed = [...sent, ...(notes.data ?? [])];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clientEventId = newEventId();
    const checked = validate(AddNoteInput, { questionId, ...(sessionId !== undefined ? { sessionId } : {}), text, askTutor, clientEventId });
    if (!checked.ok) return setError(checked.errors.text ?? Object.values(checked.errors)[0]);
    if (waiting.some((w) => w.input.text === checked.data.text)) return setError('This note is already waiting to send.');
    setError(undefined);
    add.mutate(checked.data);
  };

  return (
    <section className="notes" aria-label="Your notes on this question">
      {(listed.length > 0 || waiting.length > 0 || live) && <h4>Your notes</h4>}
      {notes.isPending && <p className="hint">Loading your notes…</p>}
      {notes.isError && <ErrorNote error={notes.error} prefix="Your notes could not be loaded." onRetry={() => void notes.refetch()} />}
      {(listed.length > 0 || waiting.length > 0 || live) && (
        <ul className="note-list">
          {live && (
            <li className="note note-streaming" aria-busy="true">
              <p className="note-text">{live.note}</p>
              <div className="note-reply">
                <p className="help-from">Tutor</p>
                <p>{live.reply || 'Thinking…'}</p>
              </div>
            </li>
          )}
          {[...waiting].reverse().map((w) => (
            <li key={w.id} className="note note-waiting">
              <p className="note-text">
                <MathText text={w.input.text} />
              </p>
              <p className="note-meta">
                <span className="tag tag-quiet">Waiting to send</span>
                {w.input.askTutor && ' The tutor will reply once it is sent.'}
              </p>
            </li>
          ))}
          {listed.map((n) => (
            <NoteItem key={n.noteId} note={n} onChanged={invalidate} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="note-form">
        <Field label="Add a note" error={error ?? serverFieldErrors(add.error).text}>
          {(p) => <textarea {...p} rows={2} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <div className="note-form-row">
          <label className="check">
            <input type="checkbox" checked={askTutor} onChange={(e) => setAskTutor(e.target.checked)} />
            Ask the tutor to reply to this note
          </label>
          <button type="submit" className="btn btn-secondary" disabled={add.isPending}>
            {add.isPending ? (askTutor ? 'Saving and asking…' : 'Saving…') : 'Save note'}
          </button>
        </div>
        <div role="status" aria-live="polite">
          {waiting.length > 0 && (
            <p className="notice notice-wait">
              You are offline. {waiting.length === 1 ? 'The note is' : 'The notes are'} saved on this device and will be sent when you are back online.
            </p>
          )}
        </div>
        {add.isError && !isRetryable(add.error) && !serverFieldErrors(add.error).text && (
          <p className="notice notice-error" role="alert">
            {errorMessage(add.error)}
          </p>
        )}
      </form>
    </section>
  );
}

function NoteItem({ note, onChanged }: { note: Note; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.text);
  const [error, setError] = useState<string>();
  const update = useMutation(trpc.notes.update.mutationOptions({ onSuccess: () => onChanged().then(() => setEditing(false)) }));
  const remove = useMutation(trpc.notes.delete.mutationOptions({ onSuccess: onChanged }));

  const save = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(UpdateNoteInput, { noteId: note.noteId, text: draft });
    if (!checked.ok) return setError(checked.errors.text);
    setError(undefined);
    update.mutate(checked.data);
  };

  return (
    <li className="note">
      {editing ? (
        <form onSubmit={save}>
          <Field label="Edit note" error={error} hint={note.aiResponse ? 'Changing the text removes the tutor’s reply to the old text.' : undefined}>
            {(p) => <textarea {...p} rows={3} maxLength={5000} value={draft} onChange={(e) => setDraft(e.target.value)} />}
          </Field>
          <div className="row">
            <button type="submit" className="btn btn-primary btn-small" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => (setEditing(false), setDraft(note.text))}>
              Cancel
            </button>
          </div>
          {update.isError && <ErrorNote error={update.error} />}
        </form>
      ) : (
        <>
          <p className="note-text">
            <MathText text={note.text} />
          </p>
          <p className="note-meta">{formatDateTime(note.updatedAt)}</p>
          {note.aiResponse && (
            <div className="note-reply">
              <p className="help-from">Tutor</p>
              <p>{note.aiResponse}</p>
            </div>
          )}
          <div className="row">
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-small btn-danger-text"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm('Delete this note? This cannot be undone.')) remove.mutate({ noteId: note.noteId });
              }}
            >
              {remove.isPending ? 'Deleting…' : 'Delete'}
            </button>
          </div>
          {remove.isError && <ErrorNote error={remove.error} />}
        </>
      )}
    </li>
  );
}
