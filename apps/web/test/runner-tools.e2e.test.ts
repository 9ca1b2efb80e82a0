import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, finishSession, navTo, shot, signUp, startHarness, startPractice, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// #21 item 2 (part): mark for review, the answer eliminator and a check page before submitting.
describe('practice runner tools', () => {
  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`marks a question for review, strikes out choices and checks answers before submitting (${viewport.name})`, async () => {
      const { context, page } = await h.newPage(viewport);
      await signUp(page, { name: viewport.name === 'phone' ? 'Tessa' : 'Tess' });
      // Craft and Structure items are all multiple choice.
      for (let attempt = 0; ; attempt++) {
        await startPractice(page, { domain: 'Craft and Structure', count: 3 });
        if (await page.locator('.choices').count()) break;
        if (attempt > 3) throw new Error('no multiple-choice item');
      }
      // A passage sits beside the question on a wide screen, above it on a phone.
      const pane = (await page.getByRole('region', { name: 'Passage' }).boundingBox())!;
      const stem = (await page.locator('.question-work .stem').boundingBox())!;
      if (viewport.name === 'desktop') expect(stem.x).toBeGreaterThan(pane.x + pane.width - 1);
      else expect(stem.y).toBeGreaterThan(pane.y + pane.height - 1);
      // Strike out B and C; B is shown struck and announced as such; choosing C brings it back.
      const strikeB = page.getByRole('button', { name: 'Strike out choice B' });
      await strikeB.click();
      await page.getByRole('button', { name: 'Strike out choice C' }).click();
      await expect(strikeB.getAttribute('aria-pressed')).resolves.toBe('true');
      await expect.poll(() => page.locator('.choice-row.is-struck').count()).toBe(2);
      await page.locator('.choice-row').nth(2).locator('label').click();
      await expect.poll(() => page.locator('.choice-row.is-struck').count()).toBe(1);
      await expect(page.getByRole('radio', { name: /^C\./ }).isChecked()).resolves.toBe(true);

      await page.getByRole('button', { name: 'Mark for review' }).click();
      await expect(page.getByRole('button', { name: 'Mark for review' }).getAttribute('aria-pressed')).resolves.toBe('true');
      await page.getByRole('button', { name: 'Question 1, answered, marked for review' }).waitFor();
      await shot(page, `runner-tools-${viewport.name}`);

      // The check page: answered, unanswered, marked; a question can be reopened from it.
      await page.getByRole('button', { name: 'Submit now' }).click();
      await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
      await page.getByText('1 of 3 answered, 1 marked for review. 2 unanswered questions count as incorrect.', { exact: false }).waitFor();
      await page.getByRole('button', { name: /^Question 1 Answered, marked for review$/ }).waitFor();
      await shot(page, `runner-check-${viewport.name}`);
      await page.getByRole('button', { name: /^Question 2 Unanswered$/ }).click();
      await page.getByText('Question 2 of 3').waitFor();
      // Marks and strikes survive a reload of the tab.
      await page.reload();
      // The reload reopens the first unanswered question; the marked one is still marked.
      await page.getByText('Question 2 of 3').waitFor();
      await page.getByRole('button', { name: 'Question 1, answered, marked for review' }).click();
      await expect.poll(() => page.locator('.choice-row.is-struck').count()).toBe(1);

      await page.getByRole('button', { name: 'Submit now' }).click();
      await page.getByRole('button', { name: 'Submit answers' }).click();
      await page.getByRole('heading', { name: 'Session results' }).waitFor();
      await context.close();
    });
  }

  it('hides the timer on request (kept after a reload) and previews how a grid-in answer will be read', async () => {
    const { context, page } = await h.newPage();
    await signUp(page, { name: 'Gus' });
    await startPractice(page, { domain: 'Algebra', count: 12 });
    await page.getByRole('button', { name: 'Hide timer' }).click();
    expect(await page.getByText('Time on this question:').count()).toBe(0);
    await page.reload();
    await page.getByRole('button', { name: 'Show timer' }).waitFor();
    expect(await page.getByText('Time on this question:').count()).toBe(0);
    await page.getByRole('button', { name: 'Show timer' }).click();
    await page.getByText('Time on this question:').waitFor({ state: 'attached' });

    // The first student-produced response of the session.
    for (let i = 0; !(await page.getByLabel('Your answer').count()); i++) {
      if (i > 10) throw new Error('no grid-in item among 12 Algebra questions');
      await page.getByRole('button', { name: 'Next' }).click();
    }
    const input = page.getByLabel('Your answer');
    await input.fill('7/2');
    await page.getByText('Read as 7/2 = 3.5').waitFor();
    await input.fill('-.25');
    await page.getByText('Read as -0.25').waitFor();
    await input.fill('7//2');
    await page.getByText(/^Not a number we can read/).waitFor();
    await shot(page, 'runner-grid-preview');
    await context.close();
  });
});

describe('data tables in passages', () => {
  it('shows a passage table as a real table with its caption and headers', async () => {
    const { context, page } = await h.newPage();
    await signUp(page, { name: 'Theo' });
    const [row] = await h.sql<{ skill: string; n: number }>(`select skill, count(*)::int as n from questions where passage like '%' || chr(10) || '% | %' || chr(10) || '% | %' group by skill order by n desc limit 1`);
    await page.goto(`/practice?skill=${row!.skill}&count=30&start=1`);
    await page.getByText(/^Question 1 of \d+$/).waitFor();
    for (let i = 0; !(await page.locator('.passage-table').count()); i++) {
      if (i > 30) throw new Error('no table item');
      await page.getByRole('button', { name: 'Next' }).click();
    }
    const table = page.getByRole('table').first();
    expect(await table.locator('caption').textContent()).toBeTruthy();
    expect(await table.getByRole('columnheader').count()).toBeGreaterThan(1);
    expect(await table.getByRole('rowheader').count()).toBeGreaterThan(1);
    await shot(page, 'passage-table');
    await context.close();
  });
});

describe('score estimate', () => {
  it('shows each section on 200–800 with its likely range once there are answers', async () => {
    const { context, page } = await h.newPage({ width: 390, height: 844 });
    await signUp(page, { name: 'Sam' });
    await page.getByText('Answer a few Math questions to get an estimate.').waitFor();
    await startPractice(page, { domain: 'Algebra', count: 3 });
    await finishSession(page);
    await navTo(page, 'Home');
    const math = page.locator('.score-item').filter({ hasText: 'Math' });
    await math.getByText(/likely \d{3}–\d{3}, from 3 answers/).waitFor();
    const score = Number(await math.locator('.score-value').textContent());
    expect(score).toBeGreaterThanOrEqual(200);
    expect(score).toBeLessThanOrEqual(800);
    await page.getByText('Answer a few Reading and Writing questions to get an estimate.').waitFor();
    await page.locator('section[aria-labelledby="score-heading"]').screenshot({ path: `${ARTIFACTS}/score-estimate-phone.png` });
    await context.close();
  });
});
