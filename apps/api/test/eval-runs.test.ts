import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuestionBank } from '@satprep/domain/bank';
import { adjustPlan, buildPlan } from '@satprep/domain/plan';
import { belowThresholds, buildEvalSet, runEval, scorecard, storeEvalRun, DEFAULT_THRESHOLDS } from '@satprep/eval';
import { OfflineTutor } from '@satprep/tutor';
import { createTestApp, type TestApp } from './harness.ts';

// #23 item 1: evaluation runs are stored and admins see them side by side with earlier runs.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('data.evalRuns', () => {
  it('lists stored runs newest first with their scorecards and failed cases; students may not read them', async () => {
    const admin = await t.admin();
    expect(await admin.api.data.evalRuns()).toEqual([]);
    const cases = buildEvalSet({ bank: buildQuestionBank(), buildPlan, adjustPlan }, { perSource: 3 });
    const tutor = new OfflineTutor();
    const results = await runEval(tutor, cases, { concurrency: 4 });
    const card = scorecard(tutor.modelId, results);
    const first = await storeEvalRun(t.app.orm.em.fork(), { card, results, endpoint: null, thresholds: DEFAULT_THRESHOLDS, passed: !belowThresholds(card).length, durationMs: 12 });
    const second = await storeEvalRun(t.app.orm.em.fork(), { card: { ...card, model: 'candidate' }, results, endpoint: 'https://user:pw@models.example/v1/', thresholds: DEFAULT_THRESHOLDS, passed: false, durationMs: 34 });

    const runs = await admin.api.data.evalRuns();
    expect(runs.map((r) => r.id)).toEqual([second, first]);
    expect(runs[0]).toMatchObject({ model: 'candidate', endpoint: 'https://models.example/v1', passed: false, cases: cases.length });
    expect(runs[1]).toMatchObject({ model: tutor.modelId, endpoint: null, durationMs: 12 });
    expect(runs[1]!.checks.final_answer).toEqual(card.checks.final_answer);
    expect(runs[1]!.promptVersions.length).toBeGreaterThan(0);
    // Each failed case the scorecard counts is listed (up to three per check).
    for (const [check, score] of Object.entries(card.checks)) expect(runs[1]!.failures.filter((f) => f.check === check).length, check).toBe(Math.min(3, score.failed));

    const s = await t.user();
    await expect(s.api.data.evalRuns()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
