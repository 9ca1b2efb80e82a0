import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFigure } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import { syncQuestionBank } from '@satprep/core/question-bank';
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

  it('a database seeded before figures gets the new items and the figures at start, and a second sync changes nothing', async () => {
    const em = t.app.orm.em.fork();
    const withFigure = buildQuestionBank().filter((q) => q.figure);
    // As an older version left it: no figure column values and none of the figure-only generators' items.
    await em.execute(`update questions set figure = null`);
    await em.execute(`delete from questions where id like 'M-GEO-CIR-DIAGRAM-%'`);
    const first = await syncQuestionBank(em.fork() as never);
    expect(first).toEqual({ added: 6, updated: withFigure.length - 6 });
    expect(await syncQuestionBank(em.fork() as never)).toEqual({ added: 0, updated: 0 });
    const rows: { id: string; figure: unknown }[] = await em.execute('select id, figure from questions where figure is not null');
    expect(rows.map((r) => r.id).sort()).toEqual(withFigure.map((q) => q.id).sort());
  });

  it('a practice session on a skill with figure items hands the figures to the student', async () => {
    const s = await t.user();
    const { questions } = await s.api.practice.start({ skill: 'lines-angles-triangles', count: 30 });
    const figured = questions.filter((q) => q.figure);
    expect(figured.length).toBeGreaterThanOrEqual(6);
    for (const q of figured) expect(describeFigure(q.figure!)).toMatch(/^Figure: triangle ABC/);
    for (const q of questions.filter((x) => /\bshown\b/.test(x.stem))) expect(q.figure, q.id).toBeDefined();
  });

  it('a help request about a figure item stores the figure in its snapshot', async () => {
    const s = await t.user();
    const q = buildQuestionBank().find((x) => x.id === 'M-GEO-CIR-DIAGRAM-01')!;
    await s.api.practice.help({ questionId: q.id, query: 'How do I start?', inputMode: 'text' });
    const rows: { snap: { figure?: unknown } }[] = await t.app.orm.em.fork().execute('select question_snapshot as snap from help_requests where question_id = ?', [q.id]);
    expect(rows.at(-1)!.snap.figure).toEqual(q.figure);
  });
});
