import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSession, signUp, startHarness, startPractice, WEB_DIST, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Gzipped size of a built file, as a client that only speaks gzip would download it. */
const gzipBytes = (url: string) => gzipSync(readFileSync(path.join(WEB_DIST, new URL(url).pathname))).length;

// #21 item 6: "first render of Home ≤ 1.0 s with the CPU throttled 4× on a cold cache (measure it in the
// browser tests and print it), initial JS ≤ 150 KB gzipped for student screens". The time is printed, not
// asserted (these machines are noisy); the size is asserted, it does not depend on the machine.
describe('weight and first render', () => {
  it('Home renders with its data on a cold cache with the CPU throttled 4×; the initial JS of student screens stays within 150 KB gzipped', async () => {
    // A student with one finished session, so Home has sessions, a plan, progress and a score estimate to show.
    const { context: warm, page: setup } = await h.newPage();
    await signUp(setup, { name: 'Perry' });
    await startPractice(setup, { domain: 'Algebra', count: 3 });
    await finishSession(setup);
    const storageState = await warm.storageState();
    await warm.close();

    const report: string[] = [];
    const initialKb: number[] = [];
    for (const viewport of [{ width: 1280, height: 900, name: 'desktop' }, { width: 390, height: 844, name: 'phone' }]) {
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        // A new context has an empty HTTP cache: every script, style and font is fetched again.
        const context = await h.browser.newContext({ baseURL: h.base, viewport, storageState, locale: 'en-US' });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        // Rendered = the greeting is on screen and no part of Home is still loading; stamped in the page
        // itself, so the test's own round trips are not counted.
        await page.addInitScript(() => {
          const w = window as unknown as { __homeRendered?: number };
          const check = () => {
            const h1 = document.querySelector('main h1, h1');
            if (w.__homeRendered === undefined && h1?.textContent?.startsWith('Hi,') && document.querySelector('#score-heading') && !document.querySelector('.loading')) {
              w.__homeRendered = performance.now();
            }
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
        });
        const scripts: string[] = [];
        page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(r.url())));
        await page.goto('/');
        await page.waitForFunction(() => (window as unknown as { __homeRendered?: number }).__homeRendered !== undefined, undefined, { timeout: 30_000 });
        times.push(await page.evaluate(() => (window as unknown as { __homeRendered: number }).__homeRendered));
        if (run === 0) initialKb.push([...new Set(scripts)].reduce((sum, url) => sum + gzipBytes(url), 0) / 1024);
        await context.close();
      }
      times.sort((a, b) => a - b);
      report.push(`${viewport.name}: median ${(times[1]! / 1000).toFixed(2)} s (runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
    }
    console.log(`first render of Home, cold cache, CPU throttled 4× (target ≤ 1.00 s): ${report.join('; ')}`);
    console.log(`initial JS of Home, gzipped: ${initialKb.map((kb) => `${kb.toFixed(1)} KB`).join(' (desktop), ')} (phone); target ≤ 150 KB`);
    for (const kb of initialKb) expect(kb).toBeLessThanOrEqual(150);
  });

  it('each student screen loads at most 150 KB of gzipped JS when opened first', async () => {
    const { context: warm, page: setup } = await h.newPage();
    await signUp(setup, { name: 'Sasha' });
    const storageState = await warm.storageState();
    await warm.close();
    const sizes: string[] = [];
    for (const [route, ready] of [
      ['/practice', 'Start practice'],
      ['/plan', null],
      ['/review', null],
      ['/community', 'Ask a question'],
      ['/settings', null],
    ] as const) {
      const context = await h.browser.newContext({ baseURL: h.base, storageState, locale: 'en-US' });
      const page = await context.newPage();
      const scripts = new Set<string>();
      page.on('request', (r) => void (r.resourceType() === 'script' && scripts.add(r.url())));
      await page.goto(route);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      if (ready) await page.getByRole('button', { name: ready }).waitFor();
      const kb = [...scripts].reduce((sum, url) => sum + gzipBytes(url), 0) / 1024;
      sizes.push(`${route} ${kb.toFixed(1)} KB`);
      expect(kb, route).toBeLessThanOrEqual(150);
      await context.close();
    }
    console.log(`initial JS per student screen, gzipped (target ≤ 150 KB): ${sizes.join(', ')}`);
  });
});
