/**
 * Experiments: try a candidate tutor model on a share of students before promoting it.
 *
 * 1. Candidates: an admin registers an OpenAI-compatible endpoint, a model name and a label of
 *    its prompts; the key stays in a server environment variable named by the candidate.
 * 2. Routing: while an experiment runs, each student is in the candidate arm when a hash of the
 *    experiment's salt and the student's id falls under the share (sticky: the same student always
 *    gets the same arm; nobody else is moved). A student's arm is recorded at their first tutor
 *    call, so each arm's size is known. The candidate falls back to the offline tutor while it
 *    fails, as the configured tutor does. Stopping the experiment (the kill switch) sends every
 *    student back to the configured tutor at once on this instance and within a second on others.
 * 3. Comparison: per arm, student ratings of feedback, helpful votes on help answers, follow-up
 *    help requests, reviewer approvals and automatic checks of the stored outputs, each averaged
 *    per student first (the student is the unit that was randomised) with a 95% interval, and the
 *    candidate-minus-control difference with its interval.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, type AddCandidateInput, type ExperimentArm, type StartExperimentInput, type Tutor } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { outputRuleFailure } from '@satprep/eval';
import { createTutor, tutorStatus } from '@satprep/tutor';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Candidate {
  id: number;
  name: string;
  baseUrl: string;
  model: string;
  promptVersion: string | null;
  apiKeyEnv: string | null;
  createdAt: string;
}

interface RunningExperiment {
  id: number;
  sharePercent: number;
  salt: string;
  candidate: Candidate;
}

/** Which arm a student is in: sticky per student and experiment, `sharePercent` of students in the candidate arm. */
export function armOf(salt: string, userId: number, sharePercent: number): ExperimentArm {
  const h = createHash('sha256').update(`${salt}:${userId}`).digest();
  return (h.readUInt32BE(0) / 2 ** 32) * 100 < sharePercent ? 'candidate' : 'control';
}

const candidateRow = (r: { id: number; name: string; base_url: string; model: string; prompt_version: string | null; api_key_env: string | null; created_at: Date | string }): Candidate => ({
  id: r.id, name: r.name, baseUrl: r.base_url, model: r.model, promptVersion: r.prompt_version, apiKeyEnv: r.api_key_env, createdAt: new Date(r.created_at).toISOString(),
});

/**
 * The routing of tutor calls: `tutorFor` gives the tutor of a student's arm (decided at the first
 * call, so requests that ask no tutor cost nothing), the configured tutor for everyone else.
 */
export class ExperimentRouter {
  private running: { value: RunningExperiment | null; at: number } | null = null;
  private readonly tutors = new Map<number, Tutor>();
  private readonly recorded = new Set<string>();

  private readonly em: () => Em;
  private readonly control: Tutor;
  private readonly opts: { timeoutMs: number; log?: (msg: string) => void; ttlMs?: number; keyOf: (envName: string) => string | undefined };

  constructor(em: () => Em, control: Tutor, opts: ExperimentRouter['opts']) {
    this.em = em;
    this.control = control;
    this.opts = opts;
  }

  /** Forget the cached experiment (after a start or stop on this instance). */
  invalidate(): void {
    this.running = null;
  }

  private async current(): Promise<RunningExperiment | null> {
    const ttl = this.opts.ttlMs ?? 1000;
    if (this.running && Date.now() - this.running.at < ttl) return this.running.value;
    const rows = await this.em().execute<{ id: number; share_percent: number; salt: string; c_id: number; name: string; base_url: string; model: string; prompt_version: string | null; api_key_env: string | null; created_at: Date }[]>(
      `select e.id, e.share_percent, e.salt, c.id as c_id, c.name, c.base_url, c.model, c.prompt_version, c.api_key_env, c.created_at
         from experiments e join tutor_candidates c on c.id = e.candidate_id where e.status = 'running' limit 1`,
    );
    const r = rows[0];
    const value = r ? { id: r.id, sharePercent: r.share_percent, salt: r.salt, candidate: candidateRow({ ...r, id: r.c_id }) } : null;
    this.running = { value, at: Date.now() };
    return value;
  }

  private candidateTutor(c: Candidate): Tutor {
    let t = this.tutors.get(c.id);
    if (!t) {
      t = createTutor({ baseUrl: c.baseUrl, model: c.model, apiKey: c.apiKeyEnv ? this.opts.keyOf(c.apiKeyEnv) : undefined, timeoutMs: this.opts.timeoutMs }, this.opts.log);
      this.tutors.set(c.id, t);
    }
    return t;
  }

  /**
   * How a candidate's endpoint has done on this instance since it was first asked: its circuit,
   * calls answered by the offline tutor after a failure, and calls sent there while it was down
   * (those answers count in the candidate arm: the comparison is by assignment).
   */
  candidateHealth(candidateId: number): { circuit: string; fallbacks: number; shortCircuited: number; calls: number } | null {
    const t = this.tutors.get(candidateId);
    const status = t ? tutorStatus(t) : null;
    if (!status?.remote) return null;
    const calls = status.models.reduce((n, m) => n + m.calls, 0);
    return { circuit: status.remote.circuit.state, fallbacks: status.remote.fallbacks, shortCircuited: status.remote.shortCircuited, calls };
  }

  /** The arm and tutor of a student now (recording the arm at the student's first call in the experiment). */
  async route(userId: number): Promise<{ tutor: Tutor; experimentId: number | null; arm: ExperimentArm | null }> {
    const e = await this.current();
    if (!e) return { tutor: this.control, experimentId: null, arm: null };
    const arm = armOf(e.salt, userId, e.sharePercent);
    const key = `${e.id}:${userId}`;
    if (!this.recorded.has(key)) {
      await this.em().execute(`insert into experiment_assignments (experiment_id, user_id, arm) values (?, ?, ?) on conflict do nothing`, [e.id, userId, arm]);
      this.recorded.add(key);
    }
    return { tutor: arm === 'candidate' ? this.candidateTutor(e.candidate) : this.control, experimentId: e.id, arm };
  }

  /** A tutor that asks `route` at its first call, for one student. */
  tutorFor(userId: number): Tutor {
    let routed: Promise<Tutor> | undefined;
    const get = () => (routed ??= this.route(userId).then((r) => r.tutor));
    return {
      modelId: this.control.modelId,
      sessionFeedback: async (req) => (await get()).sessionFeedback(req),
      explain: async (req, sink) => (await get()).explain(req, sink),
      planAdjustment: async (req) => (await get()).planAdjustment(req),
      reply: async (req, sink) => (await get()).reply(req, sink),
    };
  }
}

// ---- Admin: candidates and experiments -------------------------------------------------------

export async function addCandidate(em: Em, adminId: number, input: AddCandidateInput): Promise<Candidate> {
  const rows = await em.execute<Parameters<typeof candidateRow>[0][]>(
    `insert into tutor_candidates (name, base_url, model, prompt_version, api_key_env, created_by) values (?, ?, ?, ?, ?, ?)
       on conflict (name) do nothing returning *`,
    [input.name, input.baseUrl, input.model, input.promptVersion ?? null, input.apiKeyEnv ?? null, adminId],
  );
  if (!rows[0]) throw new AppError('CONFLICT', `A candidate named "${input.name}" already exists.`);
  return candidateRow(rows[0]);
}

export async function startExperiment(em: Em, router: ExperimentRouter, adminId: number, input: StartExperimentInput): Promise<{ experimentId: number }> {
  const c = await em.execute<{ id: number }[]>('select id from tutor_candidates where id = ?', [input.candidateId]);
  if (!c[0]) throw new AppError('NOT_FOUND', 'No such candidate.');
  const rows = await em.execute<{ id: number }[]>(
    `insert into experiments (candidate_id, share_percent, status, salt, started_by)
       select ?, ?, 'running', ?, ? where not exists (select 1 from experiments where status = 'running')
     on conflict do nothing returning id`,
    [input.candidateId, input.sharePercent, randomBytes(12).toString('hex'), adminId],
  );
  if (!rows[0]) throw new AppError('CONFLICT', 'An experiment is already running: stop it before starting another.');
  router.invalidate();
  return { experimentId: rows[0].id };
}

/** The kill switch: every student goes back to the configured tutor. */
export async function stopExperiment(em: Em, router: ExperimentRouter, experimentId: number): Promise<{ stopped: boolean }> {
  const rows = await em.execute<{ id: number }[]>(`update experiments set status = 'stopped', stopped_at = now() where id = ? and status = 'running' returning id`, [experimentId]);
  router.invalidate();
  if (!rows[0]) {
    const exists = await em.execute<unknown[]>('select 1 from experiments where id = ?', [experimentId]);
    if (!exists.length) throw new AppError('NOT_FOUND', 'No such experiment.');
  }
  return { stopped: rows.length > 0 };
}

// ---- Comparison ---------------------------------------------------------------------------------

/** A metric in one arm: students with data, their mean (of per-student means) and its 95% interval. */
export interface ArmEstimate {
  students: number;
  observations: number;
  mean: number | null;
  ci: [number, number] | null;
}

export interface MetricComparison {
  metric: 'rating' | 'helpful' | 'follow_up' | 'review_approval' | 'checks_passed';
  control: ArmEstimate;
  candidate: ArmEstimate;
  /** Candidate minus control, with its 95% interval (null until both arms have two students). */
  difference: { estimate: number; ci: [number, number] } | null;
}

/** Students an arm needs before an interval is shown: fewer say too little to act on. */
export const MIN_STUDENTS = 5;

/** The two-sided 95% critical value of Student's t with `df` degrees of freedom. */
const t95 = (df: number) => tQuantile(0.975, df);

/**
 * Mean of per-student values with a 95% interval from Student's t (k − 1 degrees of freedom). No
 * interval under MIN_STUDENTS students, or when every student has the same value (a zero-width
 * interval would claim a certainty the data do not have).
 */
export function estimate(perStudent: { value: number; n: number }[]): ArmEstimate & { se: number | null } {
  const k = perStudent.length;
  const observations = perStudent.reduce((a, s) => a + s.n, 0);
  if (!k) return { students: 0, observations, mean: null, ci: null, se: null };
  const mean = perStudent.reduce((a, s) => a + s.value, 0) / k;
  if (k < MIN_STUDENTS) return { students: k, observations, mean, ci: null, se: null };
  const variance = perStudent.reduce((a, s) => a + (s.value - mean) ** 2, 0) / (k - 1);
  const se = Math.sqrt(variance / k);
  if (se === 0) return { students: k, observations, mean, ci: null, se: null };
  const half = t95(k - 1) * se;
  return { students: k, observations, mean, ci: [mean - half, mean + half], se };
}

/** Candidate minus control with Welch's 95% interval (unequal variances, Welch–Satterthwaite degrees of freedom). */
export function difference(control: { mean: number | null; se: number | null; students: number }, candidate: { mean: number | null; se: number | null; students: number }): MetricComparison['difference'] {
  if (control.mean === null || candidate.mean === null || control.se === null || candidate.se === null) return null;
  const v1 = control.se ** 2;
  const v2 = candidate.se ** 2;
  const df = (v1 + v2) ** 2 / (v1 ** 2 / (control.students - 1) + v2 ** 2 / (candidate.students - 1));
  const d = candidate.mean - control.mean;
  const half = t95(df) * Math.sqrt(v1 + v2);
  return { estimate: d, ci: [d - half, d + half] };
}

type PerStudent = { user_id: number; value: number; n: number };

/** Per student of an arm, within the experiment's window: the metric's mean and the observations behind it. */
const METRIC_SQL: Record<Exclude<MetricComparison['metric'], 'checks_passed'>, string> = {
  rating: `select fr.user_id, avg(fr.rating)::float as value, count(*)::int as n
             from feedback_ratings fr join session_feedback sf on sf.id = fr.feedback_id
            where sf.created_at between $from and $to and fr.user_id in ($arm) group by fr.user_id`,
  helpful: `select h.user_id, avg(case when h.helpful then 1 else 0 end)::float as value, count(*)::int as n
              from help_requests h where h.helpful is not null and h.created_at between $from and $to and h.user_id in ($arm) group by h.user_id`,
  // A help answer followed within 10 minutes by another request on the same question (the answer did not settle it).
  follow_up: `select h.user_id, avg(case when exists (select 1 from help_requests f where f.user_id = h.user_id and f.question_id = h.question_id
                     and f.id <> h.id and f.created_at > h.created_at and f.created_at <= h.created_at + interval '10 minutes') then 1 else 0 end)::float as value,
                     count(*)::int as n
                from help_requests h where h.question_id is not null and h.created_at between $from and $to and h.user_id in ($arm) group by h.user_id`,
  review_approval: `select ri.student_id as user_id, avg(case when r.verdict = 'approve' then 1 else 0 end)::float as value, count(*)::int as n
                      from reviews r join review_items ri on ri.id = r.item_id
                     where r.rolled_back_at is null and ri.created_at between $from and $to and ri.student_id in ($arm) group by ri.student_id`,
};

/**
 * The tutor's stored outputs in the window, the automatic checks run over each: per student at most
 * the latest 20 of each kind, so every arm is scored on the same mix whatever its size, and the
 * comparison stays cheap (at most 80 texts a student).
 */
const OUTPUTS_SQL = `
  select user_id, text from (
    select o.*, row_number() over (partition by o.user_id, o.kind order by o.created_at desc) as nth from (
      select 'feedback' as kind, sf.user_id, sf.text, sf.created_at from session_feedback sf
      union all select 'help', h.user_id, h.ai_response, h.created_at from help_requests h
      union all select 'plan', a.user_id, a.adjustment->>'explanation', a.created_at from study_plan_actions a
      union all select 'note', n.user_id, n.ai_response, n.created_at from user_notes n where n.ai_response is not null
    ) o where o.created_at between $from and $to and o.user_id in ($arm)
  ) ranked where nth <= 20`;

export interface ExperimentView {
  id: number;
  candidate: Candidate;
  sharePercent: number;
  status: 'running' | 'stopped';
  startedAt: string;
  stoppedAt: string | null;
  /** Students recorded in each arm (at their first tutor call). */
  students: Record<ExperimentArm, number>;
  metrics: MetricComparison[];
}

async function compareArms(em: Em, e: { id: number; started_at: Date; stopped_at: Date | null }): Promise<MetricComparison[]> {
  const from = new Date(e.started_at);
  const to = e.stopped_at ? new Date(e.stopped_at) : new Date();
  const arm = (a: ExperimentArm) => `select user_id from experiment_assignments where experiment_id = ${Number(e.id)} and arm = '${a}'`;
  const run = (sql: string, a: ExperimentArm) => em.execute<PerStudent[]>(sql.replaceAll('$arm', arm(a)).replaceAll('$from', '?').replaceAll('$to', '?'), sql.split('$from').slice(1).flatMap(() => [from, to]));
  const compare = (metric: MetricComparison['metric'], control: PerStudent[], candidate: PerStudent[]): MetricComparison => {
    const c = estimate(control);
    const t = estimate(candidate);
    const strip = ({ se: _se, ...x }: typeof c) => x;
    return { metric, control: strip(c), candidate: strip(t), difference: difference(c, t) };
  };
  const out: MetricComparison[] = [];
  for (const metric of Object.keys(METRIC_SQL) as (keyof typeof METRIC_SQL)[]) {
    out.push(compare(metric, await run(METRIC_SQL[metric], 'control'), await run(METRIC_SQL[metric], 'candidate')));
  }
  const checks = async (a: ExperimentArm): Promise<PerStudent[]> => {
    const rows = await em.execute<{ user_id: number; text: string | null }[]>(OUTPUTS_SQL.replaceAll('$arm', arm(a)).replaceAll('$from', '?').replaceAll('$to', '?'), [from, to]);
    const by = new Map<number, { ok: number; n: number }>();
    for (const r of rows) {
      const s = by.get(r.user_id) ?? { ok: 0, n: 0 };
      s.n++;
      if (r.text !== null && outputRuleFailure(r.text) === null) s.ok++;
      by.set(r.user_id, s);
    }
    return [...by].map(([user_id, s]) => ({ user_id, value: s.ok / s.n, n: s.n }));
  };
  out.push(compare('checks_passed', await checks('control'), await checks('candidate')));
  return out;
}

/** Candidates and experiments, newest first, each experiment with its arm comparison. */
export async function listExperiments(em: Em): Promise<{ candidates: Candidate[]; experiments: ExperimentView[] }> {
  const candidates = (await em.execute<Parameters<typeof candidateRow>[0][]>('select * from tutor_candidates order by created_at desc, id desc')).map(candidateRow);
  const rows = await em.execute<{ id: number; candidate_id: number; share_percent: number; status: 'running' | 'stopped'; started_at: Date; stopped_at: Date | null }[]>(
    'select id, candidate_id, share_percent, status, started_at, stopped_at from experiments order by started_at desc, id desc limit 5',
  );
  const experiments: ExperimentView[] = [];
  for (const e of rows) {
    const counts = await em.execute<{ arm: ExperimentArm; n: number }[]>('select arm, count(*)::int as n from experiment_assignments where experiment_id = ? group by arm', [e.id]);
    experiments.push({
      id: e.id,
      candidate: candidates.find((c) => c.id === e.candidate_id)!,
      sharePercent: e.share_percent,
      status: e.status,
      startedAt: new Date(e.started_at).toISOString(),
      stoppedAt: e.stopped_at ? new Date(e.stopped_at).toISOString() : null,
      students: { control: counts.find((c) => c.arm === 'control')?.n ?? 0, candidate: counts.find((c) => c.arm === 'candidate')?.n ?? 0 },
      metrics: await compareArms(em, e),
    });
  }
  return { candidates, experiments };
}
