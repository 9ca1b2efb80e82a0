import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKey, createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

type Student = Awaited<ReturnType<TestApp['user']>>;

/** Sessions of Math practice answered right with probability `accuracy` (every k-th wrong, deterministic). */
async function practise(s: Student, sessions: number, accuracy: number) {
  let n = 0;
  for (let i = 0; i < sessions; i++) {
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 10 });
    const keys = await answerKey(t, questions.map((q) => q.id));
    await s.api.practice.submit({
      sessionId,
      answers: questions.map((q) => ({ questionId: q.id, answer: (n++ % 10) < accuracy * 10 ? keys.get(q.id)!.answer : keys.get(q.id)!.wrong, timeSpentMs: 60_000 })),
    });
  }
}

const difficultyOf = async (ids: string[]) =>
  (await t.app.orm.em.fork().execute<{ d: number }[]>(`select avg(difficulty)::float as d from questions where id in (${ids.map(() => '?').join(',')})`, ids))[0]!.d;

describe('score estimate and adaptive practice', () => {
  it('estimates each section on 200–800 with a range, higher for a stronger student, and narrows it with practice', async () => {
    const strong = await t.user();
    const weak = await t.user();
    const fresh = (await strong.api.me.progress()).scores;
    expect(fresh).toEqual([
      { section: 'Math', score: 500, low: 370, high: 630, responses: 0, theta: expect.closeTo(0, 5) },
      { section: 'Reading and Writing', score: 500, low: 370, high: 630, responses: 0, theta: expect.closeTo(0, 5) },
    ]);
    await practise(strong, 3, 0.9);
    await practise(weak, 3, 0.2);
    const s = (await strong.api.me.progress()).scores.find((x) => x.section === 'Math')!;
    const w = (await weak.api.me.progress()).scores.find((x) => x.section === 'Math')!;
    expect(s.responses).toBe(30);
    expect(s.score).toBeGreaterThan(600);
    expect(w.score).toBeLessThan(450);
    expect(s.high - s.low).toBeLessThan(260);
    expect(s.low).toBeLessThanOrEqual(s.score);
    expect(s.high).toBeGreaterThanOrEqual(s.score);
    // Reading and Writing has no answers yet: still the prior.
    expect((await strong.api.me.progress()).scores.find((x) => x.section === 'Reading and Writing')).toMatchObject({ score: 500, responses: 0 });

    // The next session picks harder items for the stronger student.
    const next = async (x: Student) => difficultyOf((await x.api.practice.start({ domain: 'Algebra', count: 10 })).questions.map((q) => q.id));
    expect(await next(strong)).toBeGreaterThan(await next(weak));
  });
});
