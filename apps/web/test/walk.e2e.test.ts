import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCurrent, navTo, seriousViolations, shot, signUp, startHarness, type Harness } from './harness.ts';

// #21 "Done when": one student's walk through a full session in real Chromium, on a desktop and a
// phone: typeset math, a figure item and a table item, mark for review, elimination, a reload in the
// middle that resumes, the check page, submit, and the score estimate on Home; a screenshot of each
// step is saved, and axe reports no serious or critical violation on any of them.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Every item of a skill (up to a session's 30), so the walk meets its figure items. */
async function itemsOf(skill: string): Promise<number> {
  const [row] = await h.sql<{ n: number }>('select count(*)::int as n from questions where skill = ?', [skill]);
  return Math.min(30, row!.n);
}

describe('a student walks a full session', () => {
  for (const size of SIZES) {
    it(`math, a figure, a table, marks, strike-outs, a reload, the check page and the score estimate (${size.name})`, async () => {
      const { context, page } = await h.newPage(size);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const axe: string[] = [];
      const step = async (name: string) => {
        await shot(page, `walk-${name}-${size.name}`);
        axe.push(...(await seriousViolations(page, name)));
      };
      const { email } = await signUp(page, { name: size.name === 'phone' ? 'Wren' : 'Walt' });
      const saved = async () =>
        (await h.sql<{ n: number }>('select count(*)::int as n from practice_sessions s join users u on u.id = s.user_id, jsonb_object_keys(s.draft_answers) k where u.email = ? and s.submitted_at is null', [email]))[0]!.n;

      // Right triangles and trigonometry: typeset roots and ratios, and right-triangle figures.
      const total = await itemsOf('right-triangles-trigonometry');
      await page.goto(`/practice?skill=right-triangles-trigonometry&count=${total}&start=1`);
      await page.getByText(`Question 1 of ${total}`).waitFor();
      let sawMath = false;
      let sawFigure = false;
      let struck = false;
      let reloaded = false;
      for (let i = 1; i <= total; i++) {
        await page.getByText(`Question ${i} of ${total}`).waitFor();
        const work = page.locator('.question-work');
        if (await work.locator('.figure').count()) await work.locator('.figure svg').waitFor();
        if (!sawMath && (await work.locator('.stem .katex').count())) {
          await work.locator('.stem math').first().waitFor({ state: 'attached' });
          sawMath = true;
          await step('math');
        }
        if (!sawFigure && (await work.locator('svg[role=img]').count())) {
          const label = (await work.locator('svg[role=img]').first().getAttribute('aria-label')) ?? '';
          expect(label).toMatch(/triangle/i);
          sawFigure = true;
          await step('figure');
        }
        if (i === 1) {
          await page.getByRole('button', { name: 'Mark for review' }).click();
          await expect(page.getByRole('button', { name: 'Mark for review' }).getAttribute('aria-pressed')).resolves.toBe('true');
        }
        // Elimination: strike out a wrong-looking choice on the first multiple-choice question, then answer another.
        if (!struck && (await page.locator('.choices').count())) {
          await page.getByRole('button', { name: 'Strike out choice D' }).click();
          await expect.poll(() => page.locator('.choice-row.is-struck').count()).toBe(1);
          struck = true;
          await step('strike-out');
        }
        await answerCurrent(page);
        // A reload in the middle: the answers given so far and the mark come back, at the first unanswered question.
        if (i === 3 && !reloaded) {
          await page.getByText('Answers saved').waitFor();
          await expect.poll(saved, { timeout: 10_000 }).toBe(3);
          await page.reload();
          await page.getByText(`Question 4 of ${total}`).waitFor();
          for (const n of [1, 2, 3]) await expect(page.getByRole('button', { name: new RegExp(`^Question ${n}, answered`) }).count()).resolves.toBe(1);
          await expect(page.getByRole('button', { name: 'Question 1, answered, marked for review' }).count()).resolves.toBe(1);
          reloaded = true;
          await step('resumed');
          i = 3;
          continue;
        }
        if (i < total) await page.getByRole('button', { name: 'Next' }).click();
      }
      expect({ sawMath, sawFigure, struck, reloaded }).toEqual({ sawMath: true, sawFigure: true, struck: true, reloaded: true });

      // The check page lists the marked question before submitting.
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.getByRole('button', { name: 'Submit answers' }).waitFor();
      await expect(page.getByText(/marked for review/i).first().isVisible()).resolves.toBe(true);
      await step('check-page');
      await page.getByRole('button', { name: 'Submit answers' }).click();
      await page.getByRole('heading', { name: 'Session results' }).waitFor();
      await step('results');

      // A table item: Command of Evidence (quantitative) passages hold their data as a real table.
      await page.goto('/practice?skill=command-of-evidence-quantitative&count=5&start=1');
      await page.getByText('Question 1 of 5').waitFor();
      for (let i = 1; !(await page.locator('table.passage-table').count()); i++) {
        if (i >= 5) throw new Error('no table item in the session');
        await answerCurrent(page);
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByText(`Question ${i + 1} of 5`).waitFor();
      }
      const table = page.locator('table.passage-table').first();
      expect(await table.locator('th[scope=col]').count()).toBeGreaterThan(1);
      expect(await table.locator('th[scope=row]').count()).toBeGreaterThan(0);
      await step('table');
      // Leave it unfinished and go Home: the score estimate after the first session.
      await navTo(page, 'Home');
      await page.getByRole('heading', { name: /^Hi, / }).waitFor();
      const math = page.locator('.score-item').filter({ hasText: 'Math' });
      await expect(math.locator('.score-value').textContent()).resolves.toMatch(/^\d{3}$/);
      await expect(math.locator('.score-range').textContent()).resolves.toMatch(/likely \d{3}–\d{3}/);
      await step('home-score');

      expect(axe).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
