import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuestionBank } from '@satprep/domain/bank';
import { adjustPlan, buildPlan } from '@satprep/domain/plan';
import { buildEvalSet, DEFAULT_THRESHOLDS, runEval, scorecard, storeEvalRun } from '@satprep/eval';
import { OfflineTutor } from '@satprep/tutor';
import { ARTIFACTS, shot, signIn, startHarness, uniqueEmail, type Harness } from './harness.ts';

// Every rule-based item enters the queue at once, so the admin's screens have a reviewer and an access log to show.
const ENV = { REVIEW_SWEEP_LAG_SECONDS: '0', REVIEW_SAMPLE_RATE: '0' };
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Pixels the page is wider than the window (a phone must never scroll sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the staff and account screens at desktop and phone sizes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: ENV });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sign-up options, the applicant’s home, Settings, the admin’s Staff, Reviewers and access-log panels, and a proposed correction fit and read well', async () => {
    // Data through the API: a consenting student rates feedback 1 star and is linked to a parent; a tutor, assigned by an admin, proposes a correction.
    const password = 'correct horse battery';
    const studentEmail = uniqueEmail('student');
    const student = await h.api().auth.signUp.mutate({ email: studentEmail, password, displayName: 'Sam Student', role: 'student', trainingConsent: true });
    const studentApi = h.api(student.token);
    const { sessionId, questions } = await studentApi.practice.start.mutate({ domain: 'Algebra', count: 2 });
    const result = await studentApi.practice.submit.mutate({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
    await studentApi.practice.rateFeedback.mutate({ feedbackId: result.feedback.feedbackId, rating: 1 });
    const parent = await h.api().auth.signUp.mutate({ email: uniqueEmail('parent'), password, displayName: 'Pat Parent', role: 'parent', trainingConsent: false });
    const { code: linkCode } = await h.api(parent.token).me.createInvite.mutate();
    await studentApi.me.acceptInvite.mutate({ code: linkCode });

    const admin = await h.createAdmin();
    const adminApi = h.api((await h.api().auth.signIn.mutate({ email: admin.email, password: admin.password })).token);
    const tutor = await h.api().auth.signUp.mutate({
      email: uniqueEmail('tutor'), password, displayName: 'Theo Tutor', role: 'tutor', trainingConsent: false, inviteCode: await h.staffInviteCode('tutor'),
    });
    await adminApi.review.assign.mutate({ tutorId: tutor.user.id, studentIds: [student.user.id] });
    const tutorApi = h.api(tutor.token);
    const item = (await tutorApi.review.next.query())!;
    const correction = 'Look at the two steps you missed, then try the same kind of question again.';
    expect(await tutorApi.review.submit.mutate({ itemId: item.itemId, verdict: 'correct', correctedText: correction, reason: 'unclear' })).toMatchObject({ status: 'awaiting_confirmation' });

    // Two evaluation runs: the offline tutor's (as `satprep eval --offline` stores it) and a candidate's held to a stricter threshold.
    const tutorModel = new OfflineTutor();
    const results = await runEval(tutorModel, buildEvalSet({ bank: buildQuestionBank(), buildPlan, adjustPlan }, { perSource: 3 }));
    const card = scorecard(tutorModel.modelId, results);
    await storeEvalRun(h.app.orm.em.fork(), { card, results, endpoint: null, thresholds: DEFAULT_THRESHOLDS, passed: true, durationMs: 900 });
    // The candidate's run, as a scorecard whose explanations reach the key 80% of the time (a planted figure: the display is under test).
    const planted = { ...card, model: 'sat-tutor-1b-v2', checks: { ...card.checks, final_answer: { passed: 24, failed: 6, rate: 0.8 } } };
    await storeEvalRun(h.app.orm.em.fork(), { card: planted, results, endpoint: 'http://127.0.0.1:8000/v1', thresholds: { ...DEFAULT_THRESHOLDS, final_answer: 0.95 }, passed: false, durationMs: 900 });

    // An experiment with a candidate (its endpoint is down: the offline tutor answers its arm) and a few students in it.
    const candidate = await adminApi.experiments.addCandidate.mutate({ name: 'tutor-1b-v2', baseUrl: 'http://127.0.0.1:9/v1', model: 'sat-tutor-1b-v2', promptVersion: 'sft-2026-11', apiKeyEnv: 'CANDIDATE_KEY_TUTOR_1B' });
    const { experimentId } = await adminApi.experiments.start.mutate({ candidateId: candidate.id, sharePercent: 50 });
    const armsFilled = async () => (await h.sql<{ n: number }>('select count(distinct arm)::int as n from experiment_assignments where experiment_id = ?', [experimentId]))[0]!.n === 2;
    for (let i = 0; i < 6 || (i < 30 && !(await armsFilled())); i++) {
      const s = h.api((await h.api().auth.signUp.mutate({ email: uniqueEmail('cohort'), password, displayName: `Cohort ${i}`, role: 'student', trainingConsent: true })).token);
      const started = await s.practice.start.mutate({ count: 1 });
      const done = await s.practice.submit.mutate({ sessionId: started.sessionId, answers: [{ questionId: started.questions[0]!.id, answer: 'A', timeSpentMs: 4000 }] });
      await s.practice.rateFeedback.mutate({ feedbackId: done.feedback.feedbackId, rating: 2 + (i % 4) });
    }

    for (const size of SIZES) {
      const { context, page } = await h.newPage(size);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));

      // Sign-up: the invite-code field appears only with its option; a tutor application says it waits for an admin.
      await page.goto('/signup');
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      expect(await page.getByRole('textbox', { name: 'Invite code' }).count()).toBe(0);
      await page.getByRole('radio', { name: /^I have an invite code/ }).check();
      await page.getByRole('textbox', { name: 'Invite code' }).waitFor();
      await shot(page, `screens-signup-invite-${size.name}`);
      await expect(overflow(page)).resolves.toBe(0);
      await page.getByRole('radio', { name: /^Tutor application/ }).check();
      expect(await page.getByRole('textbox', { name: 'Invite code' }).count()).toBe(0);

      // A tutor application: the applicant's home explains the wait and shows no staff screens.
      const applicantName = `Penny ${size.name}`;
      await page.getByLabel('Email').fill(uniqueEmail('applicant'));
      await page.getByLabel('Password').fill(password);
      await page.getByLabel('Display name').fill(applicantName);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: `Hi, ${applicantName}` }).waitFor();
      await page.getByRole('heading', { name: 'Your tutor application' }).waitFor();
      await page.getByText(/^You applied on .+An admin reviews tutor accounts/).waitFor();
      await shot(page, `screens-applicant-home-${size.name}`);
      await expect(overflow(page)).resolves.toBe(0);
      await page.goto('/review-queue');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await context.clearCookies();

      // The student's Settings: password change, sign out everywhere, and the linked parent with Unlink.
      await signIn(page, studentEmail, password);
      await page.getByRole('heading', { name: 'Hi, Sam Student' }).waitFor();
      await page.goto('/settings');
      await page.getByRole('heading', { name: 'Password' }).waitFor();
      await page.getByLabel('Current password').waitFor();
      await page.getByLabel('New password').waitFor();
      await page.getByRole('button', { name: 'Sign out everywhere' }).waitFor();
      const linked = page.locator('li', { hasText: 'Pat Parent' });
      await linked.getByRole('button', { name: 'Unlink' }).waitFor();
      await shot(page, `screens-settings-${size.name}`);
      await expect(overflow(page)).resolves.toBe(0);
      await context.clearCookies();

      // The admin's Data page: Staff (invites and applications), Reviewers by pseudonym, and the staff access log.
      await signIn(page, admin.email, admin.password);
      await page.getByRole('heading', { name: 'Hi, Ada Admin' }).waitFor();
      await page.goto('/admin');
      const staff = page.getByRole('region', { name: 'Staff accounts' });
      await staff.getByRole('button', { name: 'Create invite code' }).click();
      await staff.getByText(/^Tutor invite: \S+/).waitFor();
      await staff.getByText(applicantName).waitFor();
      const reviewers = page.getByRole('region', { name: 'Reviewers' });
      await reviewers.getByText(/^rev_[0-9a-f]{12}$/).first().waitFor();
      await page.getByRole('region', { name: 'Staff access log' }).waitFor();
      // Evaluation runs side by side: a column a run, the stricter run's final-answer rate marked under its threshold.
      const evals = page.getByRole('region', { name: 'Model evaluations' });
      await evals.getByRole('columnheader', { name: /^sat-tutor-1b-v2/ }).waitFor();
      await evals.getByRole('columnheader', { name: new RegExp(`^${tutorModel.modelId}`) }).waitFor();
      await evals.getByRole('row', { name: /Explanation ends at the key/ }).getByText(/under its threshold of 95\.0%/).waitFor();
      // The experiment's arms compared, with its kill switch.
      const experiments = page.getByRole('region', { name: 'Model experiments' });
      await experiments.getByRole('region', { name: `Arms of experiment ${experimentId} compared` }).getByRole('row', { name: /Feedback rating/ }).waitFor();
      await experiments.getByRole('button', { name: 'Stop experiment' }).waitFor();
      // Its endpoint is down: the panel says the offline tutor answered the candidate arm.
      await experiments.getByText(/Candidate endpoint on this server: failing|answered by the offline tutor instead/).first().waitFor();
      await shot(page, `screens-admin-data-${size.name}`);
      if (size.name === 'desktop') {
        // One arm of the experiment exported from the Exports panel: real examples of that arm's students only.
        const exportsPanel = page.getByRole('region', { name: 'Training-data exports' });
        await exportsPanel.getByLabel('Students').selectOption({ label: `Experiment ${experimentId} (tutor-1b-v2): candidate arm` });
        await exportsPanel.getByRole('button', { name: 'Start export' }).click();
        await expect.poll(async () => (await h.sql<{ status: string; params: { experiment?: unknown; mix?: string } }>('select status, params from export_runs order by id desc limit 1'))[0], { timeout: 30_000 })
          .toMatchObject({ status: 'succeeded', params: { experiment: { id: experimentId, arm: 'candidate' } } });
      }
      await expect(overflow(page)).resolves.toBe(0);
      // Close-ups of the new panels, to read at phone size.
      for (const [name, panel] of [['staff', staff], ['reviewers', reviewers], ['access-log', page.getByRole('region', { name: 'Staff access log' })], ['evals', evals], ['experiments', experiments]] as const) {
        await panel.screenshot({ path: `${ARTIFACTS}/screens-admin-${name}-${size.name}.png` });
      }

      // The review queue with the tutor's proposed correction, waiting for the admin.
      await page.goto('/review-queue');
      await page.getByRole('region', { name: 'Proposed correction' }).getByText(correction).waitFor();
      await page.getByRole('button', { name: 'Agree with the proposed correction' }).waitFor();
      await expect(page.locator('.review-item').textContent()).resolves.not.toContain('Sam Student');
      await shot(page, `screens-review-proposed-${size.name}`);
      await expect(overflow(page)).resolves.toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
