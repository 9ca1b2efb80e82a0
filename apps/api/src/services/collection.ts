import { AppError, notFound, type HelpInput, type RateFeedbackInput, type TextSink } from '@satprep/domain';
import { FeedbackRating, HelpRequest, UserNote, type QuestionSnapshot } from '@satprep/domain/entities';
import type { Em, Orm } from '@satprep/domain/db';
import type { z } from 'zod';
import type { AddNoteInput } from '@satprep/domain';
import { ClientEventStatement, oncePerClientEvent, type ClientEvent } from './idempotency.ts';
import { GroupCommit } from './group-commit.ts';
import type { TutorContext } from './practice.ts';
import { storedPromptVersion } from '@satprep/tutor';

// ---- 1. Feedback rating -------------------------------------------------------------

async function ratingView(em: Em, id: number) {
  const r = await em.findOneOrFail(FeedbackRating, { id }, { refresh: true });
  return { ratingId: r.id, feedbackId: r.feedback, rating: r.rating, comment: r.comment, updatedAt: r.updatedAt };
}

type RatingInput = z.infer<typeof RateFeedbackInput>;
type RatingResult = Awaited<ReturnType<typeof ratingView>>;
interface RatingItem extends ClientEvent {
  input: RatingInput;
}
interface RatingRow { id: number; feedback_id: number; rating: number; comment: string | null; updated_at: Date | string }

/**
 * Ratings as one statement, one round trip and one commit, for one event or a batch: it copies
 * each feedback (text, stats, context, lineage) into its rating, and records client events in the
 * idempotency ledger. No two items may share a (user, feedback) or (user, clientEventId).
 */
const RATINGS = new ClientEventStatement<RatingItem, RatingResult, RatingRow>({
  kind: 'feedback-rating',
  columns: 'feedback_id int, rating int, comment text, drop_comment boolean',
  values: ({ input }) => ({ feedback_id: input.feedbackId, rating: input.rating, comment: input.comment ?? null, drop_comment: input.comment === null }),
  write: `insert into feedback_ratings (user_id, feedback_id, session_id, feedback_text, rating, comment, performance_data, context_text, model_id, prompt_version, created_at, updated_at)
       select f.user_id, f.id, f.session_id, f.text, i.rating, i.comment, f.performance_data, f.context_text, f.model_id, f.prompt_version, now(), now()
         from fresh i join session_feedback f on f.id = i.feedback_id and f.user_id = i.user_id
       on conflict (user_id, feedback_id) do update set rating = excluded.rating,
         comment = case when exists (select 1 from fresh k where k.user_id = excluded.user_id and k.feedback_id = excluded.feedback_id and k.drop_comment) then null
                        else coalesce(excluded.comment, feedback_ratings.comment) end,
         updated_at = now()
       returning id, user_id, feedback_id, rating, comment, updated_at`,
  match: 'w.user_id = i.user_id and w.feedback_id = i.feedback_id',
  view: (r) => ({ ratingId: r.id, feedbackId: r.feedback_id, rating: r.rating, comment: r.comment, updatedAt: new Date(r.updated_at) }),
  replay: ratingView,
  unwritten: () => notFound('Feedback'),
});

/** Ratings of one database, written together; the app owns one (`services.ratings`). */
export type RatingWriter = GroupCommit<RatingItem, RatingResult>;

export function createRatingWriter(orm: Orm): RatingWriter {
  const root = orm.em.fork() as Em;
  return new GroupCommit<RatingItem, RatingResult>({
    maxBatch: 256,
    keys: ({ userId, input }) => [`f:${userId}:${input.feedbackId}`, ...(input.clientEventId ? [`e:${userId}:${input.clientEventId}`] : [])],
    run: (items) => RATINGS.write(root, items),
  });
}

/**
 * One rating per feedback per user: rating again updates the row (updated_at moves). This is the
 * hottest write path: concurrent ratings are written together (group commit), each acknowledged
 * only once the statement that carried it has committed.
 */
export function recordFeedbackRating(ratings: RatingWriter, userId: number, input: RatingInput): Promise<RatingResult> {
  return ratings.submit({ userId, clientEventId: input.clientEventId, input });
}

// ---- 2. Help requests ---------------------------------------------------------------

async function helpView(em: Em, id: number) {
  const h = await em.findOneOrFail(HelpRequest, { id });
  return { helpRequestId: h.id, answer: h.aiResponse, questionId: h.question, inputMode: h.inputMode, modelId: h.modelId, createdAt: h.createdAt };
}

interface HelpItem extends ClientEvent {
  row: {
    question_id: string; session_id: number | null; user_query: string; input_mode: string; ai_response: string; question_snapshot: QuestionSnapshot;
    model_id: string; prompt_version: string; latency_ms: number;
  };
}
interface HelpRow { id: number; question_id: string; input_mode: 'text' | 'speech'; ai_response: string; model_id: string; created_at: Date | string }

/** The help request and its idempotency-ledger row, as one statement (one round trip, one commit). */
const HELP_REQUESTS = new ClientEventStatement<HelpItem, Awaited<ReturnType<typeof helpView>>, HelpRow>({
  kind: 'help-request',
  columns: 'question_id text, session_id int, user_query text, input_mode text, ai_response text, question_snapshot jsonb, model_id text, prompt_version text, latency_ms int',
  values: (h) => h.row,
  write: `insert into help_requests (user_id, question_id, session_id, user_query, input_mode, ai_response, question_snapshot, model_id, prompt_version, latency_ms, helpful, rated_at, created_at)
       select user_id, question_id, session_id, user_query, input_mode, ai_response, question_snapshot, model_id, prompt_version, latency_ms, null, null, now() from fresh
       returning id, user_id, question_id, input_mode, ai_response, model_id, created_at`,
  // One help request a statement (see recordHelpRequest): its user finds it.
  match: 'w.user_id = i.user_id',
  view: (h) => ({ helpRequestId: h.id, answer: h.ai_response, questionId: h.question_id, inputMode: h.input_mode, modelId: h.model_id, createdAt: new Date(h.created_at) }),
  replay: helpView,
  unwritten: () => new Error('The help request was not written'),
});

/**
 * Answers a student's question about an item and logs the pair with a snapshot of the item.
 * `sink` receives the answer as the tutor writes it (streaming); the row is written once, complete.
 */
export async function recordHelpRequest({ em, tutor, questions }: TutorContext, userId: number, input: z.infer<typeof HelpInput>, sink?: TextSink) {
  const question = await questions.find(em, input.questionId);
  if (!question) throw notFound('Question');
  let studentAnswer: string | null = null;
  // While the question is in a session the student has not submitted (started in the last day), the
  // tutor gives hints only: help must not hand out the answers of an open practice session.
  let hintOnly: boolean;
  if (input.sessionId !== undefined) {
    const session: { question_ids: string[]; open: boolean; answer: string | null }[] = await em.execute(
      `select question_ids, (submitted_at is null and started_at > now() - interval '1 day') as open,
              (select r.answer from responses r where r.session_id = ps.id and r.question_id = ? limit 1) as answer
         from practice_sessions ps where ps.id = ? and ps.user_id = ?`,
      [input.questionId, input.sessionId, userId],
    );
    if (session.length === 0) throw notFound('Practice session');
    if (!session[0]!.question_ids.includes(input.questionId)) throw new AppError('BAD_REQUEST', 'That question is not part of that practice session.');
    hintOnly = session[0]!.open;
    studentAnswer = hintOnly ? null : session[0]!.answer || null;
  } else {
    const open: unknown[] = await em.execute(
      `select 1 from practice_sessions where user_id = ? and submitted_at is null and started_at > now() - interval '1 day' and question_ids @> jsonb_build_array(?::text) limit 1`,
      [userId, input.questionId],
    );
    hintOnly = open.length > 0;
  }
  // The tutor answers before anything is written, so no transaction waits on a remote model; a retry
  // of a stored request (or a duplicate still in flight) gets its answer without asking again.
  const ask = async () => {
    const started = performance.now();
    const answer = await tutor.explain({ question, studentAnswer, query: input.query, hintOnly }, sink);
    return { answer, latencyMs: Math.round(performance.now() - started) };
  };
  const event = { userId, clientEventId: input.clientEventId };
  return HELP_REQUESTS.once(em, event, ({ answer, latencyMs }: Awaited<ReturnType<typeof ask>>) => ({
    ...event,
    row: {
      question_id: question.id, session_id: input.sessionId ?? null, user_query: input.query, input_mode: input.inputMode, ai_response: answer.text,
      question_snapshot: {
        id: question.id, skill: question.skill, passage: question.passage ?? null, stem: question.stem, choices: question.choices,
        correctAnswer: question.answer, studentAnswer, ...(question.figure ? { figure: question.figure } : {}),
      },
      model_id: answer.modelId, prompt_version: storedPromptVersion(answer), latency_ms: latencyMs,
    },
  }), ask);
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

export async function addNote({ em, tutor, questions }: TutorContext, userId: number, input: z.infer<typeof AddNoteInput>, sink?: TextSink) {
  const question = input.questionId ? await questions.find(em, input.questionId) : null;
  if (input.questionId && !question) throw notFound('Question');
  if (input.sessionId !== undefined) {
    const own: unknown[] = await em.execute('select 1 from practice_sessions where id = ? and user_id = ?', [input.sessionId, userId]);
    if (own.length === 0) throw notFound('Practice session');
  }
  const ask = async () => (input.askTutor ? await tutor.reply({ kind: 'note', text: input.text, question }, sink) : null);
  return oncePerClientEvent(em, userId, input.clientEventId, 'note', async (tx, reply: Awaited<ReturnType<typeof ask>>) => {
    const n = tx.create(UserNote, {
      user: userId, question: question?.id ?? null, session: input.sessionId ?? null, noteText: input.text, askTutor: input.askTutor,
      aiResponse: reply?.text ?? null, modelId: reply?.modelId ?? null, promptVersion: reply ? storedPromptVersion(reply) : null,
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
