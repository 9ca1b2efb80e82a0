import { describeFigure } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '0', REVIEW_SWEEP_LAG_SECONDS: '0' } }); });
afterAll(async () => { await t?.close(); });

// #21 item 1: a reviewer sees the figure the student saw, and the input states it in words.
describe('figures in the review queue', () => {
  it('a help answer about a figure item comes with its figure and the "Figure:" line', async () => {
    const q = buildQuestionBank().find((x) => x.id === 'M-ALG-LINF-GRAPH-01')!;
    const s = await t.user();
    const help = await s.api.practice.help({ questionId: q.id, query: 'How do I read f(0) from the graph?', inputMode: 'text' });
    await s.api.practice.rateHelp({ helpRequestId: help.helpRequestId, helpful: false });
    const tutor = await t.user({ role: 'tutor' });
    await (await t.admin()).api.review.assign({ tutorId: tutor.id, studentIds: [s.id] });
    const item = (await tutor.api.review.next())!;
    expect(item.source).toBe('help_requests');
    expect(item.figure).toEqual(q.figure);
    expect(item.input).toContain(`Question: ${q.stem}\n${describeFigure(q.figure!)}\n`);
  });
});
