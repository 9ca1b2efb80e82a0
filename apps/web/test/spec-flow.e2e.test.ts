import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSession, navTo, shot, signIn, signUp, startHarness, startPractice, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const count = async (table: string, where = 'true', params: unknown[] = []) =>
  (await h.sql<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0]!.n;

describe('the spec flow through the browser', () => {
  it('signs up, practises, rates, asks for help, acts on the plan, adds a note; the admin dashboard counts the new rows', async () => {
    const { context, page } = await h.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await shot(page, 'signin');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter a valid email address').waitFor();
    await shot(page, 'signup-errors');

    const student = await signUp(page, { name: 'Sam', consent: true });
    const [user] = await h.sql<{ id: number; training_consent: boolean }>('select id, training_consent from users where email = ?', [student.email]);
    expect(user!.training_consent).toBe(true);
    await page.getByRole('heading', { name: 'Your progress' }).waitFor();
    await page.getByText('Next in your plan').waitFor();
    await shot(page, 'home-new-student');

    // Practice: a short Algebra session, one question at a time.
    await navTo(page, 'Practice');
    await page.getByLabel('Content domain').waitFor();
    await shot(page, 'practice-setup');
    await startPractice(page, { domain: 'Algebra', count: 3 });
    await expect.poll(() => page.locator('.timer').textContent(), { timeout: 5_000 }).toMatch(/^Time on this question: 0:0[1-9]$/);
    await shot(page, 'practice-question');

    // Help during practice.
    await page.getByText('Need help? Ask a question!').click();
    await page.getByLabel('Your question about this problem').fill('How should I start this problem?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByRole('group', { name: 'Was this answer helpful?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, this helped' }).click();
    await page.getByText('Thanks for telling us.').waitFor();
    await shot(page, 'practice-help');
    await page.getByText('Need help? Ask a question!').click();

    await finishSession(page);
    const [session] = await h.sql<{ id: number; submitted_at: Date | null }>('select id, submitted_at from practice_sessions where user_id = ?', [user!.id]);
    expect(session!.submitted_at).not.toBeNull();
    const responses = await h.sql<{ time_spent_ms: number }>('select time_spent_ms from responses where session_id = ?', [session!.id]);
    expect(responses).toHaveLength(3);
    expect(responses.every((r) => r.time_spent_ms > 0)).toBe(true);

    // Rate the session feedback with the keyboard: focus the first star, then arrow right to 4.
    await page.getByText('Feedback from your tutor').waitFor();
    await page.getByRole('radio', { name: /^1 star/ }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Saved: 1 of 5 stars').waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.getByText('Saved: 4 of 5 stars').waitFor();
    await expect.poll(async () => (await h.sql<{ rating: number }>('select rating from feedback_ratings where user_id = ?', [user!.id])).map((r) => r.rating)).toEqual([4]);

    // Help after practice, on the first result.
    const firstResult = page.locator('.result-card').first();
    await firstResult.getByText('Need help? Ask a question!').click();
    await firstResult.getByLabel('Your question about this problem').fill('Why is that the right answer?');
    await firstResult.getByRole('button', { name: 'Ask', exact: true }).click();
    await firstResult.getByRole('button', { name: 'No, this did not help' }).click();
    await firstResult.getByText('Thanks for telling us.').waitFor();
    const help = await h.sql<{ input_mode: string; helpful: boolean | null; session_id: number }>('select input_mode, helpful, session_id from help_requests where user_id = ? order by id', [user!.id]);
    expect(help).toHaveLength(2);
    expect(help.map((x) => [x.input_mode, x.helpful])).toEqual([['text', true], ['text', false]]);

    // A note on the first question, asking the tutor.
    await firstResult.getByLabel('Add a note').fill('Remember to isolate the variable first.');
    await firstResult.getByRole('checkbox', { name: 'Ask the tutor to reply to this note' }).check();
    await firstResult.getByRole('button', { name: 'Save note' }).click();
    await firstResult.locator('.note-text', { hasText: 'Remember to isolate the variable first.' }).waitFor();
    await firstResult.locator('.note-reply').waitFor();
    await shot(page, 'practice-results');
    const notes = await h.sql<{ ask_tutor: boolean; ai_response: string | null; session_id: number }>('select ask_tutor, ai_response, session_id from user_notes where user_id = ?', [user!.id]);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.ask_tutor).toBe(true);
    expect(notes[0]!.ai_response).toBeTruthy();
    expect(notes[0]!.session_id).toBe(session!.id);

    // Home now shows the session and progress.
    await navTo(page, 'Home');
    await page.locator('.session-row').first().waitFor();
    await page.locator('.chart-row summary', { hasText: 'Algebra' }).click();
    await shot(page, 'home-with-progress');

    // Study plan: mark the first task completed; the engine explains what changed.
    await navTo(page, 'Study plan');
    await page.getByRole('heading', { name: 'Your study plan' }).waitFor();
    await page.getByRole('button', { name: 'Mark as completed' }).first().waitFor();
    await shot(page, 'study-plan');
    await page.getByRole('button', { name: 'Mark as completed' }).first().click();
    await page.getByRole('heading', { name: 'How your plan changed' }).waitFor();
    await page.getByRole('button', { name: 'Skip' }).first().click();
    await page.getByLabel('Why are you skipping it? (optional)').fill('I already know this skill well.');
    await page.getByRole('button', { name: 'Skip this task' }).click();
    await expect.poll(() => count('study_plan_actions', 'user_id = ?', [user!.id])).toBe(2);
    await page.getByRole('heading', { name: 'How your plan changed' }).waitFor();
    await shot(page, 'study-plan-adjusted');
    const actions = await h.sql<{ action: string; reason: string | null }>('select action, reason from study_plan_actions where user_id = ? order by id', [user!.id]);
    expect(actions).toEqual([{ action: 'completed', reason: null }, { action: 'skipped', reason: 'I already know this skill well.' }]);

    // "Practise this" starts a session on the task's skill and count.
    const pendingTask = page.locator('.task-pending').first();
    const taskSkill = await pendingTask.locator('.task-skill').textContent();
    const taskCount = Number((await pendingTask.locator('.task-goal').textContent())!.match(/^(\d+) question/)![1]);
    await pendingTask.getByRole('link', { name: 'Practise this' }).click();
    await page.getByText(`Question 1 of ${taskCount}`, { exact: true }).waitFor();
    await expect(page.locator('.question-head .tag').first().textContent()).resolves.toBe(taskSkill);

    // Review: the session with its notes.
    await navTo(page, 'Review');
    await page.getByRole('heading', { name: 'Review past sessions' }).waitFor();
    await shot(page, 'review-list');
    await page.locator('.session-row').first().click();
    await page.getByRole('heading', { name: /^Session of/ }).waitFor();
    await page.getByText('Remember to isolate the variable first.').waitFor();
    await shot(page, 'review-session');

    // Community: post a question, answer it, see the AI draft.
    await navTo(page, 'Community');
    await page.getByRole('button', { name: 'Ask a question' }).click();
    await page.getByLabel('Title').fill('How do I spot a system with no solution?');
    await page.getByLabel('Your question').fill('When two lines are parallel there is no solution, but how do I see that from the equations quickly?');
    await page.getByLabel('Skill (optional)').selectOption('systems-of-linear-equations');
    await shot(page, 'community-ask');
    await page.getByRole('button', { name: 'Post question' }).click();
    await page.getByRole('heading', { name: 'How do I spot a system with no solution?' }).waitFor();
    await page.getByText('AI tutor draft').waitFor();
    await page.getByLabel('Your answer').fill('Compare the slopes: equal slopes with different intercepts means parallel lines.');
    await page.getByRole('button', { name: 'Post answer' }).click();
    await page.getByText('Compare the slopes').waitFor();
    await page.getByRole('button', { name: 'Vote up: this answer is useful' }).first().click();
    await expect.poll(() => count('community_votes')).toBe(1);
    await page.getByRole('button', { name: 'Accept this answer' }).first().click();
    await page.getByText('Accepted answer').waitFor();
    await shot(page, 'community-question');
    await page.getByRole('link', { name: '← All questions' }).click();
    await page.getByLabel('Search questions').fill('parallel');
    await page.locator('.thread', { hasText: 'no solution' }).filter({ hasText: '2 answers' }).getByText('Answered').waitFor();
    await shot(page, 'community-list');

    // Settings.
    await navTo(page, 'Settings');
    await page.getByRole('heading', { name: 'Training data' }).waitFor();
    await shot(page, 'settings');

    expect(errors).toEqual([]);

    // The admin dashboard counts the new rows.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    const admin = await h.createAdmin();
    await signIn(page, admin.email, admin.password);
    await navTo(page, 'Data');
    await page.getByRole('heading', { name: 'Collected rows vs spec targets' }).waitFor();
    const cell = (table: string) => page.locator(`td[data-table="${table}"]`).textContent();
    await expect(cell('feedback_ratings')).resolves.toBe(String(await count('feedback_ratings')));
    await expect(cell('help_requests')).resolves.toBe(String(await count('help_requests')));
    await expect(cell('study_plan_actions')).resolves.toBe(String(await count('study_plan_actions')));
    await expect(cell('user_notes')).resolves.toBe(String(await count('user_notes')));
    expect(await count('feedback_ratings')).toBeGreaterThanOrEqual(1);
    await shot(page, 'admin-data');

    // Start an export of real interactions and download the training file from the admin screen.
    await page.locator('.export-form select').nth(2).selectOption('real');
    await page.getByRole('button', { name: 'Start export' }).click();
    const runs = page.getByRole('table', { name: 'Export runs' });
    await runs.getByText('succeeded').waitFor();
    const downloadLines = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), runs.getByRole('link', { name, exact: true }).first().click()]);
      return readFileSync(await download.path(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { input: string; output: string });
    };
    // Examples are split by user (the pseudonym decides), so this student's rows may sit in either file.
    const train = await downloadLines('real_sat_data.jsonl');
    const validation = await downloadLines('real_sat_data.validation.jsonl');
    const [run] = await h.sql<{ counts: { by_split: { train: number; validation: number } } }>("select counts from export_runs where status = 'succeeded' order by id desc limit 1");
    expect([train.length, validation.length]).toEqual([run!.counts.by_split.train, run!.counts.by_split.validation]);
    expect(train.length + validation.length).toBeGreaterThan(0);
    expect(Object.keys([...train, ...validation][0]!).sort()).toEqual(['input', 'output']);
    await shot(page, 'admin-exports');
    await context.close();
  });

  it('lets a parent link a student and read their progress', async () => {
    const { context: parentCtx, page: parent } = await h.newPage();
    await signUp(parent, { name: 'Pat', role: 'Parent', consent: false });
    await parent.getByRole('heading', { name: 'Your students' }).waitFor();
    await navTo(parent, 'Settings');
    await parent.getByRole('button', { name: 'Create an invite code' }).click();
    const code = (await parent.locator('.code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    await shot(parent, 'settings-parent');

    const { context: studentCtx, page: student } = await h.newPage({ width: 360, height: 780 });
    await signUp(student, { name: 'Kim' });
    await shot(student, 'mobile-home');
    await startPractice(student, { count: 2 });
    await shot(student, 'mobile-practice-question');
    await finishSession(student);
    await shot(student, 'mobile-results');
    await student.getByRole('button', { name: 'Menu' }).click();
    await shot(student, 'mobile-menu', false);
    await navTo(student, 'Settings');
    await student.getByLabel('Invite code').fill(code.toLowerCase());
    await student.getByRole('button', { name: 'Link account' }).click();
    await student.getByText('Linked with Pat.').waitFor();
    await shot(student, 'mobile-settings');

    await navTo(parent, 'Students');
    await parent.getByRole('heading', { name: 'Your students' }).waitFor();
    await shot(parent, 'guardian-students');
    await parent.getByRole('link', { name: /Kim/ }).click();
    await parent.getByRole('heading', { name: 'Kim’s progress' }).waitFor();
    await parent.locator('.session-row').first().waitFor();
    await shot(parent, 'guardian-student-progress');
    await Promise.all([parentCtx.close(), studentCtx.close()]);
  });

  it('fills the help box from speech (sent as inputMode speech) and explains when speech is unavailable', async () => {
    const { context, page } = await h.newPage();
    // A stand-in for the browser's speech service, which headless Chromium cannot reach.
    await page.addInitScript(() => {
      class FakeRecognition {
        onresult: ((e: unknown) => void) | null = null;
        onend: (() => void) | null = null;
        onerror: ((e: unknown) => void) | null = null;
        start() {
          setTimeout(() => {
            this.onresult?.({ resultIndex: 0, results: [{ isFinal: true, 0: { transcript: 'why is the slope two' } }] });
            this.onend?.();
          }, 50);
        }
        stop() {
          this.onend?.();
        }
        abort() {}
      }
      Object.assign(window, { SpeechRecognition: FakeRecognition, webkitSpeechRecognition: FakeRecognition });
    });
    const student = await signUp(page, { name: 'Vic' });
    const [user] = await h.sql<{ id: number }>('select id from users where email = ?', [student.email]);
    await startPractice(page, { count: 1 });
    await page.getByText('Need help? Ask a question!').click();
    await page.getByRole('button', { name: 'Speak' }).click();
    const box = page.getByLabel('Your question about this problem');
    await expect.poll(() => box.inputValue()).toBe('why is the slope two');
    await box.fill('why is the slope two here?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByText('spoken').waitFor();
    const help = await h.sql<{ input_mode: string; user_query: string }>('select input_mode, user_query from help_requests where user_id = ?', [user!.id]);
    expect(help).toEqual([{ input_mode: 'speech', user_query: 'why is the slope two here?' }]);
    await context.close();

    const plain = await h.newPage();
    await plain.page.addInitScript(() => {
      Object.assign(window, { SpeechRecognition: undefined, webkitSpeechRecognition: undefined });
    });
    await signIn(plain.page, student.email, student.password);
    await plain.page.getByRole('heading', { name: 'Hi, Vic' }).waitFor();
    await startPractice(plain.page, { count: 1 });
    await plain.page.getByText('Need help? Ask a question!').click();
    await plain.page.getByText('Voice input is not available in this browser. You can type your question instead.').waitFor();
    await shot(plain.page, 'practice-help-no-speech', false);
    await plain.context.close();
  });
});
