import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { answerCurrent, ARTIFACTS, seriousViolations, shot, signUp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The text as drawn: without KaTeX's MathML copy (and its TeX annotation), which only screen readers get. */
const visibleText = (locator: Locator) =>
  locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.katex-mathml').forEach((m) => m.remove());
    return copy.textContent ?? '';
  });

// Raw bank notation that must not be left showing once KaTeX has drawn the math.
const RAW = /\^\(|\^\d|\^[a-z]|√\(/;

// #21 item 1 (math): formulas in questions are typeset with KaTeX (HTML for the eye, MathML for screen readers).
describe('math is typeset', () => {
  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`renders powers and roots in the stem and choices, in the results, without CSP errors (${viewport.name})`, async () => {
      const { context, page } = await h.newPage(viewport);
      const problems: string[] = [];
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      const fonts: string[] = [];
      page.on('response', (r) => void (/KaTeX_.*\.woff2$/.test(r.url()) && fonts.push(`${r.status()} ${r.url().replace(/^.*\//, '')}`)));

      await signUp(page, { name: viewport.name === 'phone' ? 'Euler' : 'Emmy' });
      // Nonlinear equations: every stem is an equation, with powers (x^2 + 4x − 32 = 0) or roots (√(x + 7) = x + 1).
      await page.goto('/practice?skill=nonlinear-equations&count=18&start=1');
      const first = page.getByText(/^Question 1 of \d+$/);
      await first.waitFor();
      const total = Number((await first.textContent())!.match(/of (\d+)/)![1]);
      expect(total).toBeGreaterThanOrEqual(12);

      const stem = page.locator('.question-work .stem');
      const seen = { power: false, root: false };
      for (let i = 1; i <= total; i++) {
        await page.getByText(`Question ${i} of ${total}`).waitFor();
        // KaTeX loads on first use; the plain text shows until then.
        await stem.locator('.katex').first().waitFor();
        expect(await stem.locator('.katex-html').count()).toBeGreaterThan(0);
        // MathML for screen readers, with the drawn HTML hidden from them.
        expect(await stem.locator('math').count()).toBeGreaterThan(0);
        expect(await stem.locator('.katex-html').first().getAttribute('aria-hidden')).toBe('true');
        const shown = await stem.locator('.katex-html').allInnerTexts();
        expect(await visibleText(stem)).not.toMatch(RAW);
        expect(shown.join(' ')).not.toMatch(RAW);
        // Choices are typeset too (these items' choices are mostly numbers).
        for (const choice of await page.locator('.choices .choice-text').all()) expect(await visibleText(choice)).not.toMatch(RAW);
        const hasRoot = (await stem.locator('.sqrt').count()) > 0;
        const hasPower = (await stem.locator('.msupsub').count()) > 0;
        if (hasRoot && !seen.root) {
          await shot(page, `math-root-${viewport.name}`);
          expect(await seriousViolations(page)).toEqual([]);
        }
        if (hasPower && !seen.power) {
          await shot(page, `math-power-${viewport.name}`);
        }
        seen.root ||= hasRoot;
        seen.power ||= hasPower;
        await answerCurrent(page);
        if (i < total) await page.getByRole('button', { name: 'Next' }).click();
      }
      expect(seen).toEqual({ power: true, root: true });
      // KaTeX's fonts come as files from the app itself (a data: URL would break the Content-Security-Policy).
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f).toMatch(/^200 /);
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      // The results: stems, choices and explanations are typeset too.
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.getByRole('button', { name: 'Submit answers' }).click();
      await page.getByRole('heading', { name: 'Session results' }).waitFor();
      const card = page.locator('.result-card').first();
      await card.locator('.stem .katex').first().waitFor();
      expect(await card.locator('.explanation .katex').count()).toBeGreaterThan(0);
      expect(await page.locator('.result-card .stem').first().evaluate((el) => [...el.querySelectorAll('.katex-html')].map((k) => (k as HTMLElement).innerText).join(' '))).not.toMatch(RAW);
      await shot(page, `math-results-${viewport.name}`, false);
      expect(await seriousViolations(page)).toEqual([]);
      await card.screenshot({ path: path.join(ARTIFACTS, `math-result-card-${viewport.name}.png`) });

      expect(problems).toEqual([]);
      await context.close();
    });
  }

  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`typesets fractions and powers in answer choices, struck out too (${viewport.name})`, async () => {
      const { context, page } = await h.newPage(viewport);
      await signUp(page, { name: viewport.name === 'phone' ? 'Gauss' : 'Sophie' });
      // Equivalent expressions: choices like 4x^2 − 8x + 4 and 2/((x + 1)(x + 5)).
      await page.goto('/practice?skill=equivalent-expressions&count=18&start=1');
      const first = page.getByText(/^Question 1 of \d+$/);
      await first.waitFor();
      const total = Number((await first.textContent())!.match(/of (\d+)/)![1]);
      const choices = page.locator('.choices .choice-text');
      const seen = { power: false, fraction: false };
      for (let i = 1; i <= total && !(seen.power && seen.fraction); i++) {
        await page.getByText(`Question ${i} of ${total}`).waitFor();
        await page.locator('.question-work .stem .katex').first().waitFor();
        if (await page.locator('.choices').count()) {
          await choices.locator('.katex').first().waitFor();
          for (const choice of await choices.all()) expect(await visibleText(choice)).not.toMatch(RAW);
          const fraction = (await choices.locator('.mfrac').count()) > 0;
          const power = (await choices.locator('.msupsub').count()) > 0;
          if (fraction && !seen.fraction) {
            // A struck-out choice is drawn crossed out, its math included.
            await page.getByRole('button', { name: 'Strike out choice A' }).click();
            await expect.poll(() => page.locator('.choice-row.is-struck .math').count()).toBeGreaterThan(0);
            expect(await page.locator('.choice-row.is-struck .math').first().evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/linear-gradient/);
            await shot(page, `math-fraction-choices-${viewport.name}`);
          }
          seen.fraction ||= fraction;
          seen.power ||= power;
        }
        if (i < total) await page.getByRole('button', { name: 'Next' }).click();
      }
      expect(seen).toEqual({ power: true, fraction: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await context.close();
    });
  }
});
