import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCurrent, navTo, shot, signUp, startHarness, startPractice, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const drafts = async (email: string) =>
  (await h.sql<{ draft_answers: Record<string, { answer: string }> | null }>(
    'select s.draft_answers from practice_sessions s join users u on u.id = s.user_id where u.email = ? order by s.id desc limit 1',
    [email],
  ))[0]?.draft_answers ?? {};

// #21 item 3: answers are saved as they are given; reload, Back and a later visit resume the session.
describe('a practice session survives reload, Back and leaving', () => {
  it('resumes after a reload at the first unanswered question, after Back, and from the Practice screen', async () => {
    const { context, page } = await h.newPage();
    const student = await signUp(page, { name: 'Rosa' });
    await startPractice(page, { domain: 'Algebra', count: 3 });
    expect(page.url()).toMatch(/\/practice\?session=\d+$/);
    await answerCurrent(page);
    await page.getByText('Answers saved').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await answerCurrent(page);
    // Saved on the server before the reload ('Answers saved' may still show from the first answer).
    await expect.poll(async () => Object.keys(await drafts(student.email)).length, { timeout: 10_000 }).toBe(2);
    await page.getByText('Answers saved').waitFor();

    await page.reload();
    await page.getByText('Question 3 of 3').waitFor();
    await expect(page.getByRole('button', { name: 'Question 1, answered' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Question 2, answered' }).isVisible()).resolves.toBe(true);
    await shot(page, 'resume-after-reload');

    // Away and Back: the URL names the session, so it opens again at once.
    await navTo(page, 'Home');
    await page.getByRole('heading', { name: 'Hi, Rosa' }).waitFor();
    await page.goBack();
    await page.getByText('Question 3 of 3').waitFor();

    // From the menu: the Practice screen offers it.
    await navTo(page, 'Home');
    await navTo(page, 'Practice');
    await page.getByRole('heading', { name: 'Unfinished session' }).waitFor();
    await page.getByText('2 of 3 questions answered').waitFor();
    await shot(page, 'resume-offer');
    await page.getByRole('button', { name: 'Resume session' }).click();
    await page.getByText('Question 3 of 3').waitFor();
    await answerCurrent(page);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { name: 'Session results' }).waitFor();
    // Scored with the answers given before the reload.
    const [row] = await h.sql<{ n: number }>(`select count(*)::int as n from responses r join users u on u.id = r.user_id where u.email = ? and r.answer <> ''`, [student.email]);
    expect(row!.n).toBe(3);
    await page.getByRole('button', { name: 'Practise again' }).click();
    await page.getByRole('button', { name: 'Start practice' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Unfinished session' }).count()).toBe(0);
    await context.close();
  });

  it('keeps an answer given offline and saves it when the connection returns (phone)', async () => {
    const { context, page } = await h.newPage({ width: 390, height: 844 });
    const student = await signUp(page, { name: 'Ines' });
    await startPractice(page, { domain: 'Algebra', count: 2 });
    await context.setOffline(true);
    await answerCurrent(page);
    await page.getByText('Not saved yet: will retry when online').waitFor();
    await shot(page, 'resume-offline-phone');
    expect(Object.keys(await drafts(student.email))).toHaveLength(0);
    await context.setOffline(false);
    await page.getByText('Answers saved').waitFor();
    await expect.poll(async () => Object.keys(await drafts(student.email)).length, { timeout: 10_000 }).toBe(1);
    await context.close();
  });
});
