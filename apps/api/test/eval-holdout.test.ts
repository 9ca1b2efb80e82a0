import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuestionBank } from '@satprep/domain/bank';
import { exportTrainingData } from '@satprep/exporter';
import { reviewedCases, runEval } from '@satprep/eval';
import { OfflineTutor } from '@satprep/tutor';
import { createTestApp, type TestApp } from './harness.ts';

// #23 item 1: one in ten reviewed (approved or corrected) real examples are held out of every
// training export and become evaluation cases: the tutor is asked the stored request again.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const sql = <T,>(q: string, params: unknown[] = []) => t.app.orm.em.fork().execute<T[]>(q, params);

describe('reviewed examples held out for evaluation', () => {
  it('leaves held-out reviewed outputs out of exports and turns them into evaluation cases', async () => {
    const s = await t.user({ consent: true, name: 'Quincy Zebulon' });
    const { sessionId, questions } = await s.api.practice.start({ count: 2 });
    const r = await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 30_000 })) });
    await s.api.practice.rateFeedback({ feedbackId: r.feedback.feedbackId, rating: 4 });
    const kept = await s.api.practice.help({ questionId: questions[0]!.id, sessionId, query: 'Why is A wrong here?', inputMode: 'text' });
    const held = await s.api.practice.help({ questionId: questions[1]!.id, sessionId, query: 'How do I check my answer on this one?', inputMode: 'text' });
    const plan = (await s.api.studyPlan.get())!;
    await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'completed' });
    await s.api.notes.add({ questionId: questions[0]!.id, text: 'Quincy here (quincy.z@school.example): I keep forgetting to check the sign of the slope.', askTutor: true });

    // Review decisions: ids that are multiples of 10 are held out; 1001 is not.
    const [rating] = await sql<{ id: number }>('select id from feedback_ratings where user_id = ?', [s.id]);
    const [action] = await sql<{ id: number }>('select id from study_plan_actions where user_id = ?', [s.id]);
    const [note] = await sql<{ id: number }>('select id from user_notes where user_id = ?', [s.id]);
    const items: [number, string, number][] = [[1000, 'feedback_ratings', rating!.id], [1010, 'help_requests', held.helpRequestId], [1020, 'study_plan_actions', action!.id], [1030, 'user_notes', note!.id], [1001, 'help_requests', kept.helpRequestId]];
    for (const [id, source, sourceId] of items) {
      await sql(`insert into review_items (id, source_table, source_id, student_id, entry_reason, status, original_text, final_text, created_at, decided_at)
                 values (?, ?, ?, ?, 'sample', 'approved', 'x', null, now(), now())`, [id, source, sourceId, s.id]);
    }

    const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-holdout-'));
    const { manifest } = await exportTrainingData({ orm: t.app.orm }, { format: 'seed', outDir, secret: 's', trigger: 'test', mix: 'real', minRating: 1, minLength: 5, valRatio: 0, auditRules: 'count' });
    expect(manifest.counts.by_source).toEqual({ help_requests: 1 });
    const lines = readdirSync(outDir).filter((f) => f.startsWith('real_sat_data')).map((f) => readFileSync(path.join(outDir, f), 'utf8')).join('');
    expect(lines).toContain('Why is A wrong here?');
    expect(lines).not.toContain('How do I check my answer on this one?');
    expect(manifest.held_out).toMatch(/approved or corrected are held out one in ten/);
    // Held out for good: a later rollback of the verdict (the item back to pending, which exports would take) does not return it to training.
    await sql(`update review_items set status = 'pending' where id = 1010`);
    const again = await exportTrainingData({ orm: t.app.orm }, { format: 'seed', outDir: mkdtempSync(path.join(tmpdir(), 'satprep-holdout-')), secret: 's', trigger: 'test', mix: 'real', minRating: 1, minLength: 5, valRatio: 0, auditRules: 'count' });
    expect(again.manifest.counts.by_source).toEqual({ help_requests: 1 });

    const cases = await reviewedCases(t.app.orm.em.fork(), buildQuestionBank());
    expect(cases.map((c) => c.id).sort()).toEqual(['reviewed:feedback_ratings:1000', 'reviewed:help_requests:1010', 'reviewed:study_plan_actions:1020', 'reviewed:user_notes:1030']);
    // What the evaluated endpoint is sent goes through the export's redaction: no name, no email.
    const offline = new OfflineTutor();
    const asked: string[] = [];
    const recording = { ...offline, modelId: offline.modelId, sessionFeedback: (r: Parameters<typeof offline.sessionFeedback>[0]) => offline.sessionFeedback(r), planAdjustment: (r: Parameters<typeof offline.planAdjustment>[0]) => offline.planAdjustment(r),
      explain: (r: Parameters<typeof offline.explain>[0]) => (asked.push(r.query), offline.explain(r)), reply: (r: Parameters<typeof offline.reply>[0]) => (asked.push(r.text), offline.reply(r)) };
    const results = await runEval(recording, cases);
    for (const text of [...asked, ...results.map((x) => x.input)]) {
      expect(text).not.toContain('quincy.z@school.example');
      expect(text).not.toMatch(/Quincy|Zebulon/);
    }
    expect(asked.some((text) => text.includes('[EMAIL]'))).toBe(true);
    expect(results.map((x) => x.error)).toEqual([null, null, null, null]);
    // Each case's input is the example as an export renders it; the tutor answered the stored request again.
    const help = results.find((x) => x.id === 'reviewed:help_requests:1010')!;
    expect(help.input).toContain('How do I check my answer on this one?');
    expect(help.output.length).toBeGreaterThan(20);
    expect(results.find((x) => x.kind === 'feedback')!.checks.grounding).toEqual({ ok: true });
    // A student who withdraws consent takes their held-out examples out of the evaluation set too.
    await sql('update users set training_consent = false where id = ?', [s.id]);
    expect(await reviewedCases(t.app.orm.em.fork(), buildQuestionBank())).toEqual([]);
  });
});
