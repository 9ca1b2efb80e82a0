import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('question bank in the database', () => {
  it('stores an explanation for every wrong choice of every mcq item, and none for grid-ins', async () => {
    const rows: { id: string; format: string; answer: string; choices: { label: string }[]; choice_explanations: Record<string, string> | null }[] =
      await t.app.orm.em.fork().execute('select id, format, answer, choices, choice_explanations from questions');
    expect(rows.length).toBeGreaterThanOrEqual(400);
    const wrong: string[] = [];
    for (const r of rows) {
      if (r.format === 'spr') {
        if (r.choice_explanations !== null) wrong.push(`${r.id}: grid-in with explanations`);
        continue;
      }
      const expected = r.choices.map((c) => c.label).filter((l) => l !== r.answer).sort().join();
      if (Object.keys(r.choice_explanations ?? {}).sort().join() !== expected) wrong.push(`${r.id}: explains ${Object.keys(r.choice_explanations ?? {}).join()}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the rationales that named a letter after shuffling now refer to choices by content', async () => {
    const rows: { id: string; rationale: string }[] = await t.app.orm.em.fork().execute("select id, rationale from questions where id in ('RW-II-C05', 'RW-II-I06')");
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.rationale, r.id).not.toMatch(/\b[A-D] is wrong|[Cc]hoices? [A-D]\b|\bfor [A-D] or [A-D]\b/);
  });

  it('a started session never shows which choices are wrong', async () => {
    const s = await t.user();
    const { questions } = await s.api.practice.start({ count: 20 });
    for (const q of questions) expect(q).not.toHaveProperty('choiceExplanations');
  });
});
