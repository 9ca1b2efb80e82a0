import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrainingData } from '@satprep/exporter';
import { pseudonymSecret } from '@satprep/core/export';
import { createTestApp, type TestApp } from './harness.ts';

type Student = Awaited<ReturnType<TestApp['user']>>;

async function practiseAndAsk(s: Student, marker: string, rating: number) {
  const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 3 });
  const result = await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
  await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating });
  return s.api.practice.help({ questionId: questions[0]!.id, sessionId, query: `${marker} why is that the answer?`, inputMode: 'text' });
}

describe('admin dataset browser', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  let helpId = 0;
  const correction = 'A reviewed explanation of the first step, checked against the key.';
  beforeAll(async () => {
    t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0' } });
    const open = await t.user({ name: 'Ada Open' });
    helpId = (await practiseAndAsk(open, 'MARKER-OPEN', 5)).helpRequestId;
    await practiseAndAsk(await t.user({ name: 'Hidden Student', consent: false }), 'MARKER-HIDDEN', 2);
    const tutor = await t.user({ role: 'tutor', name: 'Tess Tutor' });
    admin = await t.admin();
    await admin.api.review.assign({ tutorId: tutor.id, share: 1 });
    for (let item = await tutor.api.review.next(); item; item = await tutor.api.review.next()) {
      await tutor.api.review.submit(item.source === 'help_requests' ? { itemId: item.itemId, verdict: 'correct', correctedText: correction, reason: 'unclear' } : { itemId: item.itemId, verdict: 'approve' });
      // A correction counts once an admin confirms it.
      if (item.source === 'help_requests') await admin.api.review.confirm({ itemId: item.itemId });
    }
  });
  afterAll(async () => { await t?.close(); });

  it('lists consenting students\' examples, redacted, newest first, filtered by source, rating, skill, review status and search', async () => {
    const all = await admin.api.data.examples({});
    expect(all.items.map((i) => i.source).sort()).toEqual(['feedback_ratings', 'help_requests']);
    const text = JSON.stringify(all);
    expect(text).toContain('MARKER-OPEN');
    expect(text).not.toContain('MARKER-HIDDEN');
    expect(text).not.toContain('Ada');
    expect(all.items.map((i) => i.createdAt)).toEqual([...all.items.map((i) => i.createdAt)].sort().reverse());

    const help = await admin.api.data.examples({ source: 'help_requests' });
    expect(help.items.map((i) => i.id)).toEqual([`help_requests:${helpId}`]);
    expect(help.items[0]).toMatchObject({ origin: 'real', reviewStatus: 'corrected', modelId: 'satprep-offline-tutor-1', skill: expect.any(String) });

    expect((await admin.api.data.examples({ rating: 5 })).items.map((i) => [i.source, i.rating])).toEqual([['feedback_ratings', 5]]);
    expect((await admin.api.data.examples({ rating: 2 })).items).toEqual([]); // the 2-star rating is the non-consenting student's
    const skill = help.items[0]!.skill!;
    const bySkill = await admin.api.data.examples({ skill });
    expect(bySkill.items.length).toBeGreaterThan(0);
    expect(bySkill.items.every((i) => i.skill === skill)).toBe(true);
    expect((await admin.api.data.examples({ reviewStatus: 'corrected' })).items.map((i) => i.id)).toEqual([`help_requests:${helpId}`]);
    expect((await admin.api.data.examples({ reviewStatus: 'unreviewed' })).items.every((i) => i.reviewStatus === 'unreviewed')).toBe(true);
    expect((await admin.api.data.examples({ search: 'marker-open' })).items.map((i) => i.id)).toEqual([`help_requests:${helpId}`]);
    expect((await admin.api.data.examples({ search: '100%_' })).items).toEqual([]);
  });

  it('pages through results', async () => {
    const first = await admin.api.data.examples({ pageSize: 1 });
    const second = await admin.api.data.examples({ pageSize: 1, page: 1 });
    expect(first.hasMore).toBe(true);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
  });

  it('opens an example with its lineage and review history', async () => {
    const d = await admin.api.data.example({ id: `help_requests:${helpId}` });
    expect(d).toMatchObject({
      id: `help_requests:${helpId}`, source: 'help_requests', origin: 'real', modelId: 'satprep-offline-tutor-1', promptVersion: 'help-explain/v4',
      userKey: expect.stringMatching(/^[0-9a-f]{20}$/), exportedOutput: correction, reviewStatus: 'corrected',
    });
    expect(d.input).toContain('MARKER-OPEN');
    expect(d.review).toMatchObject({ entryReason: 'sample', status: 'corrected', finalText: correction, originalText: d.output });
    // Reviewers appear under their pseudonyms, never their names.
    expect(d.review!.reviews).toEqual([
      { reviewer: expect.stringMatching(/^rev_[0-9a-f]{12}$/), verdict: 'correct', reason: 'unclear', correctedText: correction, guidelineVersion: 1, createdAt: expect.any(String), rolledBackAt: null },
      { reviewer: expect.stringMatching(/^rev_[0-9a-f]{12}$/), verdict: 'correct', reason: null, correctedText: correction, guidelineVersion: 1, createdAt: expect.any(String), rolledBackAt: null },
    ]);
    expect(JSON.stringify(d)).not.toContain('Tess');

    const [hidden] = await t.app.orm.em.fork().execute<{ id: number }[]>("select id from help_requests where user_query like 'MARKER-HIDDEN%'");
    await expect(admin.api.data.example({ id: `help_requests:${hidden!.id}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.api.data.example({ id: 'help_requests:999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.api.data.example({ id: 'users:1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows synthetic examples as exports generate them', async () => {
    const page = await admin.api.data.examples({ origin: 'synthetic', source: 'help_requests', pageSize: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.items.every((i) => i.origin === 'synthetic' && i.source === 'help_requests' && i.id.startsWith('synthetic:help_requests:'))).toBe(true);
    const d = await admin.api.data.example({ id: page.items[0]!.id });
    expect(d).toMatchObject({ origin: 'synthetic', userKey: null, review: null, output: page.items[0]!.output });
    expect((await admin.api.data.examples({ origin: 'synthetic', reviewStatus: 'approved' })).items).toEqual([]);
  });

  it('is for admins only', async () => {
    const tutor = await t.user({ role: 'tutor' });
    await expect(tutor.api.data.examples({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await t.user()).api.data.example({ id: `help_requests:${helpId}` })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the dataset browser shows what an export writes', () => {
  let t: TestApp;
  afterAll(async () => { await t?.close(); });

  it('for the same rows of every source: the same examples, inputs, outputs (corrections included), lineage and pseudonyms', async () => {
    t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0' } });
    const students = [await t.user({ name: 'Maya Lindqvist' }), await t.user({ name: 'Tomas Okafor' })];
    for (const [i, s] of students.entries()) {
      await practiseAndAsk(s, `MARKER-${i} my email is maya${i}@example.com`, i ? 2 : 5);
      const plan = await s.api.studyPlan.get();
      await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped', reason: `MARKER-${i} busy` });
      await s.api.notes.add({ text: `MARKER-${i} note about quadratics, text me at 555-123-456${i}`, askTutor: true });
    }
    const [maya, tomas] = students as [Student, Student];
    const q = await maya.api.community.postQuestion({ title: 'When is a semicolon right?', body: 'When is a semicolon right? I keep getting it wrong.' });
    const { answerId } = await tomas.api.community.answer({ questionId: q.id, body: 'Use a semicolon only when both sides could stand alone as sentences, says Tomas Okafor.' });
    await maya.api.community.accept({ answerId });

    // Reviews: help answers corrected (the correction names the student), one output rejected, the rest approved.
    const tutor = await t.user({ role: 'tutor', name: 'Tess Tutor' });
    const admin = await t.admin();
    await admin.api.review.assign({ tutorId: tutor.id, share: 1 });
    let rejected = false;
    for (let item = await tutor.api.review.next(); item; item = await tutor.api.review.next()) {
      if (item.source === 'help_requests') {
        await tutor.api.review.submit({ itemId: item.itemId, verdict: 'correct', correctedText: 'Maya, the reviewed first step: isolate x, then check it against the key.' });
        await admin.api.review.confirm({ itemId: item.itemId });
      } else if (!rejected && item.source === 'user_notes') {
        rejected = true;
        await tutor.api.review.submit({ itemId: item.itemId, verdict: 'reject', reason: 'off_topic' });
      } else await tutor.api.review.submit({ itemId: item.itemId, verdict: 'approve' });
    }
    // A stored value the feedback source cannot render: exports count it as malformed; the browser leaves it out too.
    const [broken] = await t.app.orm.em.fork().execute<{ id: number }[]>(
      `update feedback_ratings set performance_data = '{"Math":{"Algebra":null}}' where id = (select min(id) from feedback_ratings) returning id`,
    );

    const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-browser-'));
    await exportTrainingData({ orm: t.app.orm }, {
      format: 'seed', outDir, secret: pseudonymSecret(t.app.config), trigger: 'test', mix: 'real', minRating: 1, minLength: 1, valRatio: 0, auditRules: 'count',
    });
    const lines = (name: string) => readFileSync(path.join(outDir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const meta = lines('metadata.jsonl');
    const exported = lines('real_sat_data.jsonl').map((r, i) => ({ ...r, ...meta[i] }));
    expect(new Set(exported.map((e) => e.source_table))).toEqual(new Set(['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'community']));
    expect(exported.filter((e) => e.review_status === 'corrected').length).toBeGreaterThan(0);

    const shown = (await admin.api.data.examples({ pageSize: 100 })).items;
    expect(shown.map((s) => s.id)).not.toContain(`feedback_ratings:${broken!.id}`);
    for (const e of exported) {
      const s = shown.find((x) => x.id === e.example_id);
      expect(s, e.example_id).toMatchObject({ input: e.input, output: e.output, modelId: e.model_id, createdAt: expect.stringMatching(new RegExp(`^${e.created_date}`)) });
      if (e.rating !== undefined) expect(s!.rating).toBe(e.rating);
      if (e.helpful !== undefined) expect(s!.helpful).toBe(e.helpful);
      const detail = await admin.api.data.example({ id: e.example_id });
      expect(detail).toMatchObject({ input: e.input, exportedOutput: e.output, userKey: e.user_key, promptVersion: e.prompt_version });
    }
    // A rejected output is listed (marked) but never exported.
    const rejectedShown = shown.filter((s) => s.reviewStatus === 'rejected');
    expect(rejectedShown).toHaveLength(1);
    expect(exported.map((e) => e.example_id)).not.toContain(rejectedShown[0]!.id);
  });
});
