import { EvalResult, EvalRun, type EvalCheckScore } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { CHECKS, type CheckName } from './checks.ts';
import type { CaseResult, Scorecard } from './run.ts';

/** A stored run as admins compare them: the scorecard, whether it cleared its thresholds, and a few failed cases per check. */
export interface StoredEvalRun {
  id: number;
  model: string;
  endpoint: string | null;
  promptVersions: string[];
  cases: number;
  errors: number;
  checks: Record<CheckName, EvalCheckScore>;
  byKind: Record<string, Record<CheckName, EvalCheckScore>>;
  thresholds: Record<CheckName, number>;
  passed: boolean;
  durationMs: number;
  startedAt: string;
  failures: { caseId: string; check: CheckName; detail: string }[];
}

/**
 * Keeps a run and every case's answer and checks (`eval_runs`, `eval_results`) in one transaction.
 * The endpoint is stored without credentials: only its origin and path.
 */
export async function storeEvalRun(
  em: Em,
  run: { card: Scorecard; results: readonly CaseResult[]; endpoint: string | null; thresholds: Record<CheckName, number>; passed: boolean; durationMs: number },
): Promise<number> {
  return em.transactional(async (tx) => {
    const row = tx.create(EvalRun, {
      model: run.card.model,
      endpoint: run.endpoint === null ? null : withoutCredentials(run.endpoint),
      promptVersions: [...new Set(run.results.map((r) => r.promptVersion).filter(Boolean))].sort(),
      cases: run.card.cases,
      errors: run.card.errors,
      checks: run.card.checks,
      byKind: run.card.byKind,
      thresholds: run.thresholds,
      passed: run.passed,
      durationMs: Math.round(run.durationMs),
    });
    await tx.flush();
    // In chunks: one statement holds at most 65,535 parameters (8 a row).
    for (let i = 0; i < run.results.length; i += 1000) {
      await tx.insertMany(
        EvalResult,
        run.results.slice(i, i + 1000).map((r) => ({ run: row.id, caseId: r.id, kind: r.kind, skill: r.skill, inBank: r.inBank, output: r.output, error: r.error, checks: r.checks })),
      );
    }
    return row.id;
  });
}

function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`.replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** The latest runs, newest first, each with up to `failuresPerCheck` failed cases per check. */
export async function listEvalRuns(em: Em, opts: { limit?: number; failuresPerCheck?: number } = {}): Promise<StoredEvalRun[]> {
  const runs = await em.find(EvalRun, {}, { orderBy: { startedAt: 'desc', id: 'desc' }, limit: opts.limit ?? 6 });
  if (!runs.length) return [];
  // The first few failed cases of each check of each run, picked in SQL (a run may hold thousands of cases).
  const failed = await em.execute<{ run_id: number; case_id: string; check: string; detail: string }[]>(
    `select run_id, case_id, "check", detail from (
       select r.run_id, r.case_id, c.key as "check", c.value->>'detail' as detail,
              row_number() over (partition by r.run_id, c.key order by r.case_id) as nth
         from eval_results r, jsonb_each(r.checks) c
        where r.run_id in (${runs.map(() => '?').join(', ')}) and jsonb_typeof(c.value) = 'object' and c.value->>'ok' = 'false'
     ) f where nth <= ? order by run_id, case_id, "check"`,
    [...runs.map((r) => r.id), opts.failuresPerCheck ?? 3],
  );
  const failures = new Map<number, StoredEvalRun['failures']>();
  for (const f of failed) {
    if (!(CHECKS as readonly string[]).includes(f.check)) continue;
    failures.set(f.run_id, [...(failures.get(f.run_id) ?? []), { caseId: f.case_id, check: f.check as CheckName, detail: f.detail }]);
  }
  return runs.map((r) => ({
    id: r.id,
    model: r.model,
    endpoint: r.endpoint ?? null,
    promptVersions: r.promptVersions,
    cases: r.cases,
    errors: r.errors,
    checks: r.checks as Record<CheckName, EvalCheckScore>,
    byKind: r.byKind as Record<string, Record<CheckName, EvalCheckScore>>,
    thresholds: r.thresholds as Record<CheckName, number>,
    passed: r.passed,
    durationMs: r.durationMs,
    startedAt: r.startedAt.toISOString(),
    failures: failures.get(r.id) ?? [],
  }));
}
