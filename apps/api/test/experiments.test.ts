import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrainingData } from '@satprep/exporter';
import { fakeEndpoint } from '@satprep/eval/testing';
import { armOf, difference, estimate } from '../src/services/experiments.ts';
import { createTestApp, type TestApp } from './harness.ts';

// #23 item 2: an experiment routes a stable share of students to a candidate model; the admin
// comparison shows a planted difference in ratings with its interval; the kill switch ends it at once.

let t: TestApp;
let candidate: Awaited<ReturnType<typeof fakeEndpoint>>;
beforeAll(async () => {
  candidate = await fakeEndpoint('good');
  t = await createTestApp({ env: { CANDIDATE_KEY_TUTOR_1B: 'sk-candidate' } });
});
afterAll(async () => {
  await t?.close();
  await candidate?.close();
});

/** The candidate's outputs carry the model name its endpoint reports (the fake endpoint says fake-good). */
const CANDIDATE_MODEL = 'fake-good';
const modelOf = async (feedbackId: number) =>
  (await t.app.orm.em.fork().execute<{ model_id: string }[]>('select model_id from session_feedback where id = ?', [feedbackId]))[0]!.model_id;

describe('experiments', () => {
  it('routes a sticky share of students to the candidate, compares the arms with intervals, and stops at once', async () => {
    const admin = await t.admin();
    const s0 = await t.user();
    await expect(admin.api.experiments.addCandidate({ name: 'bad', baseUrl: 'https://key:secret@models.example/v1', model: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // No other secret of the server's can be named as a candidate's key (it would be sent to the candidate's endpoint).
    for (const apiKeyEnv of ['DATABASE_URL', 'PSEUDONYM_SECRET', 'TUTOR_API_KEY']) {
      await expect(admin.api.experiments.addCandidate({ name: 'leak', baseUrl: 'https://models.example/v1', model: 'x', apiKeyEnv })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(t.app.config.candidateKey('PATH')).toBeUndefined();
    await expect(s0.api.experiments.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const cand = await admin.api.experiments.addCandidate({ name: 'tutor-1b-v2', baseUrl: candidate.url, model: 'sat-tutor-1b-v2', promptVersion: 'sft-2026-11', apiKeyEnv: 'CANDIDATE_KEY_TUTOR_1B' });
    await expect(admin.api.experiments.addCandidate({ name: 'tutor-1b-v2', baseUrl: candidate.url, model: 'y' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const { experimentId } = await admin.api.experiments.start({ candidateId: cand.id, sharePercent: 30 });
    await expect(admin.api.experiments.start({ candidateId: cand.id, sharePercent: 10 })).rejects.toMatchObject({ code: 'CONFLICT' });

    // 120 simulated students practise; the planted difference: they rate the candidate's feedback
    // 2 or 3 stars and the configured tutor's 4 or 5, alternating within each arm, so the arms' means
    // differ by 2 (within 1/(2·arm size)) whatever share of students the salt happens to route where.
    // (Alternating by the student's overall index left that to chance: 1 run in ~20 put −2 outside the 95% interval.)
    const alternate = { candidate: 0, control: 0 };
    const students: { id: number; api: Awaited<ReturnType<TestApp['user']>>['api']; model: string }[] = [];
    for (let i = 0; i < 120; i++) {
      const s = await t.user();
      const { sessionId, questions } = await s.api.practice.start({ count: 2 });
      const r = await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 20_000 })) });
      const model = await modelOf(r.feedback.feedbackId);
      const a = model === CANDIDATE_MODEL ? 'candidate' : 'control';
      await s.api.practice.rateFeedback({ feedbackId: r.feedback.feedbackId, rating: (a === 'candidate' ? 2 : 4) + (alternate[a]++ % 2) });
      students.push({ id: s.id, api: s.api, model });
    }
    const inCandidate = students.filter((s) => s.model === CANDIDATE_MODEL);
    // The candidate's key comes from the environment variable it names (never from the database).
    expect(candidate.authorization()).toBe('Bearer sk-candidate');
    // Exactly the students the hash puts there: a share near 30% (36 ± 5; the bounds are six standard
    // deviations, as the salt is random; 'arm estimates' checks the hash's shares closely on fixed salts).
    expect(inCandidate.length).toBeGreaterThan(5);
    expect(inCandidate.length).toBeLessThan(67);
    const salt = (await t.app.orm.em.fork().execute<{ salt: string }[]>('select salt from experiments where id = ?', [experimentId]))[0]!.salt;
    for (const s of students) expect(s.model === CANDIDATE_MODEL, `student ${s.id}`).toBe(armOf(salt, s.id, 30) === 'candidate');
    // Sticky: a student's second session goes to the same arm.
    for (const s of students.slice(0, 10)) {
      const { sessionId, questions } = await s.api.practice.start({ count: 1 });
      const r = await s.api.practice.submit({ sessionId, answers: [{ questionId: questions[0]!.id, answer: 'A', timeSpentMs: 5000 }] });
      expect(await modelOf(r.feedback.feedbackId)).toBe(s.model);
    }

    const { experiments, candidates } = await admin.api.experiments.list();
    expect(candidates.map((c) => c.name)).toEqual(['tutor-1b-v2']);
    const e = experiments[0]!;
    expect(e).toMatchObject({ id: experimentId, status: 'running', sharePercent: 30, candidate: { model: 'sat-tutor-1b-v2', promptVersion: 'sft-2026-11' } });
    expect(e.students).toEqual({ control: 120 - inCandidate.length, candidate: inCandidate.length });
    // The candidate's endpoint answered every call of its arm (none fell back to the offline tutor).
    expect(e.candidateHealth).toMatchObject({ circuit: 'closed', fallbacks: 0, shortCircuited: 0 });
    expect(e.candidateHealth!.calls).toBeGreaterThanOrEqual(inCandidate.length);
    const rating = e.metrics.find((m) => m.metric === 'rating')!;
    expect(rating.control.students).toBe(120 - inCandidate.length);
    expect(rating.candidate.students).toBe(inCandidate.length);
    expect(rating.control.mean!).toBeGreaterThan(4);
    expect(rating.candidate.mean!).toBeLessThan(3);
    // The planted difference (−2 stars) lies in the interval, and the interval excludes no difference.
    expect(rating.difference!.ci[0]).toBeLessThan(-2);
    expect(rating.difference!.ci[1]).toBeGreaterThan(-2);
    expect(rating.difference!.ci[1]).toBeLessThan(0);
    // Automatic checks ran over both arms' stored outputs.
    const checks = e.metrics.find((m) => m.metric === 'checks_passed')!;
    expect(checks.candidate.observations).toBeGreaterThanOrEqual(inCandidate.length);

    // Exports can take one arm: its students' examples from while the experiment ran.
    const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-exp-'));
    // Rows read per arm (duplicate texts are then left out as in any export).
    const arm = async (a: 'control' | 'candidate') => {
      let rows = 0;
      const { manifest } = await exportTrainingData({ orm: t.app.orm }, {
        format: 'seed', outDir: path.join(outDir, a), secret: 's', trigger: 'test', minRating: 1, minLength: 5, auditRules: 'count',
        experiment: { id: experimentId, arm: a }, onProgress: (p) => void (p.phase === 'real' && p.source === 'feedback_ratings' && (rows = p.rows)),
      });
      return { manifest, rows };
    };
    const [ctl, cnd] = [await arm('control'), await arm('candidate')];
    expect(cnd.rows).toBe(inCandidate.length);
    expect(ctl.rows).toBe(120 - inCandidate.length);
    expect(cnd.manifest.transition.synthetic_target).toBe(0);
    expect(cnd.manifest.filters.experiment).toEqual({ id: experimentId, arm: 'candidate' });

    // The kill switch: a candidate-arm student's next feedback comes from the configured tutor.
    expect(await admin.api.experiments.stop({ experimentId })).toEqual({ stopped: true });
    const back = inCandidate[0]!;
    const { sessionId, questions } = await back.api.practice.start({ count: 1 });
    const r = await back.api.practice.submit({ sessionId, answers: [{ questionId: questions[0]!.id, answer: 'A', timeSpentMs: 5000 }] });
    expect(await modelOf(r.feedback.feedbackId)).toBe(t.app.tutor.modelId);
    expect((await admin.api.experiments.list()).experiments[0]!.status).toBe('stopped');
  }, 180_000);
});

describe('arm estimates', () => {
  it('routes the configured share of students, for any salt', () => {
    for (const salt of ['a', 'b1f4', 'experiment-7']) {
      for (const share of [1, 30, 50, 99]) {
        const n = 20_000;
        let inCandidate = 0;
        for (let id = 1; id <= n; id++) if (armOf(salt, id, share) === 'candidate') inCandidate++;
        // Binomial standard deviation at most √(20000·¼) ≈ 71 students: within 4 of it, 2%.
        expect(Math.abs(inCandidate / n - share / 100), `salt ${salt}, ${share}%`).toBeLessThan(0.02);
      }
    }
    expect(armOf('a', 1, 0)).toBe('control');
    expect(armOf('a', 1, 100)).toBe('candidate');
  });

  it('averages per student first and gives a 95% interval from Student\'s t over the spread between students', () => {
    const e = estimate([{ value: 4, n: 1 }, { value: 5, n: 3 }, { value: 3, n: 2 }, { value: 4, n: 1 }, { value: 4, n: 1 }]);
    expect(e.mean).toBe(4);
    expect(e.students).toBe(5);
    expect(e.observations).toBe(8);
    // sd √0.5, se √0.1, t(0.975, 4 df) = 2.776.
    expect(e.ci![0]).toBeCloseTo(4 - 2.776445 * Math.sqrt(0.1), 5);
    // Too few students, or no spread at all: no interval rather than a falsely narrow one.
    expect(estimate([{ value: 4, n: 1 }, { value: 5, n: 1 }]).ci).toBeNull();
    expect(estimate(Array.from({ length: 8 }, () => ({ value: 1, n: 3 }))).ci).toBeNull();
  });

  it('gives the difference a Welch interval', () => {
    const control = estimate([4, 5, 4, 5, 4, 5].map((value) => ({ value, n: 1 })));
    const candidate = estimate([2, 3, 2, 3, 2, 3, 2, 3].map((value) => ({ value, n: 1 })));
    const d = difference(control, candidate)!;
    expect(d.estimate).toBeCloseTo(-2, 10);
    // Equal spreads: close to the pooled interval with 12 df (t = 2.179).
    const se = Math.sqrt(control.se! ** 2 + candidate.se! ** 2);
    expect(d.ci[1] - d.estimate).toBeCloseTo(2.179 * se, 1);
    expect(difference(estimate([{ value: 1, n: 1 }]), candidate)).toBeNull();
  });
});
