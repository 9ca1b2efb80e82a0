import { useMutation } from '@tanstack/react-query';
import { REVIEW_REASON_TAGS, ReviewSubmitInput } from '@satprep/domain';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote, Field } from '../../components/ui.tsx';
import { validate } from '../../lib/forms.ts';
import { httpStatusOf, serverFieldErrors, useTRPC, type RouterOutputs } from '../../trpc.ts';
import { REASON_TAGS, type ReasonTag, type ReviewItemData } from './words.ts';

export type ReviewResult = RouterOutputs['review']['submit'];
type Verdict = ReviewSubmitInput['verdict'];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const SAVE_KEYS = isMac ? '⌘+Enter' : 'Ctrl+Enter';

/** True when a key press belongs to the field being typed in, not to the shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
}

/**
 * Approve / Correct / Reject with an optional reason tag, for one item. With `shortcuts` on
 * (the queue shows one item at a time) the keyboard drives it: A, C, R, 1–5, ? — never while
 * typing in a text field. `onDone` runs after the verdict is saved and the caller has reloaded.
 */
export function VerdictControls({
  item,
  shortcuts,
  settling = false,
  onDone,
  onStale,
}: {
  item: ReviewItemData;
  shortcuts: boolean;
  /** An admin deciding a disagreement: the verdict is final. */
  settling?: boolean;
  /** Called with the result once it is saved; the returned promise keeps the buttons busy (e.g. while the next item loads). */
  onDone: (result: ReviewResult, verdict: Verdict) => Promise<unknown>;
  /** Called when the item was decided or removed meanwhile, to load a fresh one. */
  onStale: () => void;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState<ReasonTag | ''>('');
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(item.output);
  const [draftError, setDraftError] = useState<string>();
  const editorRef = useRef<HTMLTextAreaElement>(null);
  const helpRef = useRef<HTMLDialogElement>(null);
  // Two quick key presses arrive before React re-renders with isPending: only the first may send.
  const inFlight = useRef(false);
  const submit = useMutation(
    trpc.review.submit.mutationOptions({
      onSuccess: (result, input) => onDone(result, input.verdict),
      onError: (err) => setDraftError(serverFieldErrors(err).correctedText),
      onSettled: () => {
        inFlight.current = false;
      },
    }),
  );

  // A correction waiting for confirmation: agreeing with it is one click (review.confirm).
  const confirm = useMutation(
    trpc.review.confirm.mutationOptions({
      onSuccess: (result) => onDone(result, 'correct'),
    }),
  );

  const send = (verdict: Verdict) => {
    if (inFlight.current) return;
    const input = { itemId: item.itemId, verdict, ...(verdict === 'correct' ? { correctedText: draft } : {}), ...(reason ? { reason } : {}) };
    const checked = validate(ReviewSubmitInput, input);
    if (!checked.ok) {
      if (verdict === 'correct') setEditing(true);
      setDraftError(checked.errors.correctedText ?? checked.errors.form ?? Object.values(checked.errors)[0]);
      return;
    }
    if (verdict === 'correct' && checked.data.correctedText === item.output.trim()) {
      setDraftError('The correction is the same as the model’s text. Change it, or approve the text instead.');
      return;
    }
    setDraftError(undefined);
    inFlight.current = true;
    submit.mutate(checked.data);
  };

  const openEditor = () => {
    setEditing(true);
    // The editor may not be rendered yet; the effect below focuses it when it appears.
    editorRef.current?.focus();
  };

  useEffect(() => {
    if (editing) editorRef.current?.focus();
  }, [editing]);

  const openHelp = () => helpRef.current?.showModal();

  // The latest handlers, so the key listener is registered once per item.
  const handlers = useRef({ send, openEditor, openHelp, setReason });
  handlers.current = { send, openEditor, openHelp, setReason };

  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (helpRef.current?.open) return;
      const key = e.key.toLowerCase();
      const h = handlers.current;
      if (key === '?') h.openHelp();
      else if (e.repeat) return;
      else if (key === 'a') h.send('approve');
      else if (key === 'r') h.send('reject');
      else if (key === 'c') h.openEditor();
      else if (/^[0-5]$/.test(key)) h.setReason(key === '0' ? '' : REVIEW_REASON_TAGS[Number(key) - 1]!);
      else return;
      // A focused select would otherwise jump to the option starting with that letter.
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts]);

  const busy = submit.isPending || confirm.isPending;
  const stale = (submit.isError && [404, 409].includes(httpStatusOf(submit.error) ?? 0)) || (confirm.isError && [404, 409].includes(httpStatusOf(confirm.error) ?? 0));
  const kbd = (k: string) =>
    shortcuts ? (
      <kbd className="kbd" aria-hidden="true">
        {k}
      </kbd>
    ) : null;

  return (
    <div className="verdict-controls">
      {item.status === 'awaiting_confirmation' && item.proposedText !== null && (
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => confirm.mutate({ itemId: item.itemId })}>
            Agree with the proposed correction
          </button>
          <span className="hint">Or give your own verdict below; a different one sends the item to an admin.</span>
        </div>
      )}
      {confirm.isError && <ErrorNote error={confirm.error} prefix="Your confirmation was not saved." />}
      <div className="verdict-row">
        <div className="verdict-buttons" role="group" aria-label={settling ? 'Settle this item' : 'Your verdict'}>
          <button type="button" className="btn btn-approve" disabled={busy} aria-keyshortcuts={shortcuts ? 'A' : undefined} onClick={() => send('approve')}>
            Approve {kbd('A')}
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} aria-expanded={editing} aria-keyshortcuts={shortcuts ? 'C' : undefined} onClick={openEditor}>
            Correct {kbd('C')}
          </button>
          <button type="button" className="btn btn-reject" disabled={busy} aria-keyshortcuts={shortcuts ? 'R' : undefined} onClick={() => send('reject')}>
            Reject {kbd('R')}
          </button>
        </div>
        <label className="reason-picker">
          <span>Reason tag</span>
          <select value={reason} disabled={busy} onChange={(e) => setReason(e.target.value as ReasonTag | '')}>
            <option value="">None</option>
            {REVIEW_REASON_TAGS.map((tag, i) => (
              <option key={tag} value={tag}>
                {shortcuts ? `${i + 1} · ` : ''}
                {REASON_TAGS[tag]}
              </option>
            ))}
          </select>
        </label>
      </div>

      {shortcuts && (
        <p className="hint verdict-foot">
          Keys {kbd('1')}–{kbd('5')} pick a reason tag.{' '}
          <button type="button" className="link-button" aria-keyshortcuts="?" onClick={openHelp}>
            All keyboard shortcuts
          </button>{' '}
          {kbd('?')}
        </p>
      )}

      {editing && (
        <form
          className="correction"
          onSubmit={(e) => {
            e.preventDefault();
            send('correct');
          }}
        >
          <Field label="Corrected text" hint={`Write the text as the tutor should have written it. The model’s original is kept. ${SAVE_KEYS} saves, Esc closes.`} error={draftError}>
            {(p) => (
              <textarea
                {...p}
                ref={editorRef}
                // Roughly the text's height, so a long answer is not edited through a slot.
                rows={Math.min(16, Math.max(5, draft.split('\n').length + Math.ceil(draft.length / 75)))}
                value={draft}
                disabled={busy}
                onChange={(e) => {
                  setDraft(e.target.value);
                  setDraftError(undefined);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault();
                    send('correct');
                  } else if (e.key === 'Escape') {
                    e.preventDefault();
                    setEditing(false);
                  }
                }}
              />
            )}
          </Field>
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save correction'}
            </button>
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setDraft(item.output)}>
              Start again from the original
            </button>
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setEditing(false)}>
              Close editor
            </button>
          </div>
        </form>
      )}
      {!editing && draftError && (
        <p className="notice notice-error" role="alert">
          {draftError}
        </p>
      )}
      {busy && !editing && (
        <p className="hint" role="status">
          Saving your verdict…
        </p>
      )}
      {submit.isError && !draftError && <ErrorNote error={submit.error} prefix="Your verdict was not saved." />}
      {stale && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onStale}>
          Load the next item
        </button>
      )}

      {shortcuts && (
        <dialog ref={helpRef} className="shortcut-help" aria-labelledby={`shortcuts-${item.itemId}`}>
          <h2 id={`shortcuts-${item.itemId}`}>Keyboard shortcuts</h2>
          <p className="hint">They work anywhere on this page except while you type in a text field.</p>
          <dl className="shortcut-list">
            <dt><kbd className="kbd">A</kbd></dt>
            <dd>Approve the text as it is</dd>
            <dt><kbd className="kbd">C</kbd></dt>
            <dd>Correct: open the editor with the text, cursor in it</dd>
            <dt><kbd className="kbd">{SAVE_KEYS}</kbd></dt>
            <dd>Save the correction (in the editor)</dd>
            <dt><kbd className="kbd">Esc</kbd></dt>
            <dd>Close the editor, keeping what you typed</dd>
            <dt><kbd className="kbd">R</kbd></dt>
            <dd>Reject the text</dd>
            <dt><kbd className="kbd">1</kbd>–<kbd className="kbd">5</kbd></dt>
            <dd>Reason tag: {REVIEW_REASON_TAGS.map((t, i) => `${i + 1} ${REASON_TAGS[t].toLowerCase()}`).join(', ')}</dd>
            <dt><kbd className="kbd">0</kbd></dt>
            <dd>Clear the reason tag</dd>
            <dt><kbd className="kbd">?</kbd></dt>
            <dd>Show this list</dd>
          </dl>
          <form method="dialog">
            <button type="submit" className="btn btn-primary">
              Close
            </button>
          </form>
        </dialog>
      )}
    </div>
  );
}
