import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCurrent, navTo, seriousViolations, signIn, signUp, startHarness, startPractice, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// #21 item 5: 0 serious or critical axe violations on every screen.
describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violations on the student, signed-out and admin screens', async () => {
    const found: string[] = [];
    const { context, page } = await h.newPage();
    for (const url of ['/signin', '/signup']) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      found.push(...(await seriousViolations(page, url)));
    }
    await signUp(page, { name: 'Ada' });
    found.push(...(await seriousViolations(page, 'home')));
    await startPractice(page, { domain: 'Algebra', count: 2 });
    found.push(...(await seriousViolations(page, 'practice question')));
    // The runner's tools open (math question): calculator with a result and history, reference sheet, shortcut list.
    await page.getByRole('button', { name: 'Calculator', exact: true }).click();
    const calc = page.getByRole('dialog', { name: 'Calculator' });
    await calc.getByRole('textbox', { name: 'Expression' }).fill('sqrt(2)^2+3*4');
    await page.keyboard.press('Enter');
    await calc.locator('output').getByText('= 14').waitFor();
    found.push(...(await seriousViolations(page, 'practice calculator')));
    await calc.getByRole('button', { name: 'Close calculator' }).click();
    await page.getByRole('button', { name: 'Reference' }).click();
    await page.getByRole('dialog', { name: 'Reference sheet' }).waitFor();
    found.push(...(await seriousViolations(page, 'practice reference sheet')));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Shortcuts/ }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    found.push(...(await seriousViolations(page, 'practice shortcut list')));
    await page.keyboard.press('Escape');
    // A help conversation, shown again on the results.
    await page.getByText('Need help? Ask a question!').click();
    await page.getByLabel('Your question about this problem').fill('Can you give me a hint?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.locator('.help-answer .help-from').first().waitFor();
    await answerCurrent(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await answerCurrent(page);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await page.getByRole('heading', { name: 'Session results' }).waitFor();
    await page.locator('.past-help').waitFor();
    found.push(...(await seriousViolations(page, 'results')));
    for (const [label, screen] of [['Study plan', 'plan'], ['Review', 'review'], ['Community', 'community'], ['Settings', 'settings']] as const) {
      await navTo(page, label);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      found.push(...(await seriousViolations(page, screen)));
    }
    // A reviewed session, a community question with its answers, and a parent's view.
    await navTo(page, 'Review');
    await page.locator('a.session-row').first().click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    found.push(...(await seriousViolations(page, 'review session')));
    await navTo(page, 'Community');
    await page.getByRole('button', { name: 'Ask a question' }).click();
    await page.getByLabel('Title').fill('When is a semicolon right?');
    await page.getByLabel('Your question').fill('Between two full sentences?');
    await page.getByRole('button', { name: 'Post question' }).click();
    await page.getByRole('heading', { name: 'When is a semicolon right?' }).waitFor();
    found.push(...(await seriousViolations(page, 'community question')));
    await context.close();
    const parent = await h.newPage();
    await signUp(parent.page, { name: 'Pat', role: 'Parent' });
    found.push(...(await seriousViolations(parent.page, 'parent home')));
    await parent.context.close();

    const admin = await h.createAdmin();
    const a = await h.newPage({ width: 390, height: 844 });
    await signIn(a.page, admin.email, admin.password);
    await a.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await navTo(a.page, 'Data');
    await a.page.getByRole('heading', { level: 1 }).first().waitFor();
    found.push(...(await seriousViolations(a.page, 'admin data (phone)')));
    await a.context.close();
    expect(found).toEqual([]);
  });
});
