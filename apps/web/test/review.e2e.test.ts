import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSession, navTo, shot, signIn, signUp, startHarness, writtenText, startPractice, uniqueEmail, type Harness } from './harness.ts';

// Only rule-based items (low ratings, thumbs-down) enter, and at once, so the queue is predictable.
const QUEUE_ENV = { REVIEW_SWEEP_LAG_SECONDS: '0', REVIEW_SAMPLE_RATE: '0' };

const navLabels = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
const stat = (page: Page, label: string) => page.locator('.review-stat', { has: page.getByText(label, { exact: true }) }).locator('dd').textContent();

/** Signs up through the API (no browser) and returns a client acting as that user. */
/** A client acting as a fresh admin (staff see only the students an admin assigns them, so the tests assign through it). */
async function apiAdmin(h: Harness) {
  const account = await h.createAdmin();
  const { token } = await h.api().auth.signIn.mutate({ email: account.email, password: account.password });
  return { ...account, api: h.api(token) };
}

const userId = async (h: Harness, email: string) => (await h.sql<{ id: number }>('select id from users where email = ?', [email]))[0]!.id;

async function apiUser(h: Harness, role: 'student' | 'tutor', consent = role === 'student') {
  const email = uniqueEmail(role);
  const password = 'correct horse battery';
  const inviteCode = role === 'tutor' ? await h.staffInviteCode('tutor') : undefined;
  const { token, user } = await h.api().auth.signUp.mutate({ email, password, displayName: role === 'student' ? 'Api Student' : 'Api Tutor', role, trainingConsent: consent, inviteCode });
  return { id: user.id, email, password, api: h.api(token) };
}

describe('review queue: one reviewer decides, a correction waits for confirmation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: QUEUE_ENV });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a tutor approves and proposes a correction with the keyboard, an admin confirms it and edits the guidelines, and students never see the queue', async () => {
    // A consenting student practises, rates the feedback 1 star and turns down a help answer, all in the browser.
    const { context: studentCtx, page: student } = await h.newPage();
    const fetched: string[] = [];
    student.on('request', (r) => fetched.push(r.url()));
    const ritaAccount = await signUp(student, { name: 'Rita', consent: true });
    await startPractice(student, { domain: 'Algebra', count: 2 });
    await finishSession(student);
    await student.getByText('Feedback from your tutor').waitFor();
    await student.getByRole('radio', { name: /^1 star/ }).check({ force: true });
    await student.getByText('Saved: 1 of 5 stars').waitFor();
    const firstResult = student.locator('.result-card').first();
    await firstResult.getByText('Need help? Ask a question!').click();
    await firstResult.getByLabel('Your question about this problem').fill('Why is that the right answer?');
    await firstResult.getByRole('button', { name: 'Ask', exact: true }).click();
    await firstResult.getByRole('button', { name: 'No, this did not help' }).click();
    await firstResult.getByText('Thanks for telling us.').waitFor();
    expect(await navLabels(student)).not.toContain('Review queue');
    await student.goto('/review-queue');
    await student.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await navLabels(student)).not.toContain('Review queue');
    // The queue's code is a separate chunk a student never downloads.
    expect(fetched.filter((u) => /ReviewQueue/.test(u))).toEqual([]);
    await studentCtx.close();

    // A tutor opens the queue: the low-rated feedback comes first, with the performance it was written from.
    const { context: tutorCtx, page: tutor } = await h.newPage();
    const errors: string[] = [];
    tutor.on('pageerror', (e) => errors.push(e.message));
    const tutorAccount = await signUp(tutor, { name: 'Theo', inviteCode: await h.staffInviteCode('tutor'), consent: false });
    expect(await navLabels(tutor)).toContain('Review queue');
    await navTo(tutor, 'Review queue');
    // A tutor reviews only students linked or assigned to them: nothing until an admin assigns Rita.
    await tutor.getByText('Nothing is waiting for you').waitFor();
    await expect(stat(tutor, 'Waiting for you')).resolves.toBe('0');
    const adminAccount = await apiAdmin(h);
    await adminAccount.api.review.assign.mutate({ tutorId: await userId(h, tutorAccount.email), studentIds: [await userId(h, ritaAccount.email)] });
    await tutor.getByRole('button', { name: 'Check again' }).click();
    const item = tutor.locator('.review-item');
    await item.getByText('Rated 1–2 stars').waitFor();
    await expect(item.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Session feedback');
    await expect(item.getByRole('region', { name: 'What the model was given' }).textContent()).resolves.toContain('Performance:');
    const [feedbackItem] = await h.sql<{ original_text: string }>("select original_text from review_items where entry_reason = 'low_rating'");
    await expect(writtenText(item.getByRole('region', { name: 'What the model wrote' }))).resolves.toContain(feedbackItem!.original_text.slice(0, 60));
    await expect(stat(tutor, 'Waiting for you')).resolves.toBe('2');
    await tutor.getByRole('heading', { name: 'Review guidelines' }).waitFor();
    await tutor.locator('.guidelines-version', { hasText: 'Version 1' }).waitFor();
    expect(await tutor.getByRole('button', { name: 'Edit guidelines' }).count()).toBe(0);
    await shot(tutor, 'review-queue');

    // "?" lists the shortcuts; Escape closes the list.
    await tutor.keyboard.press('?');
    const help = tutor.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await shot(tutor, 'review-shortcuts', false);
    await tutor.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // The same item on a phone: input and output stacked.
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone.page, tutorAccount.email, tutorAccount.password);
    await phone.page.getByRole('heading', { name: 'Hi, Theo' }).waitFor();
    await navTo(phone.page, 'Review queue');
    await phone.page.locator('.review-item').getByText('Rated 1–2 stars').waitFor();
    const [given, wrote] = await Promise.all(['What the model was given', 'What the model wrote'].map((name) => phone.page.getByRole('region', { name }).boundingBox()));
    expect(wrote!.y).toBeGreaterThan(given!.y + given!.height - 1);
    await shot(phone.page, 'review-queue-phone');

    // A approves; the help answer with the thumbs-down comes next.
    await tutor.keyboard.press('a');
    await tutor.getByText('Approved. Next: thumbs down.').waitFor();
    // The phone still shows the approved item: a verdict there is refused in words, and the next item is one tap away.
    await phone.page.getByRole('button', { name: 'Approve' }).click();
    await phone.page.getByText('Your verdict was not saved. This item is already approved.').waitFor();
    await phone.page.getByRole('button', { name: 'Load the next item' }).click();
    await phone.page.locator('.review-item').getByText('Thumbs down', { exact: true }).waitFor();
    await phone.context.close();
    await item.getByText('Thumbs down', { exact: true }).waitFor();
    await expect(item.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Help answer');
    await expect(item.getByRole('region', { name: 'What the model was given' }).textContent()).resolves.toContain('Student asks: Why is that the right answer?');
    await expect(stat(tutor, 'Waiting for you')).resolves.toBe('1');
    await expect(stat(tutor, 'Approved')).resolves.toBe('1');

    // 2 tags it unclear; C opens the editor with the model's text, cursor in it; typing (with a, c, r and digits) is not taken as shortcuts.
    await tutor.keyboard.press('2');
    await expect(tutor.getByLabel('Reason tag').inputValue()).resolves.toBe('unclear');
    await tutor.keyboard.press('c');
    const editor = tutor.getByLabel('Corrected text');
    await editor.waitFor();
    await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
    const [helpItem] = await h.sql<{ original_text: string }>("select original_text from review_items where entry_reason = 'thumbs_down'");
    expect(await editor.inputValue()).toBe(helpItem!.original_text);
    await tutor.keyboard.press('ControlOrMeta+Enter');
    await tutor.getByText('The correction is the same as the model’s text. Change it, or approve the text instead.').waitFor();
    const correction = 'Read the question again: a rate of 3 per hour for 4 hours gives 12, so compare each choice with 12.';
    await tutor.keyboard.press('ControlOrMeta+a');
    await tutor.keyboard.type(correction);
    expect(await editor.inputValue()).toBe(correction);
    await expect(stat(tutor, 'Approved')).resolves.toBe('1');
    await shot(tutor, 'review-queue-correcting');
    await tutor.keyboard.press('ControlOrMeta+Enter');
    await tutor.getByText('Nothing is waiting for you').waitFor();
    // A lone correction is a proposal: it waits for a second reviewer or an admin, and exports keep the model's text meanwhile.
    await tutor.getByText('Correction saved. It reaches training data once a second reviewer agrees or an admin confirms it. The queue is empty.').waitFor();
    await expect(stat(tutor, 'Corrected')).resolves.toBe('0');
    await expect(stat(tutor, 'Awaiting confirmation')).resolves.toBe('1');

    const proposed = await h.sql<{ entry_reason: string; status: string; original_text: string; final_text: string | null }>('select entry_reason, status, original_text, final_text from review_items order by id');
    expect(proposed.map((d) => [d.entry_reason, d.status, d.final_text])).toEqual([
      ['low_rating', 'approved', proposed[0]!.original_text],
      ['thumbs_down', 'awaiting_confirmation', null],
    ]);
    await shot(tutor, 'review-queue-empty');
    expect(errors).toEqual([]);

    // An admin finds the proposal first in their queue, beside the model's text, by the tutor's pseudonym (never a name or an id), and confirms it.
    const tutorPseudonym = (await h.sql<{ pseudonym: string }>('select pseudonym from reviewers where user_id = ?', [await userId(h, tutorAccount.email)]))[0]!.pseudonym;
    expect(tutorPseudonym).toMatch(/^rev_[0-9a-f]{12}$/);
    const { context: adminCtx, page: admin } = await h.newPage();
    const adminErrors: string[] = [];
    admin.on('pageerror', (e) => adminErrors.push(e.message));
    await signIn(admin, adminAccount.email, adminAccount.password);
    await admin.getByRole('heading', { name: 'Hi, Ada Admin' }).waitFor();
    await navTo(admin, 'Review queue');
    await admin.getByRole('link', { name: 'Disagreements (1)' }).waitFor();
    const waiting = admin.locator('.review-item');
    await expect(writtenText(waiting.getByRole('region', { name: 'Proposed correction' }))).resolves.toContain(correction);
    await expect(writtenText(waiting.getByRole('region', { name: 'What the model wrote' }))).resolves.toContain(helpItem!.original_text.slice(0, 60));
    await expect(waiting.getByRole('region', { name: 'Earlier reviews' }).locator('.review-verdicts li').allTextContents()).resolves.toEqual([
      `Correction proposed by reviewer ${tutorPseudonym}Unclearguidelines v1`,
    ]);
    expect(await waiting.textContent()).not.toContain('Theo');
    await shot(admin, 'review-admin-confirm');
    await waiting.getByRole('button', { name: 'Agree with the proposed correction' }).click();
    await admin.getByText('Nothing is waiting for you').waitFor();
    await admin.getByRole('link', { name: 'Disagreements (0)' }).waitFor();

    const decided = await h.sql<{ entry_reason: string; status: string; original_text: string; final_text: string | null }>('select entry_reason, status, original_text, final_text from review_items order by id');
    expect(decided.map((d) => [d.entry_reason, d.status])).toEqual([['low_rating', 'approved'], ['thumbs_down', 'corrected']]);
    expect(decided[0]!.final_text).toBe(decided[0]!.original_text);
    expect(decided[1]!.final_text).toBe(correction);
    expect(decided[1]!.original_text).toBe(helpItem!.original_text);
    const reviews = await h.sql<{ verdict: string; reason: string | null; corrected_text: string | null; guideline_version: number; as_admin: boolean }>(
      'select verdict, reason, corrected_text, guideline_version, as_admin from reviews order by id',
    );
    expect(reviews).toEqual([
      { verdict: 'approve', reason: null, corrected_text: null, guideline_version: 1, as_admin: false },
      { verdict: 'correct', reason: 'unclear', corrected_text: correction, guideline_version: 1, as_admin: false },
      { verdict: 'correct', reason: null, corrected_text: correction, guideline_version: 1, as_admin: true },
    ]);

    // The admin edits the guidelines: the version shown goes up, for the tutor too.
    await admin.locator('.guidelines-version', { hasText: 'Version 1' }).waitFor();
    await admin.getByRole('button', { name: 'Edit guidelines' }).click();
    const text = admin.getByLabel('Guidelines text');
    await text.fill('');
    await admin.getByRole('button', { name: 'Save as version 2' }).click();
    await admin.getByText('Guidelines cannot be empty').waitFor();
    const newGuidelines = 'Review guidelines (version 2)\n\nCheck every number against the question before you approve.\nReject anything that gives away an answer during practice.';
    await text.fill(newGuidelines);
    await shot(admin, 'review-admin-guidelines-editing');
    await admin.getByRole('button', { name: 'Save as version 2' }).click();
    await admin.getByText('Saved as version 2.').waitFor();
    await admin.locator('.guidelines-version', { hasText: 'Version 2' }).waitFor();
    await admin.getByText('Check every number against the question before you approve.').waitFor();
    expect(await h.sql('select version, text from review_guidelines order by version')).toEqual([
      { version: 1, text: expect.stringContaining('Approve when') },
      { version: 2, text: newGuidelines },
    ]);
    await shot(admin, 'review-admin-guidelines');
    await admin.getByRole('link', { name: 'Disagreements (0)' }).click();
    await admin.getByText('No disagreements').waitFor();
    expect(adminErrors).toEqual([]);
    await adminCtx.close();

    await tutor.reload();
    await expect(stat(tutor, 'Corrected')).resolves.toBe('1');
    await tutor.locator('.guidelines-version', { hasText: 'Version 2' }).waitFor();
    await tutorCtx.close();
  });
});

describe('review queue: two reviewers must agree', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ...QUEUE_ENV, REVIEW_REQUIRED_REVIEWS: '2' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the earlier verdict to the second reviewer, and an admin settles the disagreement', async () => {
    // Set up through the API: a student's 1-star rating, and a first tutor who approves it.
    const student = await apiUser(h, 'student');
    const { sessionId, questions } = await student.api.practice.start.mutate({ domain: 'Algebra', count: 2 });
    const result = await student.api.practice.submit.mutate({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
    await student.api.practice.rateFeedback.mutate({ feedbackId: result.feedback.feedbackId, rating: 1 });
    const first = await apiUser(h, 'tutor');
    const second = await apiUser(h, 'tutor');
    const adminAccount = await apiAdmin(h);
    for (const tutor of [first, second]) await adminAccount.api.review.assign.mutate({ tutorId: tutor.id, studentIds: [student.id] });
    const firstPseudonym = (await first.api.review.stats.query()).reviewer;
    const firstItem = (await first.api.review.next.query())!;
    expect(await first.api.review.submit.mutate({ itemId: firstItem.itemId, verdict: 'approve' })).toMatchObject({ status: 'pending', reviews: 1 });

    // The second tutor sees that verdict and rejects with the keyboard (1 = wrong math).
    const { context: tutorCtx, page: tutor } = await h.newPage();
    await signIn(tutor, second.email, second.password);
    await tutor.getByRole('heading', { name: 'Hi, Api Tutor' }).waitFor();
    await navTo(tutor, 'Review queue');
    const earlier = tutor.getByRole('region', { name: 'Earlier reviews' });
    await earlier.getByText('(1 of 2 needed)').waitFor();
    await earlier.getByText(`by reviewer ${firstPseudonym}`).waitFor();
    await earlier.getByText('Approved').waitFor();
    await tutor.getByText('Each item needs 2 reviewers who agree').waitFor();
    await shot(tutor, 'review-queue-second-reviewer');
    await tutor.keyboard.press('1');
    await tutor.keyboard.press('r');
    await tutor.getByText('Saved. The reviewers disagree, so an admin will decide this item.').waitFor();
    await tutor.getByText('Nothing is waiting for you').waitFor();
    // Tutors do not settle disagreements.
    expect(await tutor.getByRole('link', { name: /^Disagreements/ }).count()).toBe(0);
    await tutorCtx.close();

    // The admin finds it under Disagreements with both verdicts, and settles it with a correction.
    const secondPseudonym = (await second.api.review.stats.query()).reviewer;
    const { context: adminCtx, page: admin } = await h.newPage();
    await signIn(admin, adminAccount.email, adminAccount.password);
    await admin.getByRole('heading', { name: 'Hi, Ada Admin' }).waitFor();
    await navTo(admin, 'Review queue');
    await admin.getByRole('link', { name: 'Disagreements (1)' }).click();
    const disputed = admin.locator('.review-item');
    await disputed.getByText('(2 of 2 needed)').waitFor();
    const verdicts = disputed.locator('.review-verdicts li');
    await expect.poll(() => verdicts.allTextContents()).toEqual([`Approved by reviewer ${firstPseudonym}guidelines v1`, `Rejected by reviewer ${secondPseudonym}Wrong mathguidelines v1`]);
    await shot(admin, 'review-admin-disagreements');
    await disputed.getByRole('button', { name: 'Correct' }).click();
    const settled = 'Start with linear equations: isolate the variable first, then check each step against the question.';
    await disputed.getByLabel('Corrected text').fill(settled);
    await disputed.getByRole('button', { name: 'Save correction' }).click();
    await admin.getByText(`Item #${firstItem.itemId} settled: corrected.`).waitFor();
    await admin.getByText('No disagreements').waitFor();
    await admin.getByRole('link', { name: 'Disagreements (0)' }).waitFor();
    expect(await h.sql('select status, final_text from review_items where id = ?', [firstItem.itemId])).toEqual([{ status: 'corrected', final_text: settled }]);
    await adminCtx.close();
  });
});
