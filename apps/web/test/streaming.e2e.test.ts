import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeStreamingEndpoint } from '@satprep/eval/testing';
import { shot, signUp, startHarness, startPractice, type Harness } from './harness.ts';

// #23 item 3: with a remote model, the help answer streams to the page as it is written: its first
// words show while the rest is still coming; the stored answer replaces the live text once complete.

const ANSWER =
  'Start from what the question gives you. Write the equation from the words, then undo each operation in reverse order: subtract first, then divide. Check your value in the original equation before you move on.';
const WORDS = ANSWER.split(' ').length;
const DELAY_MS = 60;

let h: Harness;
let fake: Awaited<ReturnType<typeof fakeStreamingEndpoint>>;
beforeAll(async () => {
  fake = await fakeStreamingEndpoint({ text: ANSWER, delayMs: DELAY_MS });
  h = await startHarness({ env: { TUTOR_BASE_URL: fake.url, TUTOR_MODEL: 'fake-stream' } });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('streamed help answers', () => {
  for (const viewport of [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 390, height: 844 }]) {
    it(`shows the first words before the answer is complete, then the stored answer once (${viewport.name})`, async () => {
      const { context, page } = await h.newPage(viewport);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const { email } = await signUp(page, { name: viewport.name === 'phone' ? 'Stella' : 'Stan' });
      const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [email]);
      await startPractice(page, { domain: 'Algebra', count: 2 });
      await page.getByText('Need help? Ask a question!').click();
      await page.getByLabel('Your question about this problem').fill('How should I start this problem?');
      const asked = Date.now();
      await page.getByRole('button', { name: 'Ask', exact: true }).click();

      // The live answer: poll its text until the first words show.
      const live = page.locator('.help-streaming .help-text p:not(.help-from)');
      await expect.poll(async () => ((await live.count()) ? await live.textContent() : ''), { timeout: 10_000, interval: 20 }).toMatch(/^Start/);
      const firstAt = Date.now() - asked;
      const partial = (await live.textContent()) ?? '';
      await shot(page, `streaming-help-partial-${viewport.name}`);
      // Complete: the stored answer with its thumbs, and the live card gone.
      await page.getByRole('group', { name: 'Was this answer helpful?' }).waitFor({ timeout: 15_000 });
      const totalAt = Date.now() - asked;
      expect(await page.locator('.help-streaming').count()).toBe(0);
      await expect(page.locator('.help-answer .help-text').last().textContent()).resolves.toContain(ANSWER);
      await shot(page, `streaming-help-complete-${viewport.name}`);
      console.log(`streamed help (${viewport.name}): first words after ${firstAt} ms, complete after ${totalAt} ms (${WORDS} words ${DELAY_MS} ms apart from a local fake endpoint)`);

      expect(partial.length).toBeLessThan(ANSWER.length);
      expect(firstAt).toBeLessThan(totalAt - 1000);
      // Written once, when complete.
      const rows = await h.sql<{ ai_response: string; model_id: string }>('select ai_response, model_id from help_requests where user_id = ?', [user!.id]);
      expect(rows).toEqual([{ ai_response: ANSWER, model_id: 'fake-stream' }]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
