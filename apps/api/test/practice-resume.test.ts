import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

// A session survives a reload, Back or another device: answers are saved as they are given (#21 item 3).
describe('practice: answers saved as given, sessions resumed', () => {
  it('saves each answer, and another device resumes the session with them and the time spent', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 4 });
    expect(await s.api.practice.current()).toMatchObject({ sessionId, answers: {} });
    await s.api.practice.saveAnswer({ sessionId, questionId: questions[0]!.id, answer: 'B', timeSpentMs: 12_000 });
    await s.api.practice.saveAnswer({ sessionId, questionId: questions[1]!.id, answer: ' 7/2 ', timeSpentMs: 30_500 });
    // Changing an answer replaces it; saving it again changes nothing.
    await s.api.practice.saveAnswer({ sessionId, questionId: questions[0]!.id, answer: 'C', timeSpentMs: 15_000 });
    await s.api.practice.saveAnswer({ sessionId, questionId: questions[0]!.id, answer: 'C', timeSpentMs: 15_000 });
    const other = await t.as(s.token);
    const resumed = await other.practice.current();
    expect(resumed).toMatchObject({ sessionId, questions: questions.map((q) => expect.objectContaining({ id: q.id })) });
    expect(resumed!.answers).toEqual({ [questions[0]!.id]: { answer: 'C', timeSpentMs: 15_000 }, [questions[1]!.id]: { answer: '7/2', timeSpentMs: 30_500 } });
    // No answer keys, as at the start.
    for (const q of resumed!.questions) for (const key of ['answer', 'rationale', 'acceptedAnswers']) expect(q).not.toHaveProperty(key);
  });

  it('keeps every question of saves made at once (two tabs): none overwrites another', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ count: 10 });
    await Promise.all(questions.map((q, i) => s.api.practice.saveAnswer({ sessionId, questionId: q.id, answer: 'ABCD'[i % 4]!, timeSpentMs: 1000 * i })));
    const { answers } = (await s.api.practice.current())!;
    expect(Object.keys(answers).sort()).toEqual(questions.map((q) => q.id).sort());
  });

  it('refuses a question outside the session, another student\'s session and a submitted one; nothing is offered after the submit', async () => {
    const s = await t.user();
    const intruder = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 2 });
    const outside = (await s.api.practice.start({ skill: 'transitions', count: 1 })).questions[0]!.id;
    // The newer session is now the one on offer.
    expect((await s.api.practice.current())!.sessionId).not.toBe(sessionId);
    await expect(s.api.practice.saveAnswer({ sessionId, questionId: outside, answer: 'A', timeSpentMs: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(intruder.api.practice.saveAnswer({ sessionId, questionId: questions[0]!.id, answer: 'A', timeSpentMs: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.api.practice.saveAnswer({ sessionId, questionId: questions[0]!.id, answer: 'A'.repeat(41), timeSpentMs: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
    await expect(s.api.practice.saveAnswer({ sessionId, questionId: questions[0]!.id, answer: 'B', timeSpentMs: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const latest = await s.api.practice.start({ count: 1 });
    await s.api.practice.submit({ sessionId: latest.sessionId, answers: [] });
    expect(await s.api.practice.current()).toBeNull();
    expect(await intruder.api.practice.current()).toBeNull();
  });

  it('offers a session for 24 hours', async () => {
    const s = await t.user();
    const { sessionId } = await s.api.practice.start({ count: 1 });
    await t.app.orm.em.fork().execute(`update practice_sessions set started_at = now() - interval '25 hours' where id = ?`, [sessionId]);
    expect(await s.api.practice.current()).toBeNull();
  });
});
