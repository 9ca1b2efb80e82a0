import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { openDb } from '@satprep/domain/db';
import { createRatingWriter, recordFeedbackRating } from '../src/services/collection.ts';
import { answerKey, createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

async function finishedSession(u: Awaited<ReturnType<TestApp['user']>>, count = 4, domain: 'Algebra' | 'Boundaries' = 'Algebra') {
  const { sessionId, questions } = await u.api.practice.start(domain === 'Algebra' ? { domain, count } : { skill: 'boundaries', count });
  const result = await u.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
  return { sessionId, questions, result };
}

const count = async (table: string, userId: number) =>
  (await t.app.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${table} where user_id = ?`, [userId]))[0]!.n;

describe('feedback rating', () => {
  it('keeps one rating per feedback: rating again updates it and moves updated_at', async () => {
    const s = await t.user();
    const { result } = await finishedSession(s);
    const first = await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 2 });
    await new Promise((r) => setTimeout(r, 20));
    const second = await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 5 });
    expect(second.ratingId).toBe(first.ratingId);
    expect(second.rating).toBe(5);
    expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    expect(await count('feedback_ratings', s.id)).toBe(1);
    const sessionId = (await s.api.practice.history())[0]!.sessionId;
    expect((await s.api.practice.review({ sessionId })).feedback.rating).toBe(5);
  });

  it('stores exactly the comment given with a rating: null drops an earlier one, absent keeps it', async () => {
    const s = await t.user();
    const { result } = await finishedSession(s, 1);
    const feedbackId = result.feedback.feedbackId;
    const stored = async () => (await t.app.orm.em.fork().execute<{ rating: number; comment: string | null }[]>('select rating, comment from feedback_ratings where user_id = ?', [s.id]));
    expect(await s.api.practice.rateFeedback({ feedbackId, rating: 2, comment: 'too vague' })).toMatchObject({ rating: 2, comment: 'too vague' });
    // Older clients send no comment with a new star choice: the stored comment stays.
    expect(await s.api.practice.rateFeedback({ feedbackId, rating: 3 })).toMatchObject({ rating: 3, comment: 'too vague' });
    expect(await s.api.practice.rateFeedback({ feedbackId, rating: 5, comment: null, clientEventId: 'drop-comment-0001' })).toMatchObject({ rating: 5, comment: null });
    expect(await stored()).toEqual([{ rating: 5, comment: null }]);
    // A replay of that event answers as the first time and writes nothing.
    await s.api.practice.rateFeedback({ feedbackId, rating: 4, comment: 'clear now' });
    expect(await s.api.practice.rateFeedback({ feedbackId, rating: 5, comment: null, clientEventId: 'drop-comment-0001' })).toMatchObject({ rating: 4, comment: 'clear now' });
    expect(await stored()).toEqual([{ rating: 4, comment: 'clear now' }]);
    // In one group-commit batch, each user's rating keeps or drops its own comment.
    const other = await t.user();
    const theirs = (await finishedSession(other, 1)).result.feedback.feedbackId;
    await other.api.practice.rateFeedback({ feedbackId: theirs, rating: 1, comment: 'kept' });
    const [mine, kept] = await Promise.all([
      recordFeedbackRating(t.app.ratings, s.id, { feedbackId, rating: 2, comment: null }),
      recordFeedbackRating(t.app.ratings, other.id, { feedbackId: theirs, rating: 2 }),
    ]);
    expect([mine.comment, kept.comment]).toEqual([null, 'kept']);
  });

  it('writes concurrent ratings together (group commit) and gives each caller its own outcome', async () => {
    const [x, a, b, c] = [await t.user(), await t.user(), await t.user(), await t.user()];
    const fb = async (u: typeof x) => (await finishedSession(u)).result.feedback.feedbackId;
    const [fx, fa, fb2] = [await fb(x), await fb(a), await fb(b)];
    const earlier = await a.api.practice.rateFeedback({ feedbackId: fa, rating: 2, clientEventId: 'batch-replay-0001' });
    // Submitted in one tick: the first goes at once, the rest wait for it and go as one batch,
    // except b's second rating of the same feedback, which goes in the batch after.
    const ratings = t.app.ratings;
    const settle = <T>(p: Promise<T>) => p.then((r) => r, (e: unknown) => e);
    const [rx, replayed, fresh, foreign, again] = await Promise.all([
      settle(recordFeedbackRating(ratings, x.id, { feedbackId: fx, rating: 1 })),
      settle(recordFeedbackRating(ratings, a.id, { feedbackId: fa, rating: 5, clientEventId: 'batch-replay-0001' })),
      settle(recordFeedbackRating(ratings, b.id, { feedbackId: fb2, rating: 4, clientEventId: 'batch-new-000001' })),
      settle(recordFeedbackRating(ratings, c.id, { feedbackId: fb2, rating: 3 })),
      settle(recordFeedbackRating(ratings, b.id, { feedbackId: fb2, rating: 2, comment: 'changed my mind' })),
    ]);
    expect(rx).toMatchObject({ feedbackId: fx, rating: 1 });
    expect(replayed).toMatchObject({ ratingId: earlier.ratingId, rating: 2 });
    expect(fresh).toMatchObject({ feedbackId: fb2, rating: 4 });
    expect(foreign).toMatchObject({ code: 'NOT_FOUND', message: 'Feedback was not found' });
    expect(again).toMatchObject({ ratingId: (fresh as { ratingId: number }).ratingId, rating: 2, comment: 'changed my mind' });
    const rows = await t.app.orm.em.fork().execute<{ user_id: number; rating: number }[]>('select user_id, rating from feedback_ratings where user_id in (?, ?, ?, ?) order by user_id', [x.id, a.id, b.id, c.id]);
    expect(rows).toEqual([{ user_id: x.id, rating: 1 }, { user_id: a.id, rating: 2 }, { user_id: b.id, rating: 2 }]);
    const ledger = await t.app.orm.em.fork().execute<{ client_event_id: string; target_id: number }[]>('select client_event_id, target_id from client_events where user_id in (?, ?) order by id', [a.id, b.id]);
    expect(ledger).toEqual([{ client_event_id: 'batch-replay-0001', target_id: earlier.ratingId }, { client_event_id: 'batch-new-000001', target_id: (fresh as { ratingId: number }).ratingId }]);
  });

  it('rejects ratings outside 1–5, fractional ratings and unknown or foreign feedback', async () => {
    const s = await t.user();
    const other = await t.user();
    const { result } = await finishedSession(s);
    for (const rating of [0, 6, -1, 3.5]) {
      await expect(s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(s.api.practice.rateFeedback({ feedbackId: 99_999_999, rating: 3 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 3 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Feedback was not found' });
    expect(await count('feedback_ratings', s.id)).toBe(0);
    expect(await count('feedback_ratings', other.id)).toBe(0);
  });
});

describe('idempotency with clientEventId', () => {
  it('returns the first result on a retry and writes no second row', async () => {
    const s = await t.user();
    const { sessionId, questions } = await finishedSession(s);
    const input = { questionId: questions[0]!.id, sessionId, query: 'How do I start?', inputMode: 'text' as const, clientEventId: 'help-retry-0001' };
    const a = await s.api.practice.help(input);
    const b = await s.api.practice.help(input);
    expect(b).toEqual(a);
    expect(await count('help_requests', s.id)).toBe(1);
  });

  it('writes exactly one row under concurrent duplicates, for every feature', async () => {
    const s = await t.user();
    const { sessionId, questions, result } = await finishedSession(s);
    const plan = await s.api.studyPlan.get();
    const api = () => t.as(s.token);
    const many = <T>(n: number, f: () => Promise<T>) => Promise.all(Array.from({ length: n }, f));

    const helps = await many(6, async () => (await api()).practice.help({ questionId: questions[1]!.id, query: 'explain please', inputMode: 'text', clientEventId: 'conc-help-000001' }));
    const notes = await many(6, async () => (await api()).notes.add({ text: 'a note', askTutor: true, clientEventId: 'conc-note-000001' }));
    const acts = await many(6, async () => (await api()).studyPlan.act({ planId: plan.planId, taskIndex: 1, action: 'completed', clientEventId: 'conc-act-0000001' }));
    const rates = await many(6, async () => (await api()).practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 3, clientEventId: 'conc-rate-000001' }));

    expect(new Set(helps.map((h) => h.helpRequestId)).size).toBe(1);
    expect(new Set(notes.map((n) => n.noteId)).size).toBe(1);
    expect(new Set(acts.map((a) => a.actionId)).size).toBe(1);
    expect(new Set(rates.map((r) => r.ratingId)).size).toBe(1);
    expect(await count('help_requests', s.id)).toBe(1);
    expect(await count('user_notes', s.id)).toBe(1);
    expect(await count('study_plan_actions', s.id)).toBe(1);
    expect(await count('feedback_ratings', s.id)).toBe(1);
    expect(sessionId).toBeGreaterThan(0);
  });

  it('replays a rating whose duplicate ran at the same moment on another instance (the ledger\'s unique index decides)', async ({ skip }) => {
    if (t.driver !== 'postgresql') skip('needs two database connections at once');
    const s = await t.user();
    const { result } = await finishedSession(s);
    const feedbackId = result.feedback.feedbackId;
    const first = await s.api.practice.rateFeedback({ feedbackId, rating: 1 });
    // A second API instance on the same database, with its own group commit.
    const other = await openDb({ databaseUrl: t.app.config.databaseUrl });
    try {
      // Hold the rating's row lock so both duplicates start (and miss each other in the ledger)
      // before either can write; the one that commits second must fail on the ledger and replay.
      const lockEm = t.app.orm.em.fork();
      await lockEm.begin();
      await lockEm.execute('select id from feedback_ratings where id = ? for update', [first.ratingId]);
      const input = { feedbackId, rating: 4, clientEventId: 'race-rate-000001' };
      const pending = [recordFeedbackRating(t.app.ratings, s.id, input), recordFeedbackRating(createRatingWriter(other), s.id, input)];
      await new Promise((r) => setTimeout(r, 300));
      await lockEm.commit();
      const [a, b] = await Promise.all(pending);
      expect(a).toEqual(b);
      expect(a!.rating).toBe(4);
    } finally {
      await other.close(true);
    }
    const ledger = await t.app.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from client_events where user_id = ? and client_event_id = 'race-rate-000001'`, [s.id]);
    expect(ledger[0]!.n).toBe(1);
    expect(await count('feedback_ratings', s.id)).toBe(1);
  });

  it('refuses a reused clientEventId in a rating batch without failing the other ratings of the batch', async () => {
    const [x, a, b] = [await t.user(), await t.user(), await t.user()];
    const [fx, fa, fb] = [(await finishedSession(x, 1)).result.feedback.feedbackId, (await finishedSession(a, 1)).result.feedback.feedbackId, (await finishedSession(b, 1)).result.feedback.feedbackId];
    await a.api.notes.add({ text: 'a note first', askTutor: false, clientEventId: 'batch-reused-0001' });
    const settle = <T>(p: Promise<T>) => p.then((r) => r, (e: unknown) => e);
    // x's rating goes at once; a's and b's wait for it and go together, as one statement.
    const [, reused, mine] = await Promise.all([
      settle(recordFeedbackRating(t.app.ratings, x.id, { feedbackId: fx, rating: 1 })),
      settle(recordFeedbackRating(t.app.ratings, a.id, { feedbackId: fa, rating: 2, clientEventId: 'batch-reused-0001' })),
      settle(recordFeedbackRating(t.app.ratings, b.id, { feedbackId: fb, rating: 5 })),
    ]);
    expect(reused).toMatchObject({ code: 'CONFLICT' });
    // b's rating was written by that statement: b is told so, not given a's error.
    expect(mine).toMatchObject({ feedbackId: fb, rating: 5 });
    expect(await count('feedback_ratings', b.id)).toBe(1);
    expect(await count('feedback_ratings', a.id)).toBe(0);
  });

  it('asks the tutor once for a help request sent again while the first is still being answered', async () => {
    const tutor = t.app.tutor;
    const explain = tutor.explain.bind(tutor);
    // A tutor that takes a moment to answer, as a remote model does.
    const spy = vi.spyOn(tutor, 'explain').mockImplementation(async (...args) => {
      await new Promise((r) => setTimeout(r, 150));
      return explain(...args);
    });
    try {
      const s = await t.user();
      const { questions } = await s.api.practice.start({ domain: 'Algebra', count: 1 });
      const input = { questionId: questions[0]!.id, query: 'How do I start?', inputMode: 'text' as const, clientEventId: 'help-inflight-001' };
      const answers = await Promise.all([s.api.practice.help(input), s.api.practice.help(input), s.api.practice.help(input)]);
      expect(new Set(answers.map((h) => h.helpRequestId)).size).toBe(1);
      // The duplicates waited for the first answer instead of spending the student's tutor budget again.
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('looks ratings up in the ledger by its index, not by reading the whole ledger', async ({ skip }) => {
    if (t.driver !== 'postgresql') skip('reads PostgreSQL\'s table statistics');
    const s = await t.user();
    const { result } = await finishedSession(s, 1);
    // A ledger big enough that the planner would rather use its index than read it all.
    const em = t.app.orm.em.fork();
    await em.execute(`insert into client_events (user_id, client_event_id, kind, target_id, created_at) select ?, 'filler-' || g, 'note', 1, now() from generate_series(1, 20000) g`, [s.id]);
    await em.execute('analyze client_events');
    // Statistics reach other connections once a connection has been idle for a second.
    const seqScans = async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const c = new pg.Client({ connectionString: t.app.config.databaseUrl });
      await c.connect();
      try {
        return Number((await c.query("select seq_scan from pg_stat_user_tables where relname = 'client_events'")).rows[0].seq_scan);
      } finally {
        await c.end();
      }
    };
    const before = await seqScans();
    for (let i = 0; i < 5; i++) await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 1 + i, clientEventId: `indexed-rate-${i}` });
    expect(await seqScans()).toBe(before);
  });

  it('refuses a clientEventId reused for a different action', async () => {
    const s = await t.user();
    await s.api.notes.add({ text: 'first', askTutor: false, clientEventId: 'reused-id-00001' });
    const { questions } = await finishedSession(s);
    await expect(s.api.practice.help({ questionId: questions[0]!.id, query: 'q', inputMode: 'text', clientEventId: 'reused-id-00001' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('help requests', () => {
  it('answers with the question content, records the input mode and takes a thumbs rating', async () => {
    const s = await t.user();
    const { questions } = await finishedSession(s);
    const h = await s.api.practice.help({ questionId: questions[0]!.id, query: 'Can you explain the answer?', inputMode: 'text' });
    // help-explain/v3 states the key in several wordings.
    expect(h.answer).toMatch(/correct answer|right choice is|works instead is|the key is|answer is/);
    await s.api.practice.rateHelp({ helpRequestId: h.helpRequestId, helpful: false });
    const [row] = await t.app.orm.em.fork().execute<{ helpful: boolean; rated_at: Date | null }[]>('select helpful, rated_at from help_requests where id = ?', [h.helpRequestId]);
    expect(row!.helpful).toBe(false);
    expect(new Date(row!.rated_at!).getTime()).toBeGreaterThan(0);
    const other = await t.user();
    await expect(other.api.practice.rateHelp({ helpRequestId: h.helpRequestId, helpful: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives hints, not the answer, on a question of a session the student has not submitted yet', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 3 });
    const key = await answerKey(t, questions.map((q) => q.id));
    const q = questions[0]!;
    const revealsKey = (text: string) => /correct answer/i.test(text) || text.includes(`is ${key.get(q.id)!.answer} `);
    const during = await s.api.practice.help({ questionId: q.id, sessionId, query: 'What is the answer?', inputMode: 'text' });
    const duringNoSession = await s.api.practice.help({ questionId: q.id, query: 'Which choice is right?', inputMode: 'text' });
    for (const h of [during, duringNoSession]) {
      expect(h.answer).toMatch(/(?:until|once|after|before) you submit|while (?:this|the) session is open/i);
      expect(revealsKey(h.answer)).toBe(false);
    }
    const [row] = await t.app.orm.em.fork().execute<{ prompt_version: string }[]>('select prompt_version from help_requests where id = ?', [during.helpRequestId]);
    expect(row!.prompt_version).toBe('help-hint/v5');

    await s.api.practice.submit({ sessionId, answers: questions.map((x) => ({ questionId: x.id, answer: key.get(x.id)!.wrong, timeSpentMs: 1000 })) });
    const after = await s.api.practice.help({ questionId: q.id, sessionId, query: 'What is the answer?', inputMode: 'text' });
    // Once the session is submitted the answer names the key with its text (in one of the tutor's wordings).
    const keyChoice = questions[0]!.choices.find((c) => c.label === key.get(q.id)!.answer);
    expect(after.answer).toContain(keyChoice ? `${keyChoice.label}, “${keyChoice.text}”` : key.get(q.id)!.answer);
  });

  it('rejects empty, whitespace, oversized and control-character queries, unknown questions and foreign sessions', async () => {
    const s = await t.user();
    const other = await t.user();
    const { sessionId, questions } = await finishedSession(s);
    const q = questions[0]!.id;
    for (const query of ['', '   \n ', 'x'.repeat(2001), 'bad \u0007 bell']) {
      await expect(s.api.practice.help({ questionId: q, query, inputMode: 'text' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(s.api.practice.help({ questionId: q, query: 'x'.repeat(2000), inputMode: 'text' })).resolves.toBeTruthy();
    await expect(s.api.practice.help({ questionId: 'NO-SUCH-QUESTION', query: 'why', inputMode: 'text' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.api.practice.help({ questionId: q, sessionId, query: 'why', inputMode: 'text' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.api.practice.help({ questionId: q, query: 'why', inputMode: 'video' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await count('help_requests', other.id)).toBe(0);
  });
});

describe('study plan feedback loop', () => {
  it('adapts: low accuracy adds reinforcement, a second skip swaps the skill', async () => {
    const s = await t.user();
    const plan = await s.api.studyPlan.get();
    const skill = plan.tasks[0]!.skill;
    // Practise the task's skill badly, then mark it completed.
    const { sessionId, questions } = await s.api.practice.start({ skill: skill as never, count: 5 });
    const keys = await answerKey(t, questions.map((q) => q.id));
    await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: keys.get(q.id)!.wrong, timeSpentMs: 1000 })) });
    const done = await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'completed' });
    expect(done.performanceUpdate).toMatchObject({ skill, correct: 0, total: 5 });
    expect(done.adjustment.changes).toEqual([expect.objectContaining({ kind: 'added', after: expect.objectContaining({ skill, day: plan.tasks[0]!.day + 1, count: 5 }) })]);
    expect(done.adjustment.changes[0]!.after!.goal).toContain('Reinforce');
    expect(done.adjustment.explanation).toContain(`day ${plan.tasks[0]!.day + 1}`);
    expect(done.adjustment.explanation).toMatch(/\b5 questions\b|\b5 [a-z ,-]+ questions/);

    const second = plan.tasks[1]!;
    await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 1, action: 'skipped' });
    const current = await s.api.studyPlan.get();
    const rescheduledIndex = current.tasks.findIndex((task, i) => i > 1 && task.skill === second.skill && task.status === 'pending');
    const swap = await s.api.studyPlan.act({ planId: plan.planId, taskIndex: rescheduledIndex, action: 'skipped' });
    const swapped = swap.adjustment.changes.filter((c) => c.kind === 'swapped' || c.kind === 'added');
    expect(swapped.length).toBeGreaterThan(0);
    expect(swapped.every((c) => c.after!.skill !== second.skill)).toBe(true);
    expect(swap.plan.tasks.filter((task) => task.skill === second.skill && task.status === 'pending')).toEqual([]);

    await expect(s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'completed' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(s.api.studyPlan.act({ planId: plan.planId, taskIndex: 400, action: 'completed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = await t.user();
    await expect(other.api.studyPlan.act({ planId: plan.planId, taskIndex: 2, action: 'completed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('applies actions on two tasks made at the same moment one after the other, losing neither', async () => {
    const s = await t.user();
    await finishedSession(s, 6);
    const plan = await s.api.studyPlan.get();
    const [a, b] = await Promise.all([
      s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped' }),
      s.api.studyPlan.act({ planId: plan.planId, taskIndex: 1, action: 'completed' }),
    ]);
    expect(a.actionId).not.toBe(b.actionId);
    const after = await s.api.studyPlan.get();
    expect(after.tasks[0]!.status).toBe('skipped');
    expect(after.tasks[1]!.status).toBe('completed');
    const [row] = await t.app.orm.em.fork().execute<{ version: number }[]>('select version from study_plans where id = ?', [plan.planId]);
    expect(row!.version).toBe(plan.version + 2);
    expect(await count('study_plan_actions', s.id)).toBe(2);
  });
});

describe('notes and community', () => {
  it('adds, lists, updates and deletes only the caller\'s own notes', async () => {
    const s = await t.user();
    const other = await t.user();
    const n = await s.api.notes.add({ text: 'Remember: flip the sign when dividing by a negative', askTutor: true });
    expect(n.aiResponse).toContain('inequalit');
    expect((await s.api.notes.list({})).map((x) => x.noteId)).toEqual([n.noteId]);
    expect(await other.api.notes.list({})).toEqual([]);
    await expect(other.api.notes.update({ noteId: n.noteId, text: 'hacked' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.api.notes.delete({ noteId: n.noteId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const updated = await s.api.notes.update({ noteId: n.noteId, text: 'Rewritten note' });
    expect(updated).toMatchObject({ text: 'Rewritten note', aiResponse: null });
    await expect(s.api.notes.add({ text: 'y'.repeat(5001), askTutor: false })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await s.api.notes.delete({ noteId: n.noteId });
    expect(await s.api.notes.list({})).toEqual([]);
  });

  it('posts a question with an AI draft, takes peer answers, votes and one accepted answer', async () => {
    const asker = await t.user({ name: 'Asker' });
    const peer = await t.user({ name: 'Peer' });
    const tutor = await t.user({ role: 'tutor', name: 'Tutor T' });
    const q = await asker.api.community.postQuestion({ title: 'Semicolon or comma?', body: 'When do I use a semicolon between clauses?' });
    expect(q.answers).toHaveLength(1);
    expect(q.answers[0]).toMatchObject({ isAi: true, author: 'AI tutor', modelId: 'satprep-offline-tutor-1' });
    expect(q.answers[0]!.body).toContain('independent clauses');

    const { answerId } = await peer.api.community.answer({ questionId: q.id, body: 'Use a semicolon only when both sides could stand alone as sentences.' });
    await expect(peer.api.community.vote({ answerId, value: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await asker.api.community.vote({ answerId, value: 1 })).score).toBe(1);
    expect((await tutor.api.community.vote({ answerId, value: 1 })).score).toBe(2);
    expect((await tutor.api.community.vote({ answerId, value: -1 })).score).toBe(0);
    await expect(peer.api.community.accept({ answerId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await asker.api.community.accept({ answerId });
    await tutor.api.community.accept({ answerId: q.answers[0]!.id });
    const after = await asker.api.community.get({ questionId: q.id });
    expect(after.answers.filter((a) => a.accepted).map((a) => a.id)).toEqual([q.answers[0]!.id]);

    const listed = await peer.api.community.list({ search: 'semicolon', limit: 10 });
    expect(listed.map((x) => x.id)).toContain(q.id);
    expect(await peer.api.community.list({ search: 'zzz-no-match', limit: 10 })).toEqual([]);
    await expect(peer.api.community.get({ questionId: 99_999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('consent, my data and account deletion', () => {
  it('records each consent change with its time', async () => {
    const s = await t.user({ consent: false });
    const on = await s.api.me.setConsent({ trainingConsent: true });
    expect(on.trainingConsent).toBe(true);
    await s.api.me.setConsent({ trainingConsent: false });
    const rows = await t.app.orm.em.fork().execute<{ consent: boolean; source: string; changed_at: Date }[]>('select consent, source, changed_at from consent_changes where user_id = ? order by id', [s.id]);
    expect(rows.map((r) => [r.consent, r.source])).toEqual([[false, 'sign-up'], [true, 'settings'], [false, 'settings']]);
    expect(rows.every((r) => new Date(r.changed_at).getTime() > 0)).toBe(true);
  });

  it('exports all of the caller\'s data and deletes every row of the account', async () => {
    const s = await t.user();
    const { sessionId, questions, result } = await finishedSession(s);
    await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 5 });
    await s.api.practice.help({ questionId: questions[0]!.id, sessionId, query: 'why', inputMode: 'text' });
    await s.api.notes.add({ text: 'my private note', askTutor: true });
    const plan = await s.api.studyPlan.get();
    await s.api.studyPlan.act({ planId: plan.planId, taskIndex: 0, action: 'skipped' });
    const cq = await s.api.community.postQuestion({ title: 'My question', body: 'About percentages' });

    const mine = await s.api.me.exportMyData();
    expect(mine.user.id).toBe(s.id);
    expect(mine.data.feedback_ratings).toHaveLength(1);
    expect(mine.data.help_requests).toHaveLength(1);
    expect(mine.data.user_notes).toHaveLength(1);
    expect(mine.data.study_plan_actions).toHaveLength(1);
    expect(mine.data.community_questions).toHaveLength(1);

    const bystander = await t.user();
    await bystander.api.community.answer({ questionId: cq.id, body: 'A reply that goes with the thread' });

    const res = await s.api.me.deleteAccount();
    expect(res.rowsRemoved.feedback_ratings).toBe(1);
    const em = t.app.orm.em.fork();
    for (const table of ['users', 'feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'practice_sessions', 'responses', 'auth_sessions', 'client_events']) {
      const col = table === 'users' ? 'id' : 'user_id';
      expect((await em.execute<{ n: number }[]>(`select count(*)::int as n from ${table} where ${col} = ?`, [s.id]))[0]!.n, table).toBe(0);
    }
    expect((await em.execute<{ n: number }[]>('select count(*)::int as n from community_questions where id = ?', [cq.id]))[0]!.n).toBe(0);
    const text = JSON.stringify(await em.execute('select note_text from user_notes'));
    expect(text).not.toContain('my private note');
    await expect((await t.as(s.token)).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('admin stats', () => {
  it('is admin-only and reports volumes, ratings, consent and the transition stage', async () => {
    const s = await t.user();
    await expect(s.api.data.stats()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { result } = await finishedSession(s);
    await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 2 });
    const admin = await t.admin();
    const stats = await admin.api.data.stats();
    expect(stats.tables.feedback_ratings!.rows).toBeGreaterThanOrEqual(1);
    expect(stats.ratingDistribution[2]).toBeGreaterThanOrEqual(1);
    expect(stats.targets.find((x) => x.table === 'help_requests')!.target).toBe(20_000);
    expect(stats.transition.stage).toBe('synthetic');
    const active: { n: number }[] = await t.app.orm.em.fork().execute(`select count(distinct user_id)::int as n from practice_sessions where started_at > now() - interval '30 days'`);
    expect(stats.users.activeLast30Days).toBe(active[0]!.n);
    expect(stats.users.activeLast30Days).toBeGreaterThanOrEqual(1);
    expect(stats.users.consentedShare).toBeGreaterThan(0);
    expect(stats.weekly.some((w) => w.table === 'feedback_ratings')).toBe(true);
  });
});
