import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKey, createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('practice', () => {
  it('starts a session without sending answer keys', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ count: 10 });
    expect(sessionId).toBeGreaterThan(0);
    expect(questions).toHaveLength(10);
    expect(new Set(questions.map((q) => q.id)).size).toBe(10);
    for (const q of questions) {
      expect(q).not.toHaveProperty('answer');
      expect(q).not.toHaveProperty('rationale');
      expect(q).not.toHaveProperty('acceptedAnswers');
    }
    // Rotates across skills rather than drilling one.
    expect(new Set(questions.map((q) => q.skill)).size).toBeGreaterThan(3);
  });

  it('filters by domain and skill, and rejects a skill outside the domain', async () => {
    const s = await t.user();
    const byDomain = await s.api.practice.start({ domain: 'Geometry and Trigonometry', count: 8 });
    expect(byDomain.questions.every((q) => q.domain === 'Geometry and Trigonometry')).toBe(true);
    const bySkill = await s.api.practice.start({ skill: 'transitions', count: 5 });
    expect(bySkill.questions.every((q) => q.skill === 'transitions')).toBe(true);
    await expect(s.api.practice.start({ domain: 'Algebra', skill: 'transitions', count: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.api.practice.start({ count: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('scores on the server, stores responses, updates proficiency and returns nested stats and feedback', async () => {
    const s = await t.user({ name: 'Maya' });
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 10 });
    const keys = await answerKey(t, questions.map((q) => q.id));
    const answers = questions.map((q, i) => ({ questionId: q.id, answer: i < 7 ? keys.get(q.id)!.answer : keys.get(q.id)!.wrong, timeSpentMs: 30_000 }));
    const result = await s.api.practice.submit({ sessionId, answers });

    expect(result.correct).toBe(7);
    expect(result.total).toBe(10);
    expect(result.performance).toEqual({ Math: { Algebra: { correct: 7, total: 10 } } });
    expect(result.results.filter((r) => r.correct)).toHaveLength(7);
    for (const r of result.results) expect(r.explanation.length).toBeGreaterThan(20);
    expect(result.feedback.feedbackId).toBeGreaterThan(0);
    // A training target never names the student (session-feedback/v2).
    expect(result.feedback.text).not.toContain('Maya');
    expect(result.feedback.text).toMatch(/7 of 10|7\/10|7 correct out of 10/);

    const em = t.app.orm.em.fork();
    const responses: { n: number; c: number }[] = await em.execute('select count(*)::int as n, count(*) filter (where is_correct)::int as c from responses where session_id = ?', [sessionId]);
    expect(responses[0]).toEqual({ n: 10, c: 7 });
    const prof: { correct: number; total: number }[] = await em.execute('select sum(correct)::int as correct, sum(total)::int as total from skill_proficiency where user_id = ?', [s.id]);
    expect(prof[0]).toEqual({ correct: 7, total: 10 });
    const fb: { model_id: string; prompt_version: string; performance_data: unknown }[] = await em.execute('select model_id, prompt_version, performance_data from session_feedback where id = ?', [result.feedback.feedbackId]);
    expect(fb[0]).toMatchObject({ model_id: 'satprep-offline-tutor-1', prompt_version: 'session-feedback/v3', performance_data: { Math: { Algebra: { correct: 7, total: 10 } } } });
  });

  it('accepts equivalent grid-in forms and counts blanks as wrong', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 30 });
    const keys = await answerKey(t, questions.map((q) => q.id));
    const spr = questions.find((q) => q.format === 'spr' && /^-?\d+$/.test(keys.get(q.id)!.answer));
    const answers = questions.filter((q) => q !== spr).slice(1).map((q) => ({ questionId: q.id, answer: keys.get(q.id)!.answer, timeSpentMs: 1000 }));
    if (spr) answers.push({ questionId: spr.id, answer: `${keys.get(spr.id)!.answer}.0`, timeSpentMs: 1000 });
    const result = await s.api.practice.submit({ sessionId, answers });
    expect(result.total).toBe(questions.length);
    const skipped = questions.filter((q) => q !== spr)[0]!;
    expect(result.results.find((r) => r.questionId === skipped.id)).toMatchObject({ correct: false, answer: '' });
    if (spr) expect(result.results.find((r) => r.questionId === spr.id)!.correct).toBe(true);
  });

  it('returns the same result when a submit is retried, and refuses foreign questions', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ count: 3 });
    await expect(s.api.practice.submit({ sessionId, answers: [{ questionId: 'NOT-IN-SESSION', answer: 'A', timeSpentMs: 1 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const answers = questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 }));
    const [a, b] = await Promise.all([s.api.practice.submit({ sessionId, answers }), s.api.practice.submit({ sessionId, answers })]);
    expect(b.feedback.feedbackId).toBe(a.feedback.feedbackId);
    const rows: { n: number }[] = await t.app.orm.em.fork().execute('select count(*)::int as n from responses where session_id = ?', [sessionId]);
    expect(rows[0]!.n).toBe(3);
  });

  it('hides other students\' sessions as NOT_FOUND', async () => {
    const a = await t.user();
    const b = await t.user();
    const { sessionId, questions } = await a.api.practice.start({ count: 2 });
    await expect(b.api.practice.submit({ sessionId, answers: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.api.practice.review({ sessionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await a.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 5 })) });
    expect((await a.api.practice.review({ sessionId })).questions).toHaveLength(2);
  });

  it('puts weak skills and unseen items first in the next session', async () => {
    const s = await t.user();
    const first = await s.api.practice.start({ domain: 'Standard English Conventions', count: 10 });
    const keys = await answerKey(t, first.questions.map((q) => q.id));
    // All boundaries answers wrong, everything else right.
    await s.api.practice.submit({
      sessionId: first.sessionId,
      answers: first.questions.map((q) => ({ questionId: q.id, answer: q.skill === 'boundaries' ? keys.get(q.id)!.wrong : keys.get(q.id)!.answer, timeSpentMs: 1000 })),
    });
    const next = await s.api.practice.start({ domain: 'Standard English Conventions', count: 6 });
    expect(next.questions[0]!.skill).toBe('boundaries');
    const seen = new Set(first.questions.map((q) => q.id));
    expect(next.questions.filter((q) => seen.has(q.id))).toEqual([]);
  });

  it('builds a study plan of days and tasks from proficiency', async () => {
    const s = await t.user();
    const plan = await s.api.studyPlan.get();
    expect(plan.days.length).toBe(7);
    expect(plan.tasks.length).toBe(14);
    for (const task of plan.tasks) expect(task).toMatchObject({ status: 'pending', count: expect.any(Number), goal: expect.any(String) });
    expect((await s.api.studyPlan.get()).planId).toBe(plan.planId);
  });
});
