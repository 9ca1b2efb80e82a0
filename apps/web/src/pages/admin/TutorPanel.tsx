import { useQuery } from '@tanstack/react-query';
import { ErrorNote, Loading } from '../../components/ui.tsx';
import { useTRPC } from '../../trpc.ts';

const num = new Intl.NumberFormat();
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const when = (iso: string) => new Date(iso).toLocaleString();

const CIRCUIT_TEXT = {
  closed: 'Healthy: the model answers students.',
  open: 'Failing: the offline tutor answers until the endpoint recovers.',
  'half-open': 'Recovering: the next call tries the endpoint again.',
} as const;

/** Which model answers students, whether its endpoint is healthy, and its calls, tokens and cost since the server started. */
export function TutorPanel() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.data.tutorStatus.queryOptions(), refetchInterval: 30_000 });
  return (
    <section className="card span-2" aria-labelledby="tutor-heading">
      <h2 id="tutor-heading">Tutor model</h2>
      {status.isPending && <Loading label="Loading the tutor's status…" />}
      {status.isError && <ErrorNote error={status.error} onRetry={() => void status.refetch()} />}
      {status.data &&
        (status.data.remote ? (
          <>
            <p>
              <strong>{status.data.remote.model}</strong> at {status.data.remote.endpoint}. {CIRCUIT_TEXT[status.data.remote.circuit.state]}
              {status.data.remote.circuit.openUntil && ` Next try after ${when(status.data.remote.circuit.openUntil)}.`}
            </p>
            <dl className="facts">
              <div>
                <dt>Answered by the offline tutor after a failure</dt>
                <dd>{num.format(status.data.remote.fallbacks)}</dd>
              </div>
              <div>
                <dt>Sent to the offline tutor while failing</dt>
                <dd>{num.format(status.data.remote.shortCircuited)}</dd>
              </div>
            </dl>
            {status.data.models.length ? (
              <>
                <div className="table-wrap" tabIndex={0} role="region" aria-label="Tutor model usage">
                  <table>
                    <caption className="visually-hidden">Calls, tokens and cost per model since the server started</caption>
                    <thead>
                      <tr>
                        <th scope="col">Model</th>
                        <th scope="col">Calls</th>
                        <th scope="col">Failed</th>
                        <th scope="col">Retries</th>
                        <th scope="col">Tokens in / out</th>
                        <th scope="col">Mean time</th>
                        <th scope="col">Cost</th>
                      </tr>
                    </thead>
                    <tbody>
                      {status.data.models.map((m) => (
                        <tr key={m.model}>
                          <th scope="row">{m.model}</th>
                          <td>{num.format(m.calls)}</td>
                          <td>{num.format(m.failed)}</td>
                          <td>{num.format(m.retries)}</td>
                          <td>
                            {num.format(m.promptTokens)} / {num.format(m.completionTokens)}
                          </td>
                          <td>{m.meanLatencyMs === null ? '—' : `${num.format(m.meanLatencyMs)} ms`}</td>
                          <td>{m.costUsd === null ? 'no prices set' : usd.format(m.costUsd)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p className="hint">Since {when(status.data.since)} (the server's start).</p>
              </>
            ) : (
              <p className="hint">No calls since {when(status.data.since)} (the server's start).</p>
            )}
          </>
        ) : (
          <p>The offline tutor answers every student (no model endpoint is configured: see TUTOR_BASE_URL in the README). It costs nothing and never fails.</p>
        ))}
    </section>
  );
}
