// The quality audit inside every export, and the export semantics of issue #19 (items 3 and 4).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDataset, exportTrainingData, splitFor, userKey, type ExportOptions } from '@satprep/exporter';
import { OfflineTutor } from '@satprep/tutor';
import type { ExplainRequest } from '@satprep/domain';
import { syntheticDeps } from '@satprep/core/export';
import { createTestApp, type TestApp } from './harness.ts';

const readJsonl = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const outDir = () => mkdtempSync(path.join(tmpdir(), 'satprep-audit-'));
const SECRET = 'audit-secret';
const opts = (o: Partial<ExportOptions> = {}): ExportOptions => ({ format: 'seed', outDir: outDir(), secret: SECRET, trigger: 'test', mix: 'real', valRatio: 0, minLength: 5, ...o });
type User = Awaited<ReturnType<TestApp['user']>>;

/** A question id from the bank, taken from a helper's session (so the students asking about it have no open session). */
async function questionId(t: TestApp): Promise<string> {
  const helper = await t.user({ consent: false });
  const { questions } = await helper.api.practice.start({ count: 1 });
  return questions[0]!.id;
}

/** A community question by `asker` with an accepted human answer by `answerer`. */
async function acceptedAnswer(asker: User, answerer: User, title: string, body: string) {
  const q = await asker.api.community.postQuestion({ title, body: `${title} I keep getting it wrong.` });
  const { answerId } = await answerer.api.community.answer({ questionId: q.id, body });
  await asker.api.community.accept({ answerId });
}

/**
 * A tutor whose explanation depends on the item and on whether the student asks how to start, as template tutors did: two differently worded questions get
 * the same text, which is what decontamination and dpo's identical pairs are about (the offline tutor now varies it).
 */
class ItemOnlyTutor extends OfflineTutor {
  override explain(req: ExplainRequest) {
    return super.explain({ ...req, query: /start/.test(req.query) ? 'how do I start?' : 'explain the answer' });
  }
}

describe('export audit and semantics', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ tutor: new ItemOnlyTutor() }); });
  afterAll(async () => { await t?.close(); });

  it('drops examples that break a hard rule, counts them in the manifest and the card, and audit-dataset finds none left', async () => {
    const [a, b] = [await t.user(), await t.user()];
    await acceptedAnswer(a, b, 'Comma or semicolon?', 'Hi [NAME], use a semicolon only between two independent clauses.');
    await acceptedAnswer(a, b, 'Exponential growth?', 'Look at M-ADV-NLF-EXPO-03 again: the base is the growth factor per step.');
    await acceptedAnswer(a, b, 'Which transition word?', 'Read the sentences before and after the blank and name their relationship first.');
    const o = opts({ format: 'prompt-completion', sources: ['community'] });
    const r = await exportTrainingData({ orm: t.app.orm }, o);
    const lines = readJsonl(path.join(o.outDir, 'train.jsonl'));
    const text = JSON.stringify(lines);
    expect(text).toContain('name their relationship first');
    expect(text).not.toContain('[NAME]');
    expect(text).not.toContain('M-ADV-NLF-EXPO-03');
    expect(r.manifest.audit.dropped).toMatchObject({ placeholder: 1, internal_id: 1 });
    expect(r.manifest.counts.dropped).toMatchObject({ placeholder: 1, internal_id: 1 });
    expect(readFileSync(path.join(o.outDir, 'README.md'), 'utf8')).toContain('## Quality audit');
    const audit = await auditDataset(o.outDir);
    expect(audit.totals.violations).toEqual({ placeholder: 0, internal_id: 0, grounding: 0, key_leak: 0, contradiction: 0 });

    // Counted, not dropped, when asked: audit-dataset then finds what the export would have dropped.
    const kept = opts({ format: 'prompt-completion', sources: ['community'], auditRules: 'count' });
    const rk = await exportTrainingData({ orm: t.app.orm }, kept);
    expect(rk.manifest.audit.by_source.community!.violations).toMatchObject({ placeholder: 1, internal_id: 1 });
    expect((await auditDataset(kept.outDir)).by_source.community!.violations).toMatchObject({ placeholder: 1, internal_id: 1 });
  });

  it('decontaminates validation: an output text never sits in both splits', async () => {
    // Two students in different splits ask alike about the same question without an answer of their own: the same explanation (different inputs, so not a duplicate).
    const bySplit: Partial<Record<'train' | 'validation', User>> = {};
    while (!bySplit.train || !bySplit.validation) {
      const u = await t.user();
      bySplit[splitFor(userKey(SECRET, u.id), 0.5)] ??= u;
    }
    const qid = await questionId(t);
    const a = await bySplit.train.api.practice.help({ questionId: qid, query: 'can you explain this one', inputMode: 'text' });
    const b = await bySplit.validation.api.practice.help({ questionId: qid, query: 'Can you explain this one, please?', inputMode: 'text' });
    expect(b.answer).toBe(a.answer);
    const o = opts({ sources: ['help_requests'], valRatio: 0.5, auditRules: 'count' });
    const r = await exportTrainingData({ orm: t.app.orm }, o);
    expect(r.manifest.audit.decontaminated.train + r.manifest.audit.decontaminated.validation).toBeGreaterThanOrEqual(1);
    expect(r.manifest.counts.dropped.validation_overlap).toBe(r.manifest.audit.decontaminated.train + r.manifest.audit.decontaminated.validation);
    const train = new Set(readJsonl(path.join(o.outDir, 'real_sat_data.jsonl')).map((l) => l.output));
    for (const l of readJsonl(path.join(o.outDir, 'real_sat_data.validation.jsonl'))) expect(train.has(l.output)).toBe(false);
    expect((await auditDataset(o.outDir)).totals.train_validation_overlap).toBe(0);
  });

  it('dpo skips a pair whose texts are identical, counts it, and its manifest totals equal the per-source counts', async () => {
    const qid = await questionId(t);
    const ask = async (query: string, helpful: boolean) => {
      const u = await t.user();
      const h = await u.api.practice.help({ questionId: qid, query, inputMode: 'text' });
      await u.api.practice.rateHelp({ helpRequestId: h.helpRequestId, helpful });
      return h;
    };
    const up = await ask('why is this the answer?', true);
    const same = await ask('explain this please', false);
    const other = await ask('how do I start?', false);
    expect(same.answer).toBe(up.answer);
    expect(other.answer).not.toBe(up.answer);
    const o = opts({ format: 'dpo', sources: ['help_requests'], auditRules: 'count' });
    const r = await exportTrainingData({ orm: t.app.orm }, o);
    const pairs = readJsonl(path.join(o.outDir, 'train.jsonl'));
    for (const p of pairs) expect(p.chosen).not.toBe(p.rejected);
    expect(r.manifest.counts.dropped.dpo_identical_pair).toBeGreaterThanOrEqual(1);
    const sum = (x: Record<string, number>) => Object.values(x).reduce((n, v) => n + v, 0);
    expect(r.manifest.counts.total).toBe(pairs.length);
    expect(sum(r.manifest.counts.by_source)).toBe(r.manifest.counts.total);
    expect(sum(r.manifest.counts.by_origin)).toBe(r.manifest.counts.total);
    expect(sum(r.manifest.counts.by_split)).toBe(r.manifest.counts.total);
    expect(r.manifest.audit.by_source.help_requests!.dpo_pairs).toBe(pairs.length);
    expect(r.manifest.kto_labels).toMatch(/student's own signal decides/);
  });

  it('real_sat_data.jsonl holds real examples only; a set with synthetic pairs is a training mix', async () => {
    const real = opts({ mix: 'real' });
    const rr = await exportTrainingData({ orm: t.app.orm, synthetic: syntheticDeps() }, real);
    expect(rr.manifest.counts.by_origin.synthetic).toBe(0);
    expect(existsSync(path.join(real.outDir, 'real_sat_data.jsonl'))).toBe(true);
    const mixed = opts({ mix: 'synthetic', transition: { target: 40 } });
    const rm = await exportTrainingData({ orm: t.app.orm, synthetic: syntheticDeps() }, mixed);
    const files = readdirSync(mixed.outDir);
    expect(files).toContain('training_mix.jsonl');
    expect(files.some((f) => f.startsWith('real_sat_data'))).toBe(false);
    expect(rm.manifest.transition.mixed).toBe(true);
    expect(readFileSync(path.join(mixed.outDir, 'README.md'), 'utf8')).toContain('mixed with synthetic');
  });
});

describe('mixed stage', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  /** One session rated `rating`, a help request, a skipped plan task and a note. */
  async function activity(u: User, rating: number, marker: string) {
    const { sessionId, questions } = await u.api.practice.start({ count: 3 });
    const result = await u.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 30_000 })) });
    await u.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating });
    await u.api.practice.help({ questionId: questions[0]!.id, sessionId, query: `${marker} why is this the answer?`, inputMode: 'text' });
    const plan = await u.api.studyPlan.get();
    await u.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped', reason: `${marker} busy` });
    await u.api.notes.add({ text: `${marker} note about quadratics`, askTutor: true });
  }

  beforeAll(async () => {
    // Two low-rated sessions first (SFT formats leave them out), then three well-rated ones.
    for (const [i, rating] of [1, 1, 5, 5, 5].entries()) await activity(await t.user(), rating, `MIX${i}`);
  });

  const mixedOpts = (o: Partial<ExportOptions>) => opts({ mix: 'auto', auditRules: 'count', ...o, transition: { mixedAtUsers: 1, realAtUsers: 1000, ...o.transition } });

  it('fills the real quota with examples that passed every filter', async () => {
    const o = mixedOpts({ sources: ['feedback_ratings'], transition: { target: 10, mixedRealCount: 2 } });
    const r = await exportTrainingData({ orm: t.app.orm, synthetic: syntheticDeps() }, o);
    expect(r.manifest.transition.stage).toBe('mixed');
    // The first two feedback rows are rated 1, which SFT formats leave out: two later ones fill the quota.
    expect(r.manifest.counts.by_origin.real).toBe(2);
    expect(r.manifest.transition.real_taken).toBe(2);
    expect(r.manifest.transition.synthetic_target).toBe(8);
  });

  it('draws real examples from the sources in proportion to the spec\'s volumes, not in table order', async () => {
    const o = mixedOpts({ sources: ['feedback_ratings', 'help_requests', 'study_plan_actions'], transition: { target: 7, mixedRealCount: 7 } });
    const r = await exportTrainingData({ orm: t.app.orm, synthetic: syntheticDeps() }, o);
    // 7 in the proportion 10 : 20 : 5 is 2 : 4 : 1.
    expect(r.manifest.counts.by_source).toEqual({ feedback_ratings: 2, help_requests: 4, study_plan_actions: 1 });
    expect(r.manifest.counts.by_origin).toEqual({ real: 7, synthetic: 0 });
  });
});
