import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';

type Experiment = RouterOutputs['experiments']['list']['experiments'][number];
type Metric = Experiment['metrics'][number];

const students = (n: number) => `${n} ${n === 1 ? 'student' : 'students'}`;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** What each compared metric is, how to read it, and how to show its values. */
const METRICS: Record<Metric['metric'], { label: string; better: 'higher' | 'lower'; show: (v: number) => string }> = {
  rating: { label: 'Feedback rating (stars)', better: 'higher', show: (v) => v.toFixed(2) },
  helpful: { label: 'Help answers voted helpful', better: 'higher', show: (v) => `${(v * 100).toFixed(1)}%` },
  follow_up: { label: 'Help followed by another request within 10 min', better: 'lower', show: (v) => `${(v * 100).toFixed(1)}%` },
  review_approval: { label: 'Reviewer approvals', better: 'higher', show: (v) => `${(v * 100).toFixed(1)}%` },
  checks_passed: { label: 'Outputs passing automatic checks', better: 'higher', show: (v) => `${(v * 100).toFixed(1)}%` },
};

function Arm({ metric, arm }: { metric: Metric['metric']; arm: Metric['control'] }) {
  const m = METRICS[metric];
  if (arm.mean === null) return <span className="hint">no data</span>;
  return (
    <>
      {m.show(arm.mean)}
      {arm.ci && <span className="hint block">95%: {m.show(arm.ci[0])} to {m.show(arm.ci[1])}</span>}
      <span className="hint block">
        {students(arm.students)} · {arm.observations} obs.
      </span>
    </>
  );
}

function Difference({ metric, d }: { metric: Metric['metric']; d: Metric['difference'] }) {
  const m = METRICS[metric];
  if (!d) return <span className="hint">too few students</span>;
  const sign = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${m.show(Math.abs(v))}`;
  const clear = d.ci[0] > 0 || d.ci[1] < 0;
  const better = clear && ((d.estimate > 0) === (m.better === 'higher'));
  return (
    <span className={clear ? (better ? 'is-better' : 'is-worse') : undefined}>
      {sign(d.estimate)}
      <span className="hint block">
        95%: {sign(d.ci[0])} to {sign(d.ci[1])}
        {clear ? (better ? ' · candidate better' : ' · candidate worse') : ' · no clear difference'}
      </span>
    </span>
  );
}

/**
 * Candidate tutor models tried on a share of students: register a candidate, start an experiment,
 * compare the arms with intervals, and stop it at once (the kill switch).
 */
export function ExperimentsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.experiments.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.experiments.list.queryKey() });
  const add = useMutation(trpc.experiments.addCandidate.mutationOptions({ onSuccess: () => refresh() }));
  const start = useMutation(trpc.experiments.start.mutationOptions({ onSuccess: () => refresh() }));
  const stop = useMutation(trpc.experiments.stop.mutationOptions({ onSuccess: () => refresh() }));
  const [form, setForm] = useState({ name: '', baseUrl: '', model: '', promptVersion: '', apiKeyEnv: '' });
  const [candidateId, setCandidateId] = useState<number | null>(null);
  const [share, setShare] = useState(10);
  const running = list.data?.experiments.find((e) => e.status === 'running');
  const chosen = candidateId ?? list.data?.candidates[0]?.id ?? null;

  return (
    <section className="card span-2" aria-labelledby="experiments-heading">
      <h2 id="experiments-heading">Model experiments</h2>
      <p className="hint">
        Try a candidate model on a share of students: each student stays in one arm (chosen by a hash of their account), the rest keep the configured tutor. Compare the arms below, then
        promote the candidate (set it as TUTOR_MODEL) or stop the experiment.
      </p>
      {list.isPending && <Loading label="Loading experiments…" />}
      {list.isError && <ErrorNote error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <>
          {list.data.experiments.map((e) => (
            <ExperimentView key={e.id} e={e} onStop={() => stop.mutate({ experimentId: e.id })} stopping={stop.isPending} />
          ))}
          {stop.isError && <ErrorNote error={stop.error} />}

          {!running && list.data.candidates.length > 0 && (
            <form
              className="export-form"
              onSubmit={(ev) => {
                ev.preventDefault();
                if (chosen !== null) start.mutate({ candidateId: chosen, sharePercent: share });
              }}
            >
              <label>
                Candidate
                <select value={chosen ?? ''} onChange={(ev) => setCandidateId(Number(ev.target.value))}>
                  {list.data.candidates.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({c.model})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Share of students (%)
                <input type="number" min={1} max={50} value={share} onChange={(ev) => setShare(Number(ev.target.value))} />
              </label>
              <button type="submit" className="btn btn-primary" disabled={start.isPending}>
                {start.isPending ? 'Starting…' : 'Start experiment'}
              </button>
            </form>
          )}
          {start.isError && <ErrorNote error={start.error} />}

          <h3 className="panel-subhead">Candidates</h3>
          {list.data.candidates.length === 0 && <p className="hint">No candidate yet: register one below.</p>}
          {list.data.candidates.length > 0 && (
            <ul className="plain-list eval-failures">
              {list.data.candidates.map((c) => (
                <li key={c.id}>
                  <strong>{c.name}</strong>: {c.model} at {c.baseUrl}
                  {c.promptVersion && `, prompts ${c.promptVersion}`}
                  {c.apiKeyEnv && `, key from ${c.apiKeyEnv}`}
                </li>
              ))}
            </ul>
          )}
          <form
            className="export-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              add.mutate({
                name: form.name, baseUrl: form.baseUrl, model: form.model,
                ...(form.promptVersion.trim() ? { promptVersion: form.promptVersion } : {}),
                ...(form.apiKeyEnv.trim() ? { apiKeyEnv: form.apiKeyEnv.trim() } : {}),
              }, { onSuccess: () => setForm({ name: '', baseUrl: '', model: '', promptVersion: '', apiKeyEnv: '' }) });
            }}
          >
            {(
              [
                ['name', 'Name', 'text'],
                ['baseUrl', 'Endpoint (OpenAI-compatible)', 'url'],
                ['model', 'Model name', 'text'],
                ['promptVersion', 'Prompt label (optional)', 'text'],
                ['apiKeyEnv', 'Key variable (optional)', 'text'],
              ] as const
            ).map(([key, label, type]) => (
              <label key={key}>
                {label}
                <input type={type} value={form[key]} required={key === 'name' || key === 'baseUrl' || key === 'model'} onChange={(ev) => setForm({ ...form, [key]: ev.target.value })} autoComplete="off" />
              </label>
            ))}
            <button type="submit" className="btn btn-secondary" disabled={add.isPending}>
              {add.isPending ? 'Adding…' : 'Add candidate'}
            </button>
          </form>
          <p className="hint">The key stays on the server: name the environment variable that holds it (never the key itself).</p>
          {add.isError && <ErrorNote error={add.error} />}
        </>
      )}
    </section>
  );
}

function ExperimentView({ e, onStop, stopping }: { e: Experiment; onStop: () => void; stopping: boolean }) {
  return (
    <div className="experiment">
      <p>
        <strong>{e.candidate.name}</strong> ({e.candidate.model}) for {e.sharePercent}% of students ·{' '}
        {e.status === 'running' ? `running since ${when(e.startedAt)}` : `ran ${when(e.startedAt)} to ${when(e.stoppedAt)}`} · {students(e.students.control)} in control, {students(e.students.candidate)} with the candidate{' '}
        {e.status === 'running' && (
          <button type="button" className="btn btn-danger btn-small" disabled={stopping} onClick={onStop}>
            {stopping ? 'Stopping…' : 'Stop experiment'}
          </button>
        )}
      </p>
      {e.candidateHealth && (
        <p className="hint">
          Candidate endpoint on this server:{' '}
          {e.candidateHealth.circuit !== 'closed' ? 'down (the offline tutor answers its arm)' : e.candidateHealth.fallbacks > 0 ? 'failing on some calls' : 'answering'} · {e.candidateHealth.calls} calls,{' '}
          {e.candidateHealth.fallbacks + e.candidateHealth.shortCircuited} answered by the offline tutor instead (they count in the candidate arm)
        </p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={`Arms of experiment ${e.id} compared`}>
        <table>
          <caption className="visually-hidden">Each metric per arm (mean of per-student means, 95% interval) and the candidate minus control difference</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Control</th>
              <th scope="col">Candidate</th>
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {e.metrics.map((m) => (
              <tr key={m.metric}>
                <th scope="row">
                  {METRICS[m.metric].label}
                  <span className="hint block">{METRICS[m.metric].better} is better</span>
                </th>
                <td>
                  <Arm metric={m.metric} arm={m.control} />
                </td>
                <td>
                  <Arm metric={m.metric} arm={m.candidate} />
                </td>
                <td>
                  <Difference metric={m.metric} d={m.difference} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
