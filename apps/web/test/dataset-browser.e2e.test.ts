import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, navTo, shot, signIn, startHarness, writtenText, uniqueEmail, type ApiClient, type Harness } from './harness.ts';

// Every AI text is sampled into the review queue at once, so the tutor below finds the help answers there.
// A known pseudonym secret lets the test work out the pseudonym an export would write.
const PSEUDONYM_SECRET = 'dataset-browser-e2e-secret';
const ENV = { REVIEW_SAMPLE_RATE: '1', REVIEW_SWEEP_LAG_SECONDS: '0', PSEUDONYM_SECRET };

const CONSENTED_QUERIES = ['Why is the answer about pelicans not choice B?', 'How do the walruses in this problem change the slope?'];
const PRIVATE_QUERY = 'Should I guess when the flamingos question confuses me?';
const CORRECTION = 'Start from the equation: subtract 3 from both sides, then divide by 2, and compare the result with each choice.';

/** The pseudonym exports use for a user (HMAC-SHA256 of the user id, first 20 hex digits: packages/exporter transforms/split.ts). */
const pseudonym = (userId: number) => createHmac('sha256', PSEUDONYM_SECRET).update(String(userId)).digest('hex').slice(0, 20);

async function apiUser(h: Harness, opts: { role: 'student' | 'tutor'; name: string; consent: boolean }) {
  const email = uniqueEmail(opts.role);
  const inviteCode = opts.role === 'tutor' ? await h.staffInviteCode('tutor') : undefined;
  const { token, user } = await h.api().auth.signUp.mutate({ email, password: 'correct horse battery', displayName: opts.name, role: opts.role, trainingConsent: opts.consent, inviteCode });
  return { id: user.id, email, api: h.api(token) };
}

/** A short practice session, a 4-star rating of its feedback, then one help question per query. */
async function practiseAndAsk(api: ApiClient, queries: string[]) {
  const { sessionId, questions } = await api.practice.start.mutate({ domain: 'Algebra', count: 2 });
  const result = await api.practice.submit.mutate({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
  await api.practice.rateFeedback.mutate({ feedbackId: result.feedback.feedbackId, rating: 4 });
  for (const [i, query] of queries.entries()) await api.practice.help.mutate({ questionId: questions[i % questions.length]!.id, sessionId, query, inputMode: 'text' });
}

const rows = (page: Page) => page.locator('.example-list .example-row');
const rowIds = (page: Page) => page.locator('.example-list .example-link').evaluateAll((links) => links.map((a) => a.getAttribute('data-example-id')));
const search = (page: Page) => new URL(page.url()).searchParams;

describe('dataset browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: ENV });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('filters consenting students’ examples, opens one with its lineage and review, and shows synthetic data', async () => {
    // A consenting and a non-consenting student practise and ask for help, all through the API.
    const consenting = await apiUser(h, { role: 'student', name: 'Cora Consent', consent: true });
    const declining = await apiUser(h, { role: 'student', name: 'Dan Declined', consent: false });
    await practiseAndAsk(consenting.api, CONSENTED_QUERIES);
    await practiseAndAsk(declining.api, [PRIVATE_QUERY]);

    // A tutor approves queue items until the first help answer, and corrects that one.
    const tutor = await apiUser(h, { role: 'tutor', name: 'Theo Tutor', consent: false });
    // A tutor reviews only students linked or assigned to them, and a correction counts once an admin confirms it.
    const admin = await h.createAdmin();
    const adminApi = h.api((await h.api().auth.signIn.mutate({ email: admin.email, password: admin.password })).token);
    await adminApi.review.assign.mutate({ tutorId: tutor.id, studentIds: [consenting.id] });
    let corrected: { itemId: number; input: string } | null = null;
    for (let guard = 0; guard < 20 && !corrected; guard++) {
      const item = await tutor.api.review.next.query();
      if (!item) throw new Error('The review queue ran out before a help answer came up.');
      if (item.source === 'help_requests') {
        await tutor.api.review.submit.mutate({ itemId: item.itemId, verdict: 'correct', correctedText: CORRECTION, reason: 'unclear' });
        await adminApi.review.confirm.mutate({ itemId: item.itemId });
        corrected = item;
      } else {
        await tutor.api.review.submit.mutate({ itemId: item.itemId, verdict: 'approve' });
      }
    }
    expect(corrected).not.toBeNull();
    const correctedQuery = CONSENTED_QUERIES.find((q) => corrected!.input.includes(q))!;
    const otherQuery = CONSENTED_QUERIES.find((q) => q !== correctedQuery)!;
    expect(correctedQuery).toBeDefined();
    const [help] = await h.sql<{ id: number; model_id: string; prompt_version: string; ai_response: string }>(
      'select h.id, h.model_id, h.prompt_version, h.ai_response from help_requests h join review_items ri on ri.source_table = ? and ri.source_id = h.id where ri.id = ?',
      ['help_requests', corrected!.itemId],
    );

    // An admin opens the Dataset tab of the data screens.
    const { context, page } = await h.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Hi, Ada Admin' }).waitFor();
    await navTo(page, 'Data');
    await page.getByRole('navigation', { name: 'Data views' }).getByRole('link', { name: 'Dataset' }).click();
    await page.getByRole('heading', { name: 'Dataset', level: 1 }).waitFor();
    await page.getByText(/^\d+ examples? \(1–\d+\)\.$/).waitFor();
    // Real data by default: the consenting student's feedback and both help answers.
    await expect.poll(() => rows(page).count()).toBe(3);

    // Help answers only: the consenting student's two, never the other student's question.
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Help answers' });
    await expect.poll(() => search(page).get('source')).toBe('help_requests');
    await expect.poll(() => rows(page).count()).toBe(2);
    const list = page.locator('.example-list');
    for (const q of CONSENTED_QUERIES) await list.getByText(q).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(PRIVATE_QUERY);
    await expect(rows(page).locator('.example-link').allTextContents()).resolves.toEqual(['Help answer', 'Help answer']);
    await list.getByText('Corrected', { exact: true }).waitFor();
    await shot(page, 'dataset-list');

    // Corrected only: the one the tutor corrected.
    await page.getByLabel('Review status').selectOption({ label: 'Corrected' });
    await expect.poll(() => search(page).get('status')).toBe('corrected');
    await expect.poll(() => rowIds(page)).toEqual([`help_requests:${help!.id}`]);
    await list.getByText(correctedQuery).waitFor();

    // The view survives a reload: the filters come back from the address bar.
    await page.reload();
    await expect.poll(() => rowIds(page)).toEqual([`help_requests:${help!.id}`]);
    await expect(page.getByLabel('Source', { exact: true }).inputValue()).resolves.toBe('help_requests');
    await expect(page.getByLabel('Review status').inputValue()).resolves.toBe('corrected');

    // Open it: focus moves into the panel, which shows the lineage and the review.
    await rows(page).first().click();
    const detail = page.getByRole('dialog', { name: /^Help answer/ });
    await detail.getByRole('heading', { name: 'Lineage' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    expect(search(page).get('example')).toBe(`help_requests:${help!.id}`);
    const lineage = detail.locator('.lineage');
    const fact = (term: string) => lineage.locator('div', { has: page.getByText(term, { exact: true }) }).locator('dd').textContent();
    await expect(fact('Student pseudonym')).resolves.toBe(pseudonym(consenting.id));
    await expect(fact('Model')).resolves.toBe(help!.model_id);
    await expect(fact('Prompt version')).resolves.toBe(help!.prompt_version);
    await expect(fact('Origin')).resolves.toMatch(/^Real/);
    await expect(writtenText(detail.getByRole('region', { name: 'Input' }))).resolves.toContain(`Student asks: ${correctedQuery}`);
    await expect(writtenText(detail.getByRole('region', { name: 'Output an export trains on' }))).resolves.toContain(CORRECTION);
    await expect(writtenText(detail.getByRole('region', { name: 'The model’s original' }))).resolves.toContain(help!.ai_response.slice(0, 80));
    await expect(writtenText(detail.getByRole('region', { name: 'Final text after review' }))).resolves.toContain(CORRECTION);
    await detail.getByText('Random sample').waitFor();
    const verdicts = detail.getByRole('list', { name: 'Reviews' }).locator('li');
    // The tutor's correction, then the admin's confirmation of the same text: two reviewers, each by pseudonym.
    await expect(verdicts.count()).resolves.toBe(2);
    const [proposed, confirmed] = await verdicts.allTextContents();
    expect(proposed).toMatch(/^Corrected by rev_[0-9a-f]{12}Unclearguidelines v1/);
    expect(confirmed).toMatch(/^Corrected by rev_[0-9a-f]{12}guidelines v1/);
    expect(confirmed!.slice(0, 29)).not.toBe(proposed!.slice(0, 29));
    await shot(page, 'dataset-detail', false);
    await detail.getByRole('heading', { name: 'Review history' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/dataset-detail-review.png` });

    // A reload keeps the panel open; Escape closes it and puts focus back on the row it came from.
    await page.reload();
    await detail.getByRole('heading', { name: 'Lineage' }).waitFor();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    await expect.poll(() => search(page).get('example')).toBeNull();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-example-id'))).toBe(`help_requests:${help!.id}`);
    // The keyboard opens it again (Enter on the focused row), and the Close button closes it.
    await page.keyboard.press('Enter');
    await detail.getByRole('heading', { name: 'Lineage' }).waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    await detail.waitFor({ state: 'hidden' });

    // A search term narrows the help answers to the other one.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows(page).count()).toBe(3);
    await page.getByLabel('Source', { exact: true }).selectOption('help_requests');
    await page.getByLabel('Search').fill('walruses');
    await expect.poll(() => search(page).get('q')).toBe('walruses');
    await expect.poll(() => rows(page).count()).toBe(1);
    await list.getByText(otherQuery).waitFor();
    await page.getByLabel('Search').fill('no example says this');
    await page.getByText('No examples match these filters.').waitFor();
    await shot(page, 'dataset-empty');
    await page.getByLabel('Search').fill('');
    await expect.poll(() => rows(page).count()).toBe(2);

    // Synthetic data: generated help answers, never reviewed or rated, paged with Next and Previous.
    await page.getByRole('radio', { name: 'Synthetic' }).check();
    await expect.poll(() => search(page).get('origin')).toBe('synthetic');
    await page.getByRole('heading', { name: 'Synthetic examples' }).waitFor();
    await expect.poll(() => rows(page).count()).toBe(25);
    const firstPage = await rowIds(page);
    expect(firstPage.every((id) => id?.startsWith('synthetic:help_requests:'))).toBe(true);
    await expect(page.getByLabel('Review status').isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('Student rating').isDisabled()).resolves.toBe(true);
    await shot(page, 'dataset-synthetic');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => search(page).get('page')).toBe('2');
    await expect.poll(async () => (await rowIds(page))[0]).not.toBe(firstPage[0]);
    expect((await rowIds(page)).some((id) => firstPage.includes(id))).toBe(false);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => rowIds(page)).toEqual(firstPage);
    await rows(page).first().click();
    await detail.getByRole('heading', { name: 'Lineage' }).waitFor();
    await expect(fact('Origin')).resolves.toMatch(/^Synthetic/);
    await detail.getByText('Synthetic examples are not reviewed.').waitFor();
    await shot(page, 'dataset-synthetic-detail', false);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });

    // Failures are told in words: an unknown example, and the list when the server cannot be reached.
    await page.goto('/admin/dataset?example=help_requests:999999');
    await page.getByRole('dialog', { name: 'Example' }).getByText(/^This example could not be loaded\. No such example/).waitFor();
    await page.keyboard.press('Escape');
    await page.route('**/trpc/data.examples**', (route) => route.abort());
    await page.getByLabel('Source', { exact: true }).selectOption('user_notes');
    await page.getByText('The examples could not be loaded. We could not reach the server.').waitFor({ timeout: 15_000 });
    await shot(page, 'dataset-error');
    await page.unroute('**/trpc/data.examples**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('No examples match these filters.').waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // On a phone: the filters stack, rows fit the width, and the example fills the screen.
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone.page, admin.email, admin.password);
    await phone.page.getByRole('heading', { name: 'Hi, Ada Admin' }).waitFor();
    await phone.page.goto('/admin/dataset?source=help_requests');
    await expect.poll(() => rows(phone.page).count()).toBe(2);
    const overflow = () => phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await expect(overflow()).resolves.toBe(0);
    await shot(phone.page, 'dataset-list-phone');
    await rows(phone.page).filter({ hasText: correctedQuery }).click();
    const phoneDetail = phone.page.getByRole('dialog', { name: /^Help answer/ });
    await phoneDetail.getByRole('heading', { name: 'Lineage' }).waitFor();
    const box = await phoneDetail.boundingBox();
    expect(box!.width).toBe(390);
    const [input, output] = await Promise.all(['Input', 'Output an export trains on'].map((name) => phoneDetail.getByRole('region', { name }).boundingBox()));
    expect(output!.y).toBeGreaterThan(input!.y + input!.height - 1);
    await shot(phone.page, 'dataset-detail-phone', false);
    await phone.context.close();

    // Nobody else gets the screen, or even its code.
    const other = await h.newPage();
    const fetched: string[] = [];
    other.page.on('request', (r) => fetched.push(r.url()));
    await signIn(other.page, tutor.email, 'correct horse battery');
    await other.page.getByRole('heading', { name: 'Hi, Theo Tutor' }).waitFor();
    await other.page.goto('/admin/dataset?source=help_requests');
    await other.page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(fetched.filter((u) => /DatasetBrowser|data\.example/.test(u))).toEqual([]);
    await other.context.close();
  });
});
