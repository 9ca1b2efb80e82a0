import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

// "Past help conversations shown again when reviewing a session": practice.sessionHelp.
describe('practice.sessionHelp', () => {
  it("returns the owner's help questions and answers of that session only, oldest first", async () => {
    const a = await t.user({ name: 'Hana' });
    const { sessionId, questions } = await a.api.practice.start({ count: 3 });
    const other = await a.api.practice.start({ count: 2 });
    expect(await a.api.practice.sessionHelp({ sessionId })).toEqual([]);

    const first = await a.api.practice.help({ questionId: questions[0]!.id, sessionId, query: 'How do I start this one?', inputMode: 'text' });
    const second = await a.api.practice.help({ questionId: questions[1]!.id, sessionId, query: 'What does this word mean?', inputMode: 'speech' });
    // Help in another session, and help outside any session, are not this session's.
    await a.api.practice.help({ questionId: other.questions[0]!.id, sessionId: other.sessionId, query: 'Another session', inputMode: 'text' });
    await a.api.practice.help({ questionId: questions[0]!.id, query: 'Outside a session', inputMode: 'text' });

    await a.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
    await a.api.practice.rateHelp({ helpRequestId: first.helpRequestId, helpful: true });

    const rows = await a.api.practice.sessionHelp({ sessionId });
    expect(rows.map((r) => r.helpRequestId)).toEqual([first.helpRequestId, second.helpRequestId]);
    expect(rows[0]).toMatchObject({ questionId: questions[0]!.id, query: 'How do I start this one?', answer: first.answer, inputMode: 'text', helpful: true });
    expect(rows[1]).toMatchObject({ questionId: questions[1]!.id, query: 'What does this word mean?', answer: second.answer, inputMode: 'speech', helpful: null });
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);
    expect(rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(rows[1]!.createdAt.getTime());
    expect((await a.api.practice.sessionHelp({ sessionId: other.sessionId })).map((r) => r.query)).toEqual(['Another session']);
  });

  it("refuses another student's session as not found, and ids that are not ids", async () => {
    const a = await t.user();
    const b = await t.user();
    const { sessionId, questions } = await a.api.practice.start({ count: 2 });
    await a.api.practice.help({ questionId: questions[0]!.id, sessionId, query: 'mine', inputMode: 'text' });
    await expect(b.api.practice.sessionHelp({ sessionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.api.practice.sessionHelp({ sessionId: 99_999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(a.api.practice.sessionHelp({ sessionId: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
