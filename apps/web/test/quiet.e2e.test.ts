import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navTo, signIn, signUp, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Console errors, page errors, failed responses (4xx/5xx) and Content-Security-Policy violations of a page, from its first load on. */
async function watch(page: Page) {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
  return problems;
}

// #21: "every signed-out page logs a 401 from the me.get check and a Content-Security-Policy violation from a library's eval probe".
describe('pages load without errors', () => {
  it('signed out and signed in: no console errors, no failed requests, no CSP violations; scripts come compressed', async () => {
    const { context, page } = await h.newPage();
    const problems = await watch(page);
    const scripts: { url: string; encoding: string | undefined; bytes: number }[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) void r.headerValue('content-encoding').then(async (encoding) => scripts.push({ url: r.url(), encoding: encoding ?? undefined, bytes: Number((await r.headerValue('content-length')) ?? 0) }));
    });
    for (const url of ['/', '/signin', '/signup']) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    await signUp(page, { name: 'Quinn' });
    await navTo(page, 'Practice');
    await page.getByRole('button', { name: 'Start practice' }).waitFor();
    await navTo(page, 'Study plan');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(problems).toEqual([]);
    expect(scripts.length).toBeGreaterThan(0);
    // Every script comes compressed, except one so small that compressing it would make it larger (the server then sends it as it is).
    for (const s of scripts) if (s.bytes === 0 || s.bytes > 200) expect(s.encoding, s.url).toMatch(/^(br|gzip)$/);
    console.log(`scripts on the wire: ${scripts.map((s) => `${s.url.replace(/^.*\//, '')} ${(s.bytes / 1024).toFixed(1)} KB (${s.encoding})`).join(', ')}`);
    await context.close();
  });
});

// #21 "Breakage": a long unbroken title, "Try again" on pages that cannot load, a double-clicked "Start export".
describe('breakage', () => {
  it('a 200-character unbroken community title does not make the list scroll sideways on a phone', async () => {
    const { context, page } = await h.newPage({ width: 390, height: 844 });
    await signUp(page, { name: 'Wren' });
    const title = `W${'h'.repeat(199)}`;
    await page.goto('/community');
    await page.getByRole('button', { name: 'Ask a question' }).click();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Your question').fill('Why does this happen?');
    await page.getByRole('button', { name: /^Post/ }).click();
    await page.waitForURL(/\/community\/\d+/); // posted: the app opens the new question
    await page.goto('/community');
    await page.getByText(title.slice(0, 30), { exact: false }).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('a question that does not exist says so without offering "Try again"', async () => {
    const { context, page } = await h.newPage();
    await signUp(page, { name: 'Nadia' });
    await page.goto('/community/987654');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await context.close();
  });

  it('a double-clicked "Start export" starts one export and shows no error', async () => {
    const admin = await h.createAdmin();
    const { context, page } = await h.newPage();
    await signIn(page, admin.email, admin.password);
    await navTo(page, 'Data');
    await page.getByRole('button', { name: 'Start export' }).dblclick();
    // With no students yet the transition plan asks for 50K synthetic examples: about 9 s alone, several times that while CI runs the other suites beside it.
    await page.getByText('succeeded', { exact: true }).first().waitFor({ timeout: 120_000 });
    expect(await page.getByText(/already running/i).count()).toBe(0);
    expect(await h.sql('select id from export_runs')).toHaveLength(1);
    await context.close();
  });

  // Seen in CI: the Data page's first batch of queries (with the export list) answered after the export had
  // started; the list kept that answer ("No exports yet") and, with no run shown as running, never polled.
  it('an export started before the page\'s lists have loaded appears in the list', async () => {
    const admin = await h.createAdmin();
    const { context, page } = await h.newPage();
    await signIn(page, admin.email, admin.password);
    let exportStarted!: () => void;
    const started = new Promise<void>((resolve) => (exportStarted = resolve));
    // The first read of the export list is answered only after the export has started.
    let held = false;
    await page.route(/\/trpc\/[^?]*data\.exportRuns/, async (route) => {
      if (held) return route.continue();
      held = true;
      const response = await route.fetch();
      await started;
      await route.fulfill({ response });
    });
    let runId = 0;
    page.on('response', (r) => {
      if (r.url().includes('/trpc/data.export?')) void r.json().then((body: [{ result: { data: { runId: number } } }]) => ((runId = body[0].result.data.runId), exportStarted()));
    });
    await navTo(page, 'Data');
    await page.getByRole('button', { name: 'Start export' }).click();
    await started;
    // Its own row (the runs of other tests in this file are listed too).
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `#${runId}`, exact: true }) });
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 120_000 });
    await context.close();
  });
});
