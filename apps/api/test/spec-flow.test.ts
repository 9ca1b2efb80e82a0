import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKey, createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

/** The spec's test (step 6): submit practice → rate feedback → ask help → mark plan task → add note → verify the four tables. */
describe('the spec flow through the tRPC API', () => {
  it('writes one complete, self-contained row to each of the four tables', async () => {
    const s = await t.user({ name: 'Jordan' });
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 10 });
    const keys = await answerKey(t, questions.map((q) => q.id));
    const submitted = await s.api.practice.submit({
      sessionId,
      answers: questions.map((q, i) => ({ questionId: q.id, answer: i < 7 ? keys.get(q.id)!.answer : keys.get(q.id)!.wrong, timeSpentMs: 40_000 })),
    });

    const rating = await s.api.practice.rateFeedback({ feedbackId: submitted.feedback.feedbackId, rating: 4, comment: 'Helpful, thanks' });
    const missed = questions[8]!;
    const help = await s.api.practice.help({ questionId: missed.id, sessionId, query: 'Why is x = 2 not right here?', inputMode: 'speech' });
    const plan = await s.api.studyPlan.get();
    const acted = await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped', reason: 'Out of time today' });
    const note = await s.api.notes.add({ questionId: missed.id, sessionId, text: "I don't get quadratics", askTutor: true });

    const em = t.app.orm.em.fork();
    const [fr] = await em.execute<Record<string, any>[]>('select * from feedback_ratings where user_id = ?', [s.id]);
    expect(fr).toMatchObject({
      id: rating.ratingId, rating: 4, comment: 'Helpful, thanks', feedback_text: submitted.feedback.text, session_id: sessionId,
      performance_data: { Math: { Algebra: { correct: 7, total: 10 } } }, model_id: 'satprep-offline-tutor-1', prompt_version: 'session-feedback/v3',
    });

    const [hr] = await em.execute<Record<string, any>[]>('select * from help_requests where user_id = ?', [s.id]);
    const key = keys.get(missed.id)!;
    expect(hr).toMatchObject({ id: help.helpRequestId, question_id: missed.id, user_query: 'Why is x = 2 not right here?', input_mode: 'speech', ai_response: help.answer, model_id: 'satprep-offline-tutor-1', prompt_version: 'help-explain/v4' });
    expect(hr!.question_snapshot).toMatchObject({ id: missed.id, stem: missed.stem, choices: missed.choices, correctAnswer: key.answer, studentAnswer: key.wrong });
    expect(hr!.ai_response).toMatch(/correct answer|right choice is|works instead is|the key is|answer is/);
    expect(hr!.latency_ms).toBeGreaterThanOrEqual(0);

    const [spa] = await em.execute<Record<string, any>[]>('select * from study_plan_actions where user_id = ?', [s.id]);
    expect(spa).toMatchObject({ id: acted.actionId, plan_id: plan.planId, task_index: 0, action: 'skipped', reason: 'Out of time today' });
    expect(spa!.task).toEqual(plan.tasks[0]);
    expect(spa!.performance_update).toMatchObject({ skill: plan.tasks[0]!.skill });
    expect(spa!.adjustment.changes).toEqual([expect.objectContaining({ kind: 'rescheduled', after: expect.objectContaining({ skill: plan.tasks[0]!.skill, day: 8, status: 'pending' }) })]);
    expect(spa!.adjustment.explanation).toContain(`day 8`);
    expect(acted.plan.tasks).toHaveLength(plan.tasks.length + 1);
    expect(acted.plan.tasks[0]!.status).toBe('skipped');

    const [un] = await em.execute<Record<string, any>[]>('select * from user_notes where user_id = ?', [s.id]);
    expect(un).toMatchObject({ id: note.noteId, question_id: missed.id, session_id: sessionId, note_text: "I don't get quadratics", ask_tutor: true, model_id: 'satprep-offline-tutor-1', prompt_version: 'ugc-reply/v6' });
    expect(un!.ai_response).toBe(note.aiResponse);
    expect(un!.ai_response.length).toBeGreaterThan(40);
  });
});
