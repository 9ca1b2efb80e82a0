import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCurrent, ARTIFACTS, navTo, shot, signUp, startHarness, startPractice, writtenText, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const current = async (page: Page) => Number((await page.locator('.practice-count').textContent())!.match(/Question (\d+) of/)![1]);
/** Presses a key with the focus on the question's heading (not in any box), as a student would after reading it. */
async function key(page: Page, k: string) {
  await page.locator('#question-heading').focus();
  await page.keyboard.press(k);
}

// #21 item 2 (rest): calculator, reference sheet, keyboard shortcuts; and past help shown again on review.
describe('practice runner tools: calculator, reference sheet, shortcuts, past help', () => {
  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`works the calculator, reference sheet and shortcuts, and shows the session's help on results and review (${viewport.name})`, async () => {
      const { context, page } = await h.newPage(viewport);
      const name = viewport.name === 'phone' ? 'Kai' : 'Kit';
      await signUp(page, { name });
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      page.on('pageerror', (e) => void errors.push(String(e)));
      await startPractice(page, { domain: 'Algebra', count: 4 });
      const total = 4;
      // The first multiple-choice question, reached with N.
      for (let i = 0; !(await page.locator('.choices').count()); i++) {
        if (i >= total - 2) throw new Error('no multiple-choice item early in the session');
        const before = await current(page);
        await key(page, 'n');
        await expect.poll(() => current(page)).toBe(before + 1);
        // N moves the focus to the new question's heading.
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('question-heading');
      }
      const q = await current(page);

      // K opens the calculator (loaded on demand) with the focus in its input; Enter works it out.
      const calc = page.getByRole('dialog', { name: 'Calculator' });
      expect(await calc.count()).toBe(0);
      await key(page, 'k');
      await calc.waitFor();
      const input = calc.getByRole('textbox', { name: 'Expression' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('calc-input');
      await input.fill('sqrt(2)^2+3*4');
      await page.keyboard.press('Enter');
      await calc.locator('output').getByText('sqrt(2)^2+3*4 = 14').waitFor();
      await calc.getByRole('button', { name: 'sqrt(2)^2+3*4 = 14: use 14' }).waitFor();
      // Typing letters in the calculator is not a shortcut: the question stays as it is.
      await input.fill('');
      await input.pressSequentially('sin(30)+abcdmn');
      expect(await current(page)).toBe(q);
      await input.fill('');
      // The keypad: sin 30 in degrees (the default).
      for (const k of ['sin', '3', '0', 'close bracket', 'equals']) await calc.getByRole('button', { name: k, exact: true }).click();
      await calc.locator('output').getByText('sin(30) = 0.5').waitFor();
      await calc.getByRole('radio', { name: 'Radians' }).click();
      await input.fill('cos(pi)');
      await page.keyboard.press('Enter');
      await calc.locator('output').getByText('cos(pi) = -1').waitFor();
      await input.fill('2+*3');
      await page.keyboard.press('Enter');
      await calc.locator('output').getByText('cannot read that expression').waitFor();
      // ↑ brings back the last expression worked out.
      await input.fill('');
      await input.press('ArrowUp');
      expect(await input.inputValue()).toBe('cos(pi)');

      const box = (await calc.boundingBox())!;
      if (viewport.name === 'desktop') {
        // A panel beside the question, not over it.
        const card = (await page.locator('.question-card').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(card.x + card.width);
      } else {
        // A bottom sheet: at the bottom, at most a little over half the screen, and the choices can be scrolled into view above it.
        expect(Math.round(box.y + box.height)).toBe(viewport.height);
        expect(box.height).toBeLessThanOrEqual(viewport.height * 0.55);
        const visible = await page.evaluate((sheetTop) => {
          const choices = document.querySelector('.choices')!;
          const r = choices.getBoundingClientRect();
          window.scrollBy(0, r.bottom - sheetTop + 8);
          const after = choices.getBoundingClientRect();
          const el = document.elementFromPoint(after.left + after.width / 2, after.bottom - 12);
          return Boolean(el && choices.contains(el));
        }, box.y);
        expect(visible).toBe(true);
      }
      // As it is on screen (on a phone, scrolled so the choices sit above the sheet).
      await page.screenshot({ path: `${ARTIFACTS}/runner-calculator-${viewport.name}.png` });
      // Esc closes it and gives the focus back to its button; the button opens it again with its history.
      await input.press('Escape');
      await calc.waitFor({ state: 'hidden' });
      const calcButton = page.getByRole('button', { name: 'Calculator', exact: true });
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Calculator');
      await calcButton.click();
      await calc.waitFor();
      await calc.getByRole('button', { name: 'sqrt(2)^2+3*4 = 14: use 14' }).waitFor();
      await calc.getByRole('button', { name: 'Close calculator' }).click();
      await calc.waitFor({ state: 'hidden' });

      // R: the reference sheet, a modal dialog; Esc closes it.
      await key(page, 'r');
      const sheet = page.getByRole('dialog', { name: 'Reference sheet' });
      await sheet.waitFor();
      for (const text of ['Pythagorean theorem', '30°–60°–90°', '45°–45°–90°', 'Sphere', 'Cone', 'Rectangular pyramid', 'The number of radians of arc in a circle is 2π.', 'The number of degrees of arc in a circle is 360.', 'angles of a triangle is 180']) {
        await sheet.getByText(text, { exact: false }).first().waitFor();
      }
      // Letters typed while it is open are not shortcuts.
      await page.keyboard.press('n');
      expect(await current(page)).toBe(q);
      await shot(page, `runner-reference-${viewport.name}`, false);
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'hidden' });
      // The button opens it too.
      await page.getByRole('button', { name: 'Reference' }).click();
      await sheet.waitFor();
      await sheet.getByRole('button', { name: 'Close reference sheet' }).click();
      await sheet.waitFor({ state: 'hidden' });

      // ?: the list of shortcuts.
      await key(page, '?');
      const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await list.getByRole('cell', { name: 'Mark this question for review' }).waitFor();
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'hidden' });

      // Choose, strike out, mark with keys.
      const radio = (l: string) => page.getByRole('radio', { name: new RegExp(`^${l}\\.`) });
      const strike = (l: string) => page.getByRole('button', { name: `Strike out choice ${l}` });
      await key(page, 'b');
      await expect.poll(() => radio('B').isChecked()).toBe(true);
      await key(page, '3');
      await expect.poll(() => radio('C').isChecked()).toBe(true);
      await key(page, 'Shift+D');
      await expect.poll(() => strike('D').getAttribute('aria-pressed')).toBe('true');
      await key(page, 'Shift+A');
      await expect.poll(() => strike('A').getAttribute('aria-pressed')).toBe('true');
      await key(page, 'Shift+A');
      await expect.poll(() => strike('A').getAttribute('aria-pressed')).toBe('false');
      // X strikes out the focused choice.
      await radio('C').focus();
      await page.keyboard.press('x');
      await expect.poll(() => strike('C').getAttribute('aria-pressed')).toBe('true');
      // Choosing a struck-out choice brings it back.
      await key(page, 'c');
      await expect.poll(() => strike('C').getAttribute('aria-pressed')).toBe('false');
      await key(page, 'm');
      await expect.poll(() => page.getByRole('button', { name: 'Mark for review' }).getAttribute('aria-pressed')).toBe('true');
      await page.getByRole('button', { name: `Question ${q}, answered, marked for review` }).waitFor();

      // Help asked during the session; keys typed in the help box are text, not shortcuts.
      await page.getByText('Need help? Ask a question!').click();
      const ask = page.getByLabel('Your question about this problem');
      await ask.pressSequentially('Can you give me a hint for the first step?');
      expect(await current(page)).toBe(q);
      expect(await radio('C').isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Ask', exact: true }).click();
      // The stored answer (not the card the answer streams into while it is written), as written (formulas as their text).
      const stored = page.locator('.help-answer:not(.help-streaming)');
      await stored.locator('.help-from').first().waitFor();
      const tutorAnswer = (await writtenText(stored.locator('.help-text p').nth(1))).trim();
      expect(tutorAnswer.length).toBeGreaterThan(0);

      // Moving with keys: N / → next, P / ← previous (arrows stay with a focused radio group).
      if (q < total) {
        await key(page, 'ArrowRight');
        await expect.poll(() => current(page)).toBe(q + 1);
        await key(page, 'p');
        await expect.poll(() => current(page)).toBe(q);
      }
      if (q > 1) {
        await key(page, 'ArrowLeft');
        await expect.poll(() => current(page)).toBe(q - 1);
        await key(page, 'n');
        await expect.poll(() => current(page)).toBe(q);
      }
      // Back on the question, its help is there again: the panel starts closed and says so.
      const help = page.locator('details.help');
      await help.locator('summary', { hasText: 'your earlier question' }).waitFor();
      await help.locator('summary').click();
      await expect.poll(() => writtenText(help.locator('.help-answer .help-text p').nth(1))).toContain(tutorAnswer);
      expect(await help.locator('.help-answer').count()).toBe(1);
      expect(await radio('C').isChecked()).toBe(true);
      await shot(page, `runner-shortcuts-${viewport.name}`);

      // The rest answered; submitted from the check page.
      for (let i = 1; i <= total; i++) {
        if (i !== q) {
          await page.getByRole('button', { name: new RegExp(`^Question ${i}(,|$)`) }).click();
          await page.getByText(`Question ${i} of ${total}`).waitFor();
          await answerCurrent(page);
        }
      }
      await page.getByRole('button', { name: /^Submit( now)?$/ }).first().click();
      await page.getByRole('button', { name: 'Submit answers' }).click();
      await page.getByRole('heading', { name: 'Session results' }).waitFor();

      // The help of the session, under its question, on the results and again on the review.
      const pastOn = async () => {
        const card = page.locator('.result-card').nth(q - 1);
        const past = card.getByRole('region', { name: 'Your questions to the tutor during the session (1)' });
        await past.getByText('Can you give me a hint for the first step?').waitFor();
        await expect.poll(() => writtenText(past)).toContain(tutorAnswer);
        expect(await page.locator('.past-help').count()).toBe(1);
        return card;
      };
      const card = await pastOn();
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: `${ARTIFACTS}/runner-past-help-results-${viewport.name}.png` });
      await navTo(page, 'Review');
      await page.locator('a.session-row').first().click();
      await page.getByRole('heading', { name: /^Session of/ }).waitFor();
      await pastOn();
      await shot(page, `runner-past-help-review-${viewport.name}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('offers no calculator or reference sheet on Reading and Writing questions, and shortcuts do nothing while typing a grid-in', async () => {
    const { context, page } = await h.newPage();
    await signUp(page, { name: 'Rae' });
    await startPractice(page, { domain: 'Craft and Structure', count: 2 });
    expect(await page.getByRole('button', { name: 'Calculator', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reference' }).count()).toBe(0);
    await key(page, 'k');
    await key(page, 'r');
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Shortcuts still choose.
    await key(page, 'a');
    await expect.poll(() => page.getByRole('radio', { name: /^A\./ }).isChecked()).toBe(true);
    await context.close();

    const second = await h.newPage();
    await signUp(second.page, { name: 'Gil' });
    await startPractice(second.page, { domain: 'Algebra', count: 12 });
    for (let i = 0; !(await second.page.getByLabel('Your answer').count()); i++) {
      if (i > 10) throw new Error('no grid-in item among 12 Algebra questions');
      await second.page.getByRole('button', { name: 'Next' }).click();
    }
    const before = await current(second.page);
    await second.page.getByLabel('Your answer').pressSequentially('12');
    await second.page.keyboard.press('n');
    await second.page.keyboard.press('ArrowLeft');
    expect(await current(second.page)).toBe(before);
    expect(await second.page.getByLabel('Your answer').inputValue()).toBe('12n');
    expect(await second.page.getByRole('dialog', { name: 'Calculator' }).count()).toBe(0);
    await second.context.close();
  });
});
