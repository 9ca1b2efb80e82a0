import { defineEntity, p } from '@mikro-orm/core';

/** A pass rate of one automatic check over a run's cases (null: the check applied to none). */
export interface EvalCheckScore {
  passed: number;
  failed: number;
  rate: number | null;
}

/** One evaluation of a tutor model on the held-out set (`satprep eval`): its scorecard and whether it cleared the thresholds. */
export const EvalRun = defineEntity({
  name: 'EvalRun',
  tableName: 'eval_runs',
  properties: {
    id: p.integer().primary(),
    model: p.string().length(200),
    /** The endpoint's base URL (never its key); null for the offline tutor. */
    endpoint: p.text().nullable(),
    promptVersions: p.json<string[]>(),
    cases: p.integer(),
    errors: p.integer(),
    checks: p.json<Record<string, EvalCheckScore>>(),
    byKind: p.json<Record<string, Record<string, EvalCheckScore>>>(),
    thresholds: p.json<Record<string, number>>(),
    passed: p.boolean(),
    durationMs: p.integer(),
    startedAt: p.datetime().onCreate(() => new Date()),
  },
});

/** One case of an evaluation run: the model's answer and the result of each check (null: not applicable). */
export const EvalResult = defineEntity({
  name: 'EvalResult',
  tableName: 'eval_results',
  uniques: [{ properties: ['run', 'caseId'] }],
  properties: {
    id: p.integer().primary(),
    run: () => p.manyToOne(EvalRun).mapToPk().deleteRule('cascade'),
    caseId: p.string().length(160),
    kind: p.string().length(20),
    skill: p.string().length(80).nullable(),
    inBank: p.boolean(),
    output: p.text(),
    error: p.text().nullable(),
    checks: p.json<Record<string, { ok: boolean; detail: string } | null>>(),
  },
});
