import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SetGuidelinesInput } from '@satprep/domain';
import { useState } from 'react';
import { ErrorNote, Field, Loading } from '../../components/ui.tsx';
import { validate } from '../../lib/forms.ts';
import { useMe } from '../../lib/me.tsx';
import { serverFieldErrors, useTRPC } from '../../trpc.ts';

/** The written review guidelines beside the queue; admins edit them here, and each save is a new version. */
export function GuidelinesPanel() {
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const guidelines = useQuery(trpc.review.guidelines.queryOptions());
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const save = useMutation(
    trpc.review.setGuidelines.mutationOptions({
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.review.guidelines.queryKey(), result);
        setDraft(null);
        setSavedVersion(result.version);
        return queryClient.invalidateQueries({ queryKey: trpc.review.stats.queryKey() });
      },
      onError: (err) => setError(serverFieldErrors(err).text),
    }),
  );

  const submit = () => {
    const checked = validate(SetGuidelinesInput, { text: draft ?? '' });
    if (!checked.ok) return setError(checked.errors.text ?? checked.errors.form);
    if (checked.data.text === guidelines.data?.text.trim()) return setError('The text is unchanged. Edit it before saving a new version.');
    setError(undefined);
    save.mutate(checked.data);
  };

  return (
    <aside className="card review-guidelines" aria-labelledby="guidelines-heading">
      <div className="review-guidelines-head">
        <h2 id="guidelines-heading">Review guidelines</h2>
        {guidelines.data && <span className="tag guidelines-version">Version {guidelines.data.version}</span>}
      </div>
      {guidelines.isPending && <Loading label="Loading the guidelines…" />}
      {guidelines.isError && <ErrorNote error={guidelines.error} prefix="The guidelines could not be loaded." onRetry={() => void guidelines.refetch()} />}
      {savedVersion !== null && draft === null && (
        <p className="notice notice-ok" role="status">
          Saved as version {savedVersion}. Reviews from now on are recorded under it.
        </p>
      )}
      {guidelines.data && draft === null && (
        <>
          <div className="guidelines-text">{guidelines.data.text || 'No guidelines have been written yet.'}</div>
          {me.role === 'admin' && (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => {
                setDraft(guidelines.data.text);
                setSavedVersion(null);
              }}
            >
              Edit guidelines
            </button>
          )}
        </>
      )}
      {guidelines.data && draft !== null && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Field label="Guidelines text" hint="Saving creates a new version; earlier reviews keep the version they were made under." error={error}>
            {(p) => (
              <textarea
                {...p}
                rows={16}
                value={draft}
                disabled={save.isPending}
                onChange={(e) => {
                  setDraft(e.target.value);
                  setError(undefined);
                }}
              />
            )}
          </Field>
          {save.isError && !error && <ErrorNote error={save.error} prefix="The guidelines were not saved." />}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : `Save as version ${guidelines.data.version + 1}`}
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              disabled={save.isPending}
              onClick={() => {
                setDraft(null);
                setError(undefined);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </aside>
  );
}
