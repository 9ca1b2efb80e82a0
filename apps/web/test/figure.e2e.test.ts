import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, finishSession, seriousViolations, shot, signUp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Starts a session on one skill with every one of its items, from the Practice page's link form. */
async function practiseSkill(page: Page, skill: string, count: number) {
  await page.goto(`/practice?skill=${skill}&count=${count}&start=1`);
  await page.getByText(/^Question 1 of \d+$/).waitFor();
}

/** Steps through the session to the first question with a figure of the given kind; returns its accessible name. */
async function nextFigure(page: Page, kind: string, name: RegExp): Promise<string> {
  const total = Number((await page.getByText(/^Question \d+ of \d+$/).textContent())!.match(/of (\d+)/)![1]);
  for (let i = 1; i <= total; i++) {
    const figure = page.locator(`.question-work svg[role=img].figure-${kind}`);
    // The drawing code loads with the first figure: wait for it when the question has one.
    if (await page.locator('.question-work .figure').count()) await page.locator('.question-work .figure svg').waitFor();
    if (await figure.count()) {
      const label = (await figure.getAttribute('aria-label'))!;
      expect(label).toMatch(name);
      // The accessible name is the text alternative (a <title> too, for tooltips and older readers).
      await expect(page.getByRole('img', { name: label }).count()).resolves.toBe(1);
      await expect(figure.locator('title').textContent()).resolves.toBe(label);
      return label;
    }
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText(`Question ${i + 1} of ${total}`).waitFor();
  }
  throw new Error(`no ${kind} figure in this session`);
}

// #21 item 1: figures drawn as SVG from the generators' data, in the runner and the results.
describe('question figures', () => {
  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`draws graphs, scatterplots, triangles and circles with their text alternative (${viewport.name})`, async () => {
      const { context, page } = await h.newPage(viewport);
      await signUp(page, { name: viewport.name === 'phone' ? 'Fiona' : 'Felix' });
      const cases: [string, string, number, RegExp, string][] = [
        ['linear-functions', 'graph', 18, /^Figure: (?:the graph of y = f\(x\), a line|a parabola) .* in the xy-plane/, 'graph'],
        ['two-variable-data', 'scatter', 18, /^Figure: a scatterplot of \d+ data points .* line of best fit/, 'scatter'],
        ['lines-angles-triangles', 'triangle', 18, /^Figure: triangle ABC with /, 'triangle'],
        // The right triangles the trigonometry items describe, with the right angle marked.
        ['right-triangles-trigonometry', 'triangle', 18, /^Figure: triangle (?:ABC|PQR) with a right angle marked at [CQ]/, 'right-triangle'],
        ['circles', 'circle', 24, /^Figure: a circle with center O/, 'circle'],
      ];
      for (const [skill, kind, count, name, shotName] of cases) {
        await practiseSkill(page, skill, count);
        await nextFigure(page, kind, name);
        const box = (await page.locator('.question-work svg[role=img]').boundingBox())!;
        // Readable and inside the screen: at least 300 px wide on a phone, never wider than the viewport.
        expect(box.width).toBeGreaterThanOrEqual(viewport.name === 'phone' ? 300 : 400);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        await shot(page, `figure-${shotName}-${viewport.name}`);
        expect(await seriousViolations(page), kind).toEqual([]);
      }
      // The results show the same figures with each answered question.
      await page.goto('/practice?skill=circles&count=24&start=1');
      await page.getByText(/^Question 1 of \d+$/).waitFor();
      await finishSession(page);
      const figures = page.locator('.result-card svg[role=img]');
      await expect.poll(() => figures.count()).toBeGreaterThanOrEqual(6);
      await expect(figures.first().getAttribute('aria-label')).resolves.toMatch(/^Figure: a circle/);
      await figures.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `figure-results-${viewport.name}.png`) });
      await context.close();
    });
  }
});
