import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, finishSession, navTo, shot, signUp, startHarness, startPractice, type Harness } from './harness.ts';

let h: Harness;

/** A student who has finished a one-question session and sees its results. */
async function finishedStudent(name: string, viewport?: { width: number; height: number }) {
  const { context, page } = await h.newPage(viewport);
  const student = await signUp(page, { name });
  const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
  await startPractice(page, { count: 1 });
  await finishSession(page);
  return { context, page, userId: user!.id };
}

const stored = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('satprep.outbox.v1') ?? '[]') as { id: string; kind: string; input: Record<string, unknown> }[]);

/** A screenshot of one part of the page (under test-artifacts). */
const part = (locator: Locator, name: string) => locator.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

async function backOnline(context: BrowserContext, page: Page) {
  await context.setOffline(false);
  await page.getByText(/events? waiting to send/).waitFor({ state: 'detached' });
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('offline outbox', () => {
  it('keeps a rating made offline and sends it exactly once when the connection returns', async () => {
    const { context, page } = await h.newPage();
    const student = await signUp(page, { name: 'Olive' });
    const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
    await startPractice(page, { count: 1 });
    await finishSession(page);
    await page.getByText('Feedback from your tutor').waitFor();

    await context.setOffline(true);
    await page.getByRole('radio', { name: /^5 stars/ }).check({ force: true });
    await page.getByText('1 event waiting to send').waitFor();
    await page.getByText('Your rating is saved on this device').waitFor();
    await shot(page, 'outbox-offline', false);
    expect(await h.sql('select id from feedback_ratings where user_id = ?', [user!.id])).toHaveLength(0);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('satprep.outbox.v1') ?? '[]') as { id: string; kind: string }[]);
    expect(stored.map((e) => e.kind)).toEqual(['practice.rateFeedback']);

    await context.setOffline(false);
    await page.getByText('Saved: 5 of 5 stars').waitFor();
    await page.getByText('1 event waiting to send').waitFor({ state: 'detached' });
    const rows = await h.sql<{ rating: number }>('select rating from feedback_ratings where user_id = ?', [user!.id]);
    expect(rows).toEqual([{ rating: 5 }]);

    // Sending the same event again (as a retry after a lost response would) does not add a row.
    const input = { ...(stored[0] as unknown as { input: object }).input };
    const status = await page.evaluate(async (body) => {
      const r = await fetch('/trpc/practice.rateFeedback', { method: 'POST', headers: { 'content-type': 'application/json', 'x-satprep-client': 'web' }, body: JSON.stringify(body) });
      return r.status;
    }, input);
    expect(status).toBe(200);
    expect(await h.sql('select id from feedback_ratings where user_id = ?', [user!.id])).toHaveLength(1);
    expect(await page.evaluate(() => localStorage.getItem('satprep.outbox.v1'))).toBe('[]');
    await context.close();
  });

  it('sends events left from an earlier visit on the next load', async () => {
    const { context, page } = await h.newPage();
    const student = await signUp(page, { name: 'Noor' });
    const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
    await startPractice(page, { count: 1 });
    await finishSession(page);
    const firstQuestion = (await h.sql<{ question_id: string }>('select question_id from responses where user_id = ? order by id', [user!.id]))[0]!.question_id;

    // A note written offline; the tab is closed before the connection returns.
    await context.setOffline(true);
    const card = page.locator('.result-card').first();
    await card.getByLabel('Add a note').fill('Written on the bus.');
    await card.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('1 event waiting to send').waitFor();
    await page.close();
    await context.setOffline(false);
    expect(await h.sql('select id from user_notes where user_id = ?', [user!.id])).toHaveLength(0);

    // The next visit sends it.
    const next = await context.newPage();
    await next.goto('/');
    await next.getByRole('heading', { name: 'Hi, Noor' }).waitFor();
    await expect
      .poll(() => h.sql<{ note_text: string; question_id: string }>('select note_text, question_id from user_notes where user_id = ?', [user!.id]))
      .toEqual([{ note_text: 'Written on the bus.', question_id: firstQuestion }]);
    await next.getByText('event waiting to send').waitFor({ state: 'detached' });
    await context.close();
  });

  it('clears the note box once a note is queued, shows it as waiting, and a second Save cannot send it twice', async () => {
    const { context, page, userId } = await finishedStudent('Nadia');
    const card = page.locator('.result-card').first();
    const box = card.getByLabel('Add a note');
    const notes = () => h.sql<{ note_text: string }>('select note_text from user_notes where user_id = ?', [userId]);

    await context.setOffline(true);
    await box.fill('Check the units first.');
    await card.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('1 event waiting to send').waitFor();
    // Queued: the box is empty and the note is listed as waiting to send.
    await expect.poll(() => box.inputValue()).toBe('');
    const waiting = card.locator('.note-waiting', { hasText: 'Check the units first.' });
    await waiting.getByText('Waiting to send').waitFor();
    await card.getByText('The note is saved on this device').waitFor();
    await part(card.locator('.notes'), 'outbox-note-waiting');
    // Saving the empty box again queues nothing.
    await card.getByRole('button', { name: 'Save note' }).click();
    await card.getByText('Note cannot be empty').waitFor();
    // Nor does typing the waiting note again.
    await box.fill('Check the units first.');
    await card.getByRole('button', { name: 'Save note' }).click();
    await card.getByText('This note is already waiting to send').waitFor();
    expect((await stored(page)).map((e) => e.kind)).toEqual(['notes.add']);
    await box.fill('');

    await backOnline(context, page);
    await card.locator('.note-text', { hasText: 'Check the units first.' }).waitFor();
    await waiting.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('');
    await card.getByRole('button', { name: 'Save note' }).click();
    await card.getByText('Note cannot be empty').waitFor();
    await page.waitForTimeout(500);
    expect(await notes()).toEqual([{ note_text: 'Check the units first.' }]);
    await expect.poll(() => card.locator('.note-text').count()).toBe(1);
    await part(card.locator('.notes'), 'outbox-note-delivered');
    await context.close();
  });

  it('clears the help box once a question is queued, and the delivered answer shows the question above it', async () => {
    const { context, page, userId } = await finishedStudent('Hana', { width: 390, height: 844 });
    const card = page.locator('.result-card').first();
    await card.getByText('Need help? Ask a question!').click();
    const box = card.getByLabel('Your question about this problem');

    await context.setOffline(true);
    await box.fill('Why is the second choice wrong?');
    await card.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByText('1 event waiting to send').waitFor();
    await expect.poll(() => box.inputValue()).toBe('');
    const waiting = card.locator('.help-waiting', { hasText: 'Why is the second choice wrong?' });
    await waiting.getByText('Waiting to send').waitFor();
    await card.getByText('Your question is saved on this device').waitFor();
    await part(card.locator('.help'), 'outbox-help-waiting-phone');
    await box.fill('Why is the second choice wrong?');
    await card.getByRole('button', { name: 'Ask', exact: true }).click();
    await card.getByText('You already asked this').waitFor();
    await box.fill('');

    await backOnline(context, page);
    // The answer, under the question the student asked (as for an answer that came back at once).
    const answer = card.locator('.help-answer').filter({ has: page.getByRole('group', { name: 'Was this answer helpful?' }) });
    await answer.waitFor();
    await expect.poll(() => answer.locator('.help-question').textContent()).toBe('You asked: Why is the second choice wrong?');
    await waiting.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('');
    await card.getByRole('button', { name: 'Ask', exact: true }).click();
    await card.getByText('Your question cannot be empty').waitFor();
    await page.waitForTimeout(500);
    expect(await h.sql('select user_query from help_requests where user_id = ?', [userId])).toEqual([{ user_query: 'Why is the second choice wrong?' }]);
    await part(card.locator('.help'), 'outbox-help-delivered-phone');
    await context.close();
  });

  it('shows how the plan changed when a plan action queued offline is delivered', async () => {
    const { context, page } = await h.newPage({ width: 390, height: 844 });
    const student = await signUp(page, { name: 'Pablo' });
    const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
    await navTo(page, 'Study plan');
    const first = page.locator('.task').first();
    await first.getByRole('button', { name: 'Mark as completed' }).waitFor();

    await context.setOffline(true);
    await first.getByRole('button', { name: 'Mark as completed' }).click();
    await page.getByText('1 event waiting to send').waitFor();
    await first.getByText('Waiting to send', { exact: true }).waitFor();
    await shot(page, 'outbox-plan-waiting-phone', false);
    expect(await page.getByRole('heading', { name: 'How your plan changed' }).count()).toBe(0);

    await backOnline(context, page);
    await page.getByRole('heading', { name: 'How your plan changed' }).waitFor();
    await page.locator('.task-completed').first().waitFor();
    expect(await h.sql('select action from study_plan_actions where user_id = ?', [user!.id])).toEqual([{ action: 'completed' }]);
    await shot(page, 'outbox-plan-delivered-phone', false);

    // A skip sent later replaces the card with its own explanation; Dismiss hides it.
    await page.getByRole('button', { name: 'Dismiss' }).click();
    const next = page.locator('.task-pending').first();
    await next.getByRole('button', { name: 'Skip' }).click();
    await next.getByLabel('Why are you skipping it? (optional)').fill('I know this one.');
    await context.setOffline(true);
    await next.getByRole('button', { name: 'Skip this task' }).click();
    await page.getByText('1 event waiting to send').waitFor();
    await backOnline(context, page);
    await page.getByRole('heading', { name: 'How your plan changed' }).waitFor();
    expect(await h.sql('select action, reason from study_plan_actions where user_id = ? order by id', [user!.id])).toEqual([
      { action: 'completed', reason: null },
      { action: 'skipped', reason: 'I know this one.' },
    ]);
    await context.close();
  });

  it('a rating carries exactly the comment given with it, online, queued offline or delivered later', async () => {
    const { context, page, userId } = await finishedStudent('Rafa');
    const rating = () => h.sql<{ rating: number; comment: string | null }>('select rating, comment from feedback_ratings where user_id = ?', [userId]);
    const feedback = page.locator('.feedback-card');

    // Online: 2 stars, then a comment on them.
    await page.getByRole('radio', { name: /^2 stars/ }).check({ force: true });
    await page.getByText('Saved: 2 of 5 stars').waitFor();
    await feedback.getByLabel('Anything to add? (optional)').fill('too vague');
    await feedback.getByRole('button', { name: 'Send comment' }).click();
    await expect.poll(rating).toEqual([{ rating: 2, comment: 'too vague' }]);

    // Offline: 5 stars. That rating has no comment, so "too vague" must not travel with it.
    await context.setOffline(true);
    await page.getByRole('radio', { name: /^5 stars/ }).check({ force: true });
    await page.getByText('Your rating is saved on this device').waitFor();
    expect(await feedback.locator('.rating-given-comment').count()).toBe(0);
    const queued = await stored(page);
    expect(queued.map((e) => [e.input.rating, e.input.comment ?? null])).toEqual([[5, null]]);
    await backOnline(context, page);
    await page.getByText('Saved: 5 of 5 stars').waitFor();
    await expect.poll(rating).toEqual([{ rating: 5, comment: null }]);

    // The reverse: offline, 3 stars and then a comment on them; delivered, the rating keeps that comment.
    await context.setOffline(true);
    await page.getByRole('radio', { name: /^3 stars/ }).check({ force: true });
    await feedback.getByLabel('Anything to add? (optional)').fill('clearer on a second read');
    await feedback.getByRole('button', { name: 'Send comment' }).click();
    await page.getByText('2 events waiting to send').waitFor();
    // The sent comment is shown with its rating; the box is free for another.
    await expect.poll(() => feedback.locator('.rating-given-comment').textContent()).toBe('Your comment: clearer on a second read');
    expect(await feedback.getByLabel('Anything to add? (optional)').inputValue()).toBe('');
    expect((await stored(page)).map((e) => [e.input.rating, e.input.comment ?? null])).toEqual([
      [3, null],
      [3, 'clearer on a second read'],
    ]);
    await part(feedback, 'outbox-rating-comment-waiting');
    await backOnline(context, page);
    await page.getByText('Saved: 3 of 5 stars').waitFor();
    await expect.poll(rating).toEqual([{ rating: 3, comment: 'clearer on a second read' }]);
    await part(feedback, 'outbox-rating-comment-delivered');
    await context.close();
  });
});
