import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { EXPORT_FORMAT_LIST, type ExportFormat } from '@satprep/domain';
import { ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC } from '../../trpc.ts';

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : '—');

/** Start a training-data export and download the files of earlier runs. */
export function ExportsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<ExportFormat>('seed');
  const [period, setPeriod] = useState<'' | 'weekly' | 'monthly'>('');
  const [mix, setMix] = useState<'auto' | 'real' | 'synthetic'>('auto');
  // One arm of an experiment ("id:arm"), or every consenting student ('').
  const [arm, setArm] = useState('');
  const experiments = useQuery(trpc.experiments.list.queryOptions());
  // The run this page started last: listed once the server has it.
  const [started, setStarted] = useState<number | null>(null);
  const runs = useQuery({
    ...trpc.data.exportRuns.queryOptions(),
    // Poll while a run is in progress, or while the one just started is not in the list yet.
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') || (started !== null && !q.state.data?.some((r) => r.runId === started)) ? 1500 : false),
  });
  const start = useMutation(
    trpc.data.export.mutationOptions({
      onSuccess: async ({ runId }) => {
        setStarted(runId);
        // A first load of the list still in flight was read before this run existed: invalidating
        // alone would wait for it (a query without data is not refetched while it loads), and the
        // list would show "No exports yet" with no poll to follow. Drop it and read again.
        const queryKey = trpc.data.exportRuns.queryKey();
        await queryClient.cancelQueries({ queryKey });
        await queryClient.invalidateQueries({ queryKey });
      },
    }),
  );

  const starting = useRef(false);
  const running = runs.data?.some((r) => r.status === 'running') ?? false;

  return (
    <section className="card span-2" aria-labelledby="exports-heading">
      <h2 id="exports-heading">Training-data exports</h2>
      <p className="hint">Consented interactions only, with personal details redacted, split by student into train and validation files. Synthetic examples are mixed in according to the transition stage.</p>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          // A double click submits twice before the button shows as disabled: the second would be refused as "already running".
          if (starting.current || running) return;
          starting.current = true;
          const [id, side] = arm.split(':');
          const experiment = arm ? { experiment: { id: Number(id), arm: side as 'control' | 'candidate' } } : {};
          // An arm is exported from real examples only.
          start.mutate({ format, mix: arm && mix === 'synthetic' ? 'real' : mix, ...(period ? { period } : {}), ...experiment }, { onSettled: () => void (starting.current = false) });
        }}
      >
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            {EXPORT_FORMAT_LIST.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Window
          <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
            <option value="">Everything so far</option>
            <option value="weekly">Last full week</option>
            <option value="monthly">Last full month</option>
          </select>
        </label>
        <label>
          Data
          <select value={mix} onChange={(e) => setMix(e.target.value as typeof mix)}>
            <option value="auto">Follow the transition plan</option>
            <option value="real">Real interactions only</option>
            <option value="synthetic" disabled={arm !== ''}>Synthetic only</option>
          </select>
        </label>
        {(experiments.data?.experiments.length ?? 0) > 0 && (
          <label>
            Students
            <select value={arm} onChange={(e) => setArm(e.target.value)}>
              <option value="">All consenting students</option>
              {experiments.data!.experiments.flatMap((x) =>
                (['control', 'candidate'] as const).map((side) => (
                  <option key={`${x.id}:${side}`} value={`${x.id}:${side}`}>
                    Experiment {x.id} ({x.candidate.name}): {side === 'control' ? 'control arm' : 'candidate arm'}
                  </option>
                )),
              )}
            </select>
          </label>
        )}
        <button type="submit" className="btn btn-primary" disabled={start.isPending || running}>
          {start.isPending ? 'Starting…' : running ? 'Export running…' : 'Start export'}
        </button>
      </form>
      {start.isError && <ErrorNote error={start.error} prefix="The export could not start:" />}

      {runs.isPending && <Loading label="Loading export runs…" />}
      {runs.isError && <ErrorNote error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data && runs.data.length === 0 && <p className="hint">No exports yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="group" aria-label="Export runs (table)">
          <table aria-label="Export runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Started</th>
                <th scope="col">Format</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Examples</th>
                <th scope="col">Files</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.runId}>
                  <th scope="row">#{r.runId}</th>
                  <td>{when(r.startedAt)}</td>
                  <td>{r.format}</td>
                  <td>
                    <span className={`status ${r.status === 'succeeded' ? 'status-completed' : r.status === 'running' ? 'status-pending' : 'status-skipped'}`}>{r.status}</span>
                    {r.error && <span className="field-error"> {r.error}</span>}
                  </td>
                  <td className="num">{typeof r.counts?.total === 'number' ? r.counts.total.toLocaleString() : '—'}</td>
                  <td>
                    {r.files.length === 0
                      ? '—'
                      : r.files.map((f) => (
                          <a key={f.name} className="file-link" href={f.url} download={f.name}>
                            {f.name}
                          </a>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
