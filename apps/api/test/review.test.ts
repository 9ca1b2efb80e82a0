import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrainingData, type ExportOptions } from '@satprep/exporter';
import { createTestApp, type TestApp } from './harness.ts';

type Student = Awaited<ReturnType<TestApp['user']>>;

/** A finished session: its feedback, rated; two help requests on its first question; a plan action; a note with a tutor reply. */
async function activity(s: Student, opts: { rating: number; thumbsDownFirstHelp?: boolean }) {
  const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 3 });
  const result = await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
  await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: opts.rating });
  const first = await s.api.practice.help({ questionId: questions[0]!.id, sessionId, query: 'Why is my answer wrong?', inputMode: 'text' });
  if (opts.thumbsDownFirstHelp) await s.api.practice.rateHelp({ helpRequestId: first.helpRequestId, helpful: false });
  const plan = await s.api.studyPlan.get();
  await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped' });
  await s.api.notes.add({ text: 'I keep mixing up slope and intercept.', askTutor: true });
  return { sessionId, questions, first };
}

const sql = <T>(t: TestApp, q: string, params: unknown[] = []) => t.app.orm.em.fork().execute<T[]>(q, params);

/** A tutor (created as the harness creates tutors) to whom an admin assigned these students' items. */
async function tutorFor(t: TestApp, students: { id: number }[]) {
  const tutor = await t.user({ role: 'tutor' });
  if (students.length) await (await t.admin()).api.review.assign({ tutorId: tutor.id, studentIds: students.map((s) => s.id) });
  return tutor;
}

describe('queue entry rules', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '0', REVIEW_SWEEP_LAG_SECONDS: '0' } }); });
  afterAll(async () => { await t?.close(); });

  it('queues low ratings, thumbs-down and followed-up help answers, and nothing else without sampling', async () => {
    const s = await t.user();
    const { sessionId, questions, first } = await activity(s, { rating: 2, thumbsDownFirstHelp: true });
    // A follow-up question on the second item makes the earlier answer on it enter the queue.
    const earlier = await s.api.practice.help({ questionId: questions[1]!.id, sessionId, query: 'What does the rationale mean?', inputMode: 'text' });
    await s.api.practice.help({ questionId: questions[1]!.id, sessionId, query: 'Still confused, can you show the steps?', inputMode: 'text' });
    const happy = await t.user();
    await activity(happy, { rating: 5 });

    const tutor = await tutorFor(t, [s, happy]);
    const stats = await tutor.api.review.stats();
    expect(stats.byReason).toEqual({ low_rating: 1, thumbs_down: 1, follow_up: 1 });
    const items = await sql<{ source_table: string; source_id: number; entry_reason: string; student_id: number }>(t, 'select source_table, source_id, entry_reason, student_id from review_items order by id');
    expect(items).toEqual([
      { source_table: 'feedback_ratings', source_id: expect.any(Number), entry_reason: 'low_rating', student_id: s.id },
      { source_table: 'help_requests', source_id: first.helpRequestId, entry_reason: 'thumbs_down', student_id: s.id },
      { source_table: 'help_requests', source_id: earlier.helpRequestId, entry_reason: 'follow_up', student_id: s.id },
    ]);
    // Sweeping again adds nothing.
    await tutor.api.review.stats();
    expect(await sql(t, 'select id from review_items')).toHaveLength(3);
  });

  it('shows tutors only outputs of consenting students, and an account deletion takes its items away', async () => {
    const t2 = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '0', REVIEW_SWEEP_LAG_SECONDS: '0' } });
    try {
      const private_ = await t2.user({ consent: false });
      await activity(private_, { rating: 1 });
      const open = await t2.user();
      const tutor = await tutorFor(t2, [private_, open]);
      expect(await tutor.api.review.next()).toBeNull();
      expect((await tutor.api.review.stats()).byStatus.pending).toBe(0);
      await activity(open, { rating: 1 });
      const item = await tutor.api.review.next();
      expect(item).toMatchObject({ source: 'feedback_ratings', entryReason: 'low_rating' });
      await open.api.me.deleteAccount();
      expect(await tutor.api.review.next()).toBeNull();
      expect(await sql(t2, 'select id from review_items where student_id = ?', [open.id])).toEqual([]);
    } finally {
      await t2.close();
    }
  }, 120_000); // builds its own app (migrations and all): slow on a shared machine
});

describe('random sample', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0' } }); });
  afterAll(async () => { await t?.close(); });

  it('at a rate of 1 takes every AI output of every kind, each once', async () => {
    const s = await t.user();
    await activity(s, { rating: 5 });
    await s.api.community.postQuestion({ title: 'How do I factor quadratics?', body: 'I never know where to start with x^2 + 5x + 6.' });
    const tutor = await tutorFor(t, [s]);
    const stats = await tutor.api.review.stats();
    const bySource = await sql<{ source_table: string; n: number }>(t, 'select source_table, count(*)::int as n from review_items group by source_table order by source_table');
    expect(bySource).toEqual([
      { source_table: 'community_answers', n: 1 },
      { source_table: 'feedback_ratings', n: 1 },
      { source_table: 'help_requests', n: 1 },
      { source_table: 'study_plan_actions', n: 1 },
      { source_table: 'user_notes', n: 1 },
    ]);
    expect(stats.byReason).toEqual({ sample: 5 });
  });
});

describe('reviewing', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0' } }); });
  afterAll(async () => { await t?.close(); });

  it('shows the input beside the output, and approve, correct and reject decide items under the current guidelines', async () => {
    // A name that is not a word of the rendered prompt ("Student 7" would redact "Student asks").
    const s = await t.user({ name: 'Mira Castellanos' });
    const { questions } = await activity(s, { rating: 1 });
    const tutor = await tutorFor(t, [s]);

    const first = (await tutor.api.review.next())!;
    // Low ratings come before the random sample.
    expect(first).toMatchObject({ source: 'feedback_ratings', entryReason: 'low_rating', status: 'pending', requiredReviews: 1, guideline: { version: 1 } });
    expect(first.input).toContain('Performance:');
    expect(first.output.length).toBeGreaterThan(20);
    expect(first.guideline.text).toContain('Approve');
    expect(await tutor.api.review.submit({ itemId: first.itemId, verdict: 'approve' })).toMatchObject({ status: 'approved', guidelineVersion: 1 });
    await expect(tutor.api.review.submit({ itemId: first.itemId, verdict: 'reject' })).rejects.toMatchObject({ code: 'CONFLICT' });

    const admin = await t.admin();
    expect(await admin.api.review.setGuidelines({ text: 'Version two: check every number twice.' })).toEqual({ version: 2, text: 'Version two: check every number twice.' });
    await expect(tutor.api.review.setGuidelines({ text: 'mine now' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const help = (await tutor.api.review.next())!;
    expect(help.source).toBe('help_requests');
    const [stem] = await sql<{ stem: string }>(t, 'select stem from questions where id = ?', [questions[0]!.id]);
    expect(help.input).toContain(stem!.stem.slice(0, 30));
    expect(help.input).toContain('Student asks: Why is my answer wrong?');
    await expect(tutor.api.review.submit({ itemId: help.itemId, verdict: 'correct' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const corrected = 'Start from the definition, then check each choice against both conditions.';
    // A lone correction waits for a second reviewer or an admin (REVIEW_CONFIRM_VERDICTS defaults to corrections).
    expect(await tutor.api.review.submit({ itemId: help.itemId, verdict: 'correct', correctedText: corrected, reason: 'unclear' })).toMatchObject({ status: 'awaiting_confirmation', guidelineVersion: 2 });
    expect(await admin.api.review.confirm({ itemId: help.itemId })).toMatchObject({ status: 'corrected' });

    const third = (await tutor.api.review.next())!;
    expect(await tutor.api.review.submit({ itemId: third.itemId, verdict: 'reject', reason: 'off_topic' })).toMatchObject({ status: 'rejected' });

    const decided = await sql<{ status: string; original_text: string; final_text: string | null }>(t, 'select status, original_text, final_text from review_items where id in (?, ?, ?) order by id', [first.itemId, help.itemId, third.itemId]);
    expect(decided.map((d) => d.status)).toEqual(['approved', 'corrected', 'rejected']);
    expect(decided[0]!.final_text).toBe(decided[0]!.original_text);
    expect(decided[1]!.final_text).toBe(corrected);
    expect(decided[1]!.original_text).toBe(help.output); // the model's text is kept
    expect(decided[2]!.final_text).toBeNull();
    const reviews = await sql<{ guideline_version: number; reason: string | null }>(t, 'select guideline_version, reason from reviews order by id');
    expect(reviews).toEqual([{ guideline_version: 1, reason: null }, { guideline_version: 2, reason: 'unclear' }, { guideline_version: 2, reason: null }, { guideline_version: 2, reason: 'off_topic' }]);

    const stats = await tutor.api.review.stats();
    expect(stats).toMatchObject({ reviewedByMe: 3, guidelineVersion: 2 });
    expect(stats.byStatus).toMatchObject({ approved: 1, corrected: 1, rejected: 1 });
    await expect(tutor.api.review.submit({ itemId: 999_999, verdict: 'approve' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is closed to students and parents', async () => {
    for (const u of [await t.user(), await t.user({ role: 'parent' })]) {
      await expect(u.api.review.next()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(u.api.review.stats()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(u.api.review.submit({ itemId: 1, verdict: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('double review', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '0', REVIEW_SWEEP_LAG_SECONDS: '0', REVIEW_REQUIRED_REVIEWS: '2' } }); });
  afterAll(async () => { await t?.close(); });

  it('decides when two reviewers agree, and shows a disagreement to an admin who settles it', async () => {
    const students = [await t.user(), await t.user()];
    await activity(students[0]!, { rating: 1 });
    await activity(students[1]!, { rating: 2 });
    const [a, b] = [await tutorFor(t, students), await tutorFor(t, students)];

    const item1 = (await a.api.review.next())!;
    expect(await a.api.review.submit({ itemId: item1.itemId, verdict: 'approve' })).toMatchObject({ status: 'pending', reviews: 1, requiredReviews: 2 });
    // The first reviewer moves on; the second gets the same item with the first verdict visible.
    const item2 = (await a.api.review.next())!;
    expect(item2.itemId).not.toBe(item1.itemId);
    const seenByB = (await b.api.review.next())!;
    expect(seenByB.itemId).toBe(item1.itemId);
    expect(seenByB.reviews).toHaveLength(1);
    expect(await b.api.review.submit({ itemId: item1.itemId, verdict: 'approve' })).toMatchObject({ status: 'approved', reviews: 2 });

    await a.api.review.submit({ itemId: item2.itemId, verdict: 'approve' });
    expect(await b.api.review.submit({ itemId: item2.itemId, verdict: 'reject', reason: 'wrong_math' })).toMatchObject({ status: 'disputed' });
    const admin = await t.admin();
    const disputes = await admin.api.review.disputes();
    expect(disputes.map((d) => d.itemId)).toEqual([item2.itemId]);
    expect(disputes[0]!.reviews.map((r) => r.verdict)).toEqual(['approve', 'reject']);
    await expect(a.api.review.disputes()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(a.api.review.submit({ itemId: item2.itemId, verdict: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await admin.api.review.submit({ itemId: item2.itemId, verdict: 'correct', correctedText: 'A clearer, correct explanation.' })).toMatchObject({ status: 'corrected' });
    expect(await admin.api.review.disputes()).toEqual([]);
  });
});

describe('effect on exports', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0' } }); });
  afterAll(async () => { await t?.close(); });

  const run = async (o: Partial<ExportOptions>) => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-review-export-'));
    const r = await exportTrainingData({ orm: t.app.orm }, { format: 'prompt-completion', outDir, secret: 's', trigger: 'test', mix: 'real', valRatio: 0, minLength: 5, ...o });
    const lines = readFileSync(path.join(outDir, o.format === 'seed' ? 'real_sat_data.jsonl' : 'train.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return { r, lines, card: readFileSync(path.join(outDir, 'README.md'), 'utf8') };
  };

  it('exports corrections as the target, leaves rejected outputs out, pairs corrections for DPO and counts reviews', async () => {
    const s = await t.user();
    await activity(s, { rating: 5 });
    const tutor = await tutorFor(t, [s]);
    const second = await tutorFor(t, [s]);
    // Worded for any item: a correction that speaks of choices is dropped by the audit when the question is a grid-in.
    const correction = 'A corrected explanation: write both inequalities, then look for the value that satisfies both at once.';
    const decided: Record<string, string> = {};
    for (let item = await tutor.api.review.next(); item; item = await tutor.api.review.next()) {
      if (item.source === 'help_requests') {
        await tutor.api.review.submit({ itemId: item.itemId, verdict: 'correct', correctedText: correction, reason: 'unclear' });
        expect(await second.api.review.confirm({ itemId: item.itemId })).toMatchObject({ status: 'corrected' });
      }
      else if (item.source === 'user_notes') await tutor.api.review.submit({ itemId: item.itemId, verdict: 'reject', reason: 'off_topic' });
      else await tutor.api.review.submit({ itemId: item.itemId, verdict: 'approve' });
      decided[item.source] = item.output;
    }
    expect(Object.keys(decided).sort()).toEqual(['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes']);

    const sft = await run({});
    const bySource = (source: string) => sft.lines.filter((l) => l.metadata.source_table === source);
    expect(bySource('help_requests').map((l) => l.completion)).toEqual([correction]);
    expect(bySource('help_requests')[0].metadata.review_status).toBe('corrected');
    expect(bySource('user_notes')).toEqual([]);
    expect(bySource('study_plan_actions')[0].metadata.review_status).toBe('approved');
    expect(sft.r.manifest.counts.review).toEqual({ reviewed: 4, approved: 2, corrected: 1, rejected_excluded: 1 });
    expect(sft.card).toContain('Review guidelines (version 1)');

    const reviewedOnly = await run({ reviewedOnly: true });
    expect(reviewedOnly.lines.map((l) => l.metadata.review_status).sort()).toEqual(['approved', 'approved', 'corrected']);

    const dpo = await run({ format: 'dpo' });
    const pair = dpo.lines.find((l) => l.chosen === correction)!;
    expect(pair).toMatchObject({ rejected: decided.help_requests, chosen_model: 'human-review', rejected_model: 'satprep-offline-tutor-1', chosen_rating: null });
    expect(pair.prompt).toContain('asks: Why is my answer wrong?');
  });
});

// A passage's names are the question bank's, not the student's: a student named Maria asking about a
// passage on Maria Sibylla Merian saw (and exported) "[NAME] Sibylla Merian" before.
describe('names in the question bank text', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0' } }); });
  afterAll(async () => { await t?.close(); });

  it('reach the reviewer and the export as written, while the student\'s own name and email are redacted', async () => {
    const s = await t.user({ name: 'Maria Lopez' });
    const { sessionId, questions } = await s.api.practice.start({ skill: 'rhetorical-synthesis', count: 16 });
    const item = questions.find((q) => q.passage?.includes('Maria Sibylla Merian'));
    expect(item, 'the bank has a passage on Maria Sibylla Merian').toBeDefined();
    await s.api.practice.help({ questionId: item!.id, sessionId, query: `I'm Maria Lopez (${s.email}). Who was Maria Sibylla Merian?`, inputMode: 'text' });
    const tutor = await tutorFor(t, [s]);
    const shown = (await tutor.api.review.next())!;
    expect(shown.source).toBe('help_requests');
    expect(shown.input).toContain('Maria Sibylla Merian');
    expect(shown.input).toContain("I'm [NAME] ([EMAIL]). Who was Maria Sibylla Merian?");
    expect(shown.input).not.toContain('Lopez');

    const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-bank-names-'));
    await exportTrainingData({ orm: t.app.orm }, { format: 'seed', outDir, secret: 's', trigger: 'test', mix: 'real', valRatio: 0, minLength: 5 });
    const [line] = readFileSync(path.join(outDir, 'real_sat_data.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { input: string });
    expect(line!.input).toContain("D) German naturalist Maria Sibylla Merian's 1705 book");
    expect(line!.input).not.toMatch(/Lopez|\[NAME\] (?:Sibylla|Merian)/);
  });
});
