import { useQuery } from '@tanstack/react-query';
import { ErrorNote, Loading, PageHeader } from '../../components/ui.tsx';
import { percent } from '../../lib/format.ts';
import { useTitle } from '../../lib/useTitle.ts';
import { useTRPC, type RouterOutputs } from '../../trpc.ts';
import { DataTabs } from './DataTabs.tsx';
import { ExportsPanel } from './ExportsPanel.tsx';
import { AccessLogPanel, ReviewersPanel } from './StaffAccessPanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import { TutorPanel } from './TutorPanel.tsx';
import { EvalPanel } from './EvalPanel.tsx';
import { ExperimentsPanel } from './ExperimentsPanel.tsx';

type Stats = RouterOutputs['data']['stats'];

const TABLE_NAMES: Record<string, string> = {
  feedback_ratings: 'Feedback ratings',
  help_requests: 'Help requests',
  study_plan_actions: 'Study-plan actions',
  user_notes: 'Notes',
  community_questions: 'Community questions',
  community_answers: 'Community answers',
};
const tableName = (t: string) => TABLE_NAMES[t] ?? t;
const num = new Intl.NumberFormat();

const STAGE_TEXT: Record<string, string> = {
  synthetic: 'Synthetic: too few active students yet, so training data is generated.',
  mixed: 'Mixed: real interactions are combined with generated examples.',
  real: 'Real: enough active students to train on real interactions only.',
};

/** Admin dashboard of collected training data (loaded lazily: not part of the student bundle). */
export default function AdminData() {
  useTitle('Data dashboard');
  const trpc = useTRPC();
  const stats = useQuery(trpc.data.stats.queryOptions());
  return (
    <div className="page">
      <PageHeader title="Data dashboard">
        <p className="lead">What the app has collected for training the tutor, against the volumes the spec expects at 10,000 users.</p>
        <button type="button" className="btn btn-secondary btn-small" disabled={stats.isFetching} onClick={() => void stats.refetch()}>
          {stats.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </PageHeader>
      <DataTabs current="dashboard" />
      {stats.isPending && <Loading label="Counting rows…" />}
      {stats.isError && <ErrorNote error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.data && <Dashboard stats={stats.data} />}
      <div className="admin-grid">
        <ExportsPanel />
        <TutorPanel />
        <EvalPanel />
        <ExperimentsPanel />
        <ReviewersPanel />
        <AccessLogPanel />
        <StaffPanel />
      </div>
    </div>
  );
}

function Dashboard({ stats }: { stats: Stats }) {
  const weeks = [...new Set(stats.weekly.map((w) => w.week))].sort().reverse();
  const weeklyTables = ['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes'];
  const ratingTotal = Object.values(stats.ratingDistribution).reduce((a, b) => a + b, 0);
  const maxRating = Math.max(1, ...Object.values(stats.ratingDistribution));
  return (
    <div className="admin-grid">
      <section className="tiles span-2" aria-label="Key figures">
        <div className="tile">
          <p className="tile-label">Students</p>
          <p className="tile-value">{num.format(stats.users.students)}</p>
        </div>
        <div className="tile">
          <p className="tile-label">Consented to training</p>
          <p className="tile-value">{Math.round(stats.users.consentedShare * 100)}%</p>
          <p className="tile-sub">{num.format(stats.users.consented)} students</p>
        </div>
        <div className="tile">
          <p className="tile-label">Active in last 30 days</p>
          <p className="tile-value">{num.format(stats.users.activeLast30Days)}</p>
        </div>
        <div className="tile">
          <p className="tile-label">Transition stage</p>
          <p className="tile-value tile-stage">{stats.transition.stage}</p>
        </div>
      </section>

      <section className="card span-2" aria-labelledby="targets-heading">
        <h2 id="targets-heading">Collected rows vs spec targets</h2>
        <div className="table-wrap" tabIndex={0} role="group" aria-label="Collected rows vs spec targets (table)">
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col" className="num">Rows</th>
                <th scope="col" className="num">Consented rows</th>
                <th scope="col" className="num">Target at 10K users</th>
                <th scope="col">Progress</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(stats.tables).map(([table, t]) => {
                const target = stats.targets.find((x) => x.table === table);
                return (
                  <tr key={table}>
                    <th scope="row">{tableName(table)}</th>
                    <td className="num" data-table={table}>{num.format(t.rows)}</td>
                    <td className="num">{num.format(t.consentedRows)}</td>
                    <td className="num">{target ? num.format(target.target) : '—'}</td>
                    <td>
                      {target ? (
                        <span className="meter-cell">
                          <meter min={0} max={1} value={Math.min(1, target.progress)} aria-label={`${tableName(table)} progress`} />
                          <span>{target.progress < 0.001 && target.rows > 0 ? '<0.1' : (target.progress * 100).toFixed(1)}%</span>
                        </span>
                      ) : (
                        <span className="hint">No target</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="ratings-heading">
        <h2 id="ratings-heading">Feedback ratings</h2>
        <p className="hint">{num.format(ratingTotal)} ratings in all.</p>
        <ul className="rating-bars">
          {([5, 4, 3, 2, 1] as const).map((r) => {
            const n = stats.ratingDistribution[r];
            return (
              <li key={r}>
                <span className="rating-bars-label">{r} ★</span>
                <svg className="bar bar-mid" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                  <rect className="bar-track" width="100" height="8" rx="4" />
                  {n > 0 && <rect className="bar-fill" width={Math.max(2, (n / maxRating) * 100)} height="8" rx="4" />}
                </svg>
                <span className="figure">
                  {num.format(n)} <span className="figure-detail">({percent(n, ratingTotal)}%)</span>
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-labelledby="transition-heading">
        <h2 id="transition-heading">Transition plan</h2>
        <p>
          <strong className="stage">{stats.transition.stage}</strong> — {STAGE_TEXT[stats.transition.stage] ?? ''}
        </p>
        <dl className="facts">
          <div>
            <dt>Active students</dt>
            <dd>{num.format(stats.transition.activeUsers)}</dd>
          </div>
          <div>
            <dt>Mixed from</dt>
            <dd>{num.format(stats.transition.plan.mixedAtUsers)} active students</dd>
          </div>
          <div>
            <dt>Real only from</dt>
            <dd>{num.format(stats.transition.plan.realAtUsers)} active students</dd>
          </div>
          <div>
            <dt>Dataset target</dt>
            <dd>{num.format(stats.transition.plan.target)} examples</dd>
          </div>
        </dl>
      </section>

      <section className="card span-2" aria-labelledby="weekly-heading">
        <h2 id="weekly-heading">Rows per week (last 12 weeks)</h2>
        {weeks.length === 0 ? (
          <p className="hint">Nothing collected in the last 12 weeks.</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="group" aria-label="Rows per week (table)">
            <table>
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  {weeklyTables.map((t) => (
                    <th key={t} scope="col" className="num">
                      {tableName(t)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((week) => (
                  <tr key={week}>
                    <th scope="row">{week}</th>
                    {weeklyTables.map((t) => (
                      <td key={t} className="num">
                        {num.format(stats.weekly.find((w) => w.week === week && w.table === t)?.rows ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
