import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSession, shot, signUp, startHarness, startPractice, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('offline outbox', () => {
  it('keeps a rating made offline and sends it exactly once when the connection returns', async () => {
    const { context, page } = await h.newPage();
    const student = await signUp(page, { name: 'Olive' });
    const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
    await startPractice(page, { count: 1 });
    await finishSession(page);
    await page.getByText('Feedback from your tutor').waitFor();

    await context.setOffline(true);
    await page.getByRole('radio', { name: /^5 stars/ }).check({ force: true });
    await page.getByText('1 event waiting to send').waitFor();
    await page.getByText('Your rating is saved on this device').waitFor();
    await shot(page, 'outbox-offline', false);
    expect(await h.sql('select id from feedback_ratings where user_id = ?', [user!.id])).toHaveLength(0);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('satprep.outbox.v1') ?? '[]') as { id: string; kind: string }[]);
    expect(stored.map((e) => e.kind)).toEqual(['practice.rateFeedback']);

    await context.setOffline(false);
    await page.getByText('Saved: 5 of 5 stars').waitFor();
    await page.getByText('1 event waiting to send').waitFor({ state: 'detached' });
    const rows = await h.sql<{ rating: number }>('select rating from feedback_ratings where user_id = ?', [user!.id]);
    expect(rows).toEqual([{ rating: 5 }]);

    // Sending the same event again (as a retry after a lost response would) does not add a row.
    const input = { ...(stored[0] as unknown as { input: object }).input };
    const status = await page.evaluate(async (body) => {
      const r = await fetch('/trpc/practice.rateFeedback', { method: 'POST', headers: { 'content-type': 'application/json', 'x-satprep-client': 'web' }, body: JSON.stringify(body) });
      return r.status;
    }, input);
    expect(status).toBe(200);
    expect(await h.sql('select id from feedback_ratings where user_id = ?', [user!.id])).toHaveLength(1);
    expect(await page.evaluate(() => localStorage.getItem('satprep.outbox.v1'))).toBe('[]');
    await context.close();
  });

  it('sends events left from an earlier visit on the next load', async () => {
    const { context, page } = await h.newPage();
    const student = await signUp(page, { name: 'Noor' });
    const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
    await startPractice(page, { count: 1 });
    await finishSession(page);
    const firstQuestion = (await h.sql<{ question_id: string }>('select question_id from responses where user_id = ? order by id', [user!.id]))[0]!.question_id;

    // A note written offline; the tab is closed before the connection returns.
    await context.setOffline(true);
    const card = page.locator('.result-card').first();
    await card.getByLabel('Add a note').fill('Written on the bus.');
    await card.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('1 event waiting to send').waitFor();
    await page.close();
    await context.setOffline(false);
    expect(await h.sql('select id from user_notes where user_id = ?', [user!.id])).toHaveLength(0);

    // The next visit sends it.
    const next = await context.newPage();
    await next.goto('/');
    await next.getByRole('heading', { name: 'Hi, Noor' }).waitFor();
    await expect
      .poll(() => h.sql<{ note_text: string; question_id: string }>('select note_text, question_id from user_notes where user_id = ?', [user!.id]))
      .toEqual([{ note_text: 'Written on the bus.', question_id: firstQuestion }]);
    await next.getByText('event waiting to send').waitFor({ state: 'detached' });
    await context.close();
  });
});
