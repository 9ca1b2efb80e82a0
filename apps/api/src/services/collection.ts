import { AppError, notFound, type HelpInput, type RateFeedbackInput, type Tutor } from '@satprep/domain';
import { FeedbackRating, HelpRequest, QuestionRow, Response, UserNote, type QuestionSnapshot } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import type { z } from 'zod';
import type { AddNoteInput } from '@satprep/domain';
import { isDuplicateClientEvent, oncePerClientEvent, replayClientEvent, replayTarget } from './idempotency.ts';
import { rowToQuestion } from './practice.ts';

// ---- 1. Feedback rating -------------------------------------------------------------

async function ratingView(em: Em, id: number) {
  const r = await em.findOneOrFail(FeedbackRating, { id }, { refresh: true });
  return { ratingId: r.id, feedbackId: r.feedback, rating: r.rating, comment: r.comment, updatedAt: r.updatedAt };
}

/**
 * One rating per feedback per user: rating again updates the row (updated_at moves). This is the
 * hottest write path, so it is one statement, one round trip and one commit: it copies the
 * feedback (text, stats, lineage) into the rating and, with a clientEventId, records the event in
 * the idempotency ledger in the same statement (see oncePerClientEvent for the general case). A
 * retry finds the ledger row and replays; a concurrent duplicate hits the ledger's unique index,
 * which rolls its whole statement back, and replays too.
 */
export async function recordFeedbackRating(em: Em, userId: number, input: z.infer<typeof RateFeedbackInput>) {
  const upsert = (guard: string) => `insert into feedback_ratings (user_id, feedback_id, session_id, feedback_text, rating, comment, performance_data, model_id, prompt_version, created_at, updated_at)
       select f.user_id, f.id, f.session_id, f.text, ?, ?, f.performance_data, f.model_id, f.prompt_version, now(), now()
         from session_feedback f where f.id = ? and f.user_id = ?${guard}
       on conflict (user_id, feedback_id) do update set rating = excluded.rating, comment = coalesce(excluded.comment, feedback_ratings.comment), updated_at = now()
       returning id, feedback_id, rating, comment, updated_at`;
  const params = [input.rating, input.comment ?? null, input.feedbackId, userId];
  type Row = { id: number | null; feedback_id: number; rating: number; comment: string | null; updated_at: Date | string; prior_kind?: string | null; prior_target?: number | null };
  const view = (r: Row) => ({ ratingId: r.id!, feedbackId: r.feedback_id, rating: r.rating, comment: r.comment, updatedAt: new Date(r.updated_at) });
  const { clientEventId } = input;
  if (!clientEventId) {
    const rows: Row[] = await em.execute(upsert(''), params);
    if (!rows[0]) throw notFound('Feedback');
    return view(rows[0]);
  }
  let rows: Row[];
  try {
    rows = await em.execute(
      `with prior as (select kind, target_id from client_events where user_id = ? and client_event_id = ?),
            w as (${upsert(' and not exists (select 1 from prior)')}),
            ledger as (insert into client_events (user_id, client_event_id, kind, target_id, created_at) select ?, ?, 'feedback-rating', w.id, now() from w)
       select w.*, null as prior_kind, null::int as prior_target from w
       union all select null, null, null, null, null, kind, target_id from prior`,
      [userId, clientEventId, ...params, userId, clientEventId],
    );
  } catch (err) {
    if (isDuplicateClientEvent(err)) return replayClientEvent(em, userId, clientEventId, 'feedback-rating', ratingView);
    throw err;
  }
  const r = rows[0];
  if (!r) throw notFound('Feedback');
  if (r.id === null) return replayTarget(em, clientEventId, 'feedback-rating', { kind: r.prior_kind!, targetId: r.prior_target ?? null }, ratingView);
  return view(r);
}

// ---- 2. Help requests ---------------------------------------------------------------

async function helpView(em: Em, id: number) {
  const h = await em.findOneOrFail(HelpRequest, { id });
  return { helpRequestId: h.id, answer: h.aiResponse, questionId: h.question, inputMode: h.inputMode, modelId: h.modelId, createdAt: h.createdAt };
}

/** Answers a student's question about an item and logs the pair with a snapshot of the item. */
export async function recordHelpRequest(em: Em, tutor: Tutor, userId: number, input: z.infer<typeof HelpInput>) {
  const row = await em.findOne(QuestionRow, { id: input.questionId });
  if (!row) throw notFound('Question');
  let studentAnswer: string | null = null;
  // While the question is in a session the student has not submitted (started in the last day), the
  // tutor gives hints only: help must not hand out the answers of an open practice session.
  let hintOnly: boolean;
  if (input.sessionId !== undefined) {
    const session: { question_ids: string[]; open: boolean }[] = await em.execute(
      `select question_ids, (submitted_at is null and started_at > now() - interval '1 day') as open from practice_sessions where id = ? and user_id = ?`,
      [input.sessionId, userId],
    );
    if (session.length === 0) throw notFound('Practice session');
    if (!session[0]!.question_ids.includes(input.questionId)) throw new AppError('BAD_REQUEST', 'That question is not part of that practice session.');
    hintOnly = session[0]!.open;
    const response = hintOnly ? null : await em.findOne(Response, { session: input.sessionId, question: input.questionId });
    studentAnswer = response?.answer || null;
  } else {
    const open: unknown[] = await em.execute(
      `select 1 from practice_sessions where user_id = ? and submitted_at is null and started_at > now() - interval '1 day' and question_ids @> jsonb_build_array(?::text) limit 1`,
      [userId, input.questionId],
    );
    hintOnly = open.length > 0;
  }
  const question = rowToQuestion(row);
  // The tutor answers before the transaction opens (see oncePerClientEvent's `prepare`).
  const ask = async () => {
    const started = performance.now();
    const answer = await tutor.explain({ question, studentAnswer, query: input.query, hintOnly });
    return { answer, latencyMs: Math.round(performance.now() - started) };
  };
  const write = async (tx: Em, { answer, latencyMs }: Awaited<ReturnType<typeof ask>>) => {
    const snapshot: QuestionSnapshot = {
      id: question.id, skill: question.skill, passage: question.passage ?? null, stem: question.stem, choices: question.choices,
      correctAnswer: question.answer, studentAnswer,
    };
    const h = tx.create(HelpRequest, {
      user: userId, question: question.id, session: input.sessionId ?? null, userQuery: input.query, inputMode: input.inputMode,
      aiResponse: answer.text, questionSnapshot: snapshot, modelId: answer.modelId, promptVersion: answer.promptVersion, latencyMs,
      helpful: null, ratedAt: null,
    });
    await tx.flush();
    return { targetId: h.id, result: await helpView(tx, h.id) };
  };
  return oncePerClientEvent(em, userId, input.clientEventId, 'help-request', write, helpView, ask);
}

export async function rateHelp(em: Em, userId: number, helpRequestId: number, helpful: boolean) {
  const updated = await em.nativeUpdate(HelpRequest, { id: helpRequestId, user: userId }, { helpful, ratedAt: new Date() });
  if (updated === 0) throw notFound('Help request');
  return { helpRequestId, helpful };
}

// ---- 4a. Notes -----------------------------------------------------------------------

type NoteRow = import('@satprep/domain/entities').UserNoteRow;
const noteView = (n: NoteRow) => ({
  noteId: n.id, questionId: n.question, sessionId: n.session, text: n.noteText, askTutor: n.askTutor, aiResponse: n.aiResponse,
  modelId: n.modelId, createdAt: n.createdAt, updatedAt: n.updatedAt,
});

export async function addNote(em: Em, tutor: Tutor, userId: number, input: z.infer<typeof AddNoteInput>) {
  const row = input.questionId ? await em.findOne(QuestionRow, { id: input.questionId }) : null;
  if (input.questionId && !row) throw notFound('Question');
  if (input.sessionId !== undefined) {
    const own: unknown[] = await em.execute('select 1 from practice_sessions where id = ? and user_id = ?', [input.sessionId, userId]);
    if (own.length === 0) throw notFound('Practice session');
  }
  const ask = async () => (input.askTutor ? await tutor.reply({ kind: 'note', text: input.text, question: row ? rowToQuestion(row) : null }) : null);
  return oncePerClientEvent(em, userId, input.clientEventId, 'note', async (tx, reply: Awaited<ReturnType<typeof ask>>) => {
    const n = tx.create(UserNote, {
      user: userId, question: row?.id ?? null, session: input.sessionId ?? null, noteText: input.text, askTutor: input.askTutor,
      aiResponse: reply?.text ?? null, modelId: reply?.modelId ?? null, promptVersion: reply?.promptVersion ?? null,
    });
    await tx.flush();
    return { targetId: n.id, result: noteView(n) };
  }, async (e, id) => noteView(await e.findOneOrFail(UserNote, { id })), ask);
}

export async function listNotes(em: Em, userId: number, questionId?: string) {
  const notes = await em.find(UserNote, { user: userId, ...(questionId ? { question: questionId } : {}) }, { orderBy: { createdAt: 'desc' }, limit: 200 });
  return notes.map(noteView);
}

async function ownNote(em: Em, userId: number, noteId: number) {
  const n = await em.findOne(UserNote, { id: noteId, user: userId });
  if (!n) throw notFound('Note');
  return n;
}

/** Editing a note clears a tutor reply that answered the old text, so no stale pair is exported. */
export async function updateNote(em: Em, userId: number, noteId: number, text: string) {
  const n = await ownNote(em, userId, noteId);
  if (n.noteText !== text && n.aiResponse) {
    n.aiResponse = null;
    n.modelId = null;
    n.promptVersion = null;
  }
  n.noteText = text;
  await em.flush();
  return noteView(n);
}

export async function deleteNote(em: Em, userId: number, noteId: number) {
  const n = await ownNote(em, userId, noteId);
  em.remove(n);
  await em.flush();
  return { noteId, deleted: true as const };
}
