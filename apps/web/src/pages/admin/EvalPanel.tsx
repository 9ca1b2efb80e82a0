import { useQuery } from '@tanstack/react-query';
import { ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC } from '../../trpc.ts';

const when = (iso: string) => new Date(iso).toLocaleString();
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** What each automatic check asks of an answer (as `satprep eval` scores it). */
const CHECK_TEXT: Record<string, string> = {
  final_answer: 'Explanation ends at the key',
  key_leak: 'Hint keeps the key back',
  grounding: 'Numbers and skills are in the input',
  contradiction: 'Agrees with the input',
  placeholder: 'No placeholders',
  internal_id: 'No item ids',
  contact: 'No contact details',
  length: 'Length within bounds',
  on_topic: 'On topic, no refusal',
};

/**
 * Evaluations of tutor models on the held-out set, side by side: one column a run (newest first),
 * one row a check, each pass rate marked when it is under the run's threshold.
 */
export function EvalPanel() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.data.evalRuns.queryOptions());
  return (
    <section className="card span-2" aria-labelledby="eval-heading">
      <h2 id="eval-heading">Model evaluations</h2>
      {runs.isPending && <Loading label="Loading evaluation runs…" />}
      {runs.isError && <ErrorNote error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data &&
        (runs.data.length ? (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Evaluation runs side by side">
              <table>
                <caption className="visually-hidden">Pass rate of each automatic check per evaluation run, newest run first</caption>
                <thead>
                  <tr>
                    <th scope="col">Check</th>
                    {runs.data.map((r) => (
                      <th scope="col" key={r.id}>
                        {r.model}
                        <span className="hint block">
                          {when(r.startedAt)} · {r.cases} cases · {r.passed ? 'passed' : 'failed'}
                        </span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {Object.keys(CHECK_TEXT).filter((check) => check in runs.data[0]!.checks).map((check) => (
                    <tr key={check}>
                      <th scope="row">{CHECK_TEXT[check] ?? check}</th>
                      {runs.data.map((r) => {
                        const score = r.checks[check as keyof typeof r.checks];
                        const min = r.thresholds[check as keyof typeof r.thresholds];
                        const under = score.rate !== null && min !== undefined && score.rate < min;
                        return (
                          <td key={r.id} className={under ? 'is-under' : undefined}>
                            {pct(score.rate)}
                            {under && <span className="visually-hidden"> (under its threshold of {pct(min)})</span>}
                            {under && <span aria-hidden="true"> ✗</span>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">✗ marks a pass rate under the threshold the run was held to; a run passes when no check is under it.</p>
            {runs.data
              .filter((r) => r.failures.length)
              .slice(0, 2)
              .map((r) => (
                <details key={r.id}>
                  <summary>
                    Failed cases of {r.model} ({when(r.startedAt)})
                  </summary>
                  <ul className="plain-list eval-failures">
                    {r.failures.map((f) => (
                      <li key={`${f.check}:${f.caseId}`}>
                        <strong>{CHECK_TEXT[f.check] ?? f.check}</strong> · {f.caseId}: {f.detail}
                      </li>
                    ))}
                  </ul>
                </details>
              ))}
          </>
        ) : (
          <p>
            No evaluation yet. Run <code>satprep eval --base-url URL --model NAME</code> (or <code>--offline</code>) to score a model on the held-out set; each run shows here beside the earlier ones.
          </p>
        ))}
    </section>
  );
}
