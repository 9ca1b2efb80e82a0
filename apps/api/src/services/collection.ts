import { AppError, notFound, type HelpInput, type RateFeedbackInput, type TextSink, type Tutor } from '@satprep/domain';
import { FeedbackRating, HelpRequest, UserNote, type QuestionSnapshot } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import type { z } from 'zod';
import type { AddNoteInput } from '@satprep/domain';
import { isDuplicateClientEvent, oncePerClientEvent, priorClientEvent, replayClientEvent, replayTarget } from './idempotency.ts';
import { GroupCommit } from './group-commit.ts';
import { findQuestion } from './practice.ts';
import { storedPromptVersion } from '@satprep/tutor';

// ---- 1. Feedback rating -------------------------------------------------------------

async function ratingView(em: Em, id: number) {
  const r = await em.findOneOrFail(FeedbackRating, { id }, { refresh: true });
  return { ratingId: r.id, feedbackId: r.feedback, rating: r.rating, comment: r.comment, updatedAt: r.updatedAt };
}

type RatingInput = z.infer<typeof RateFeedbackInput>;
type RatingResult = Awaited<ReturnType<typeof ratingView>>;
interface RatingRow {
  ord?: number;
  id: number | null;
  feedback_id: number;
  rating: number;
  comment: string | null;
  updated_at: Date | string;
  prior_kind?: string | null;
  prior_target?: number | null;
}

const RATING_UPSERT = `insert into feedback_ratings (user_id, feedback_id, session_id, feedback_text, rating, comment, performance_data, context_text, model_id, prompt_version, created_at, updated_at)
       select f.user_id, f.id, f.session_id, f.text, i.rating, i.comment, f.performance_data, f.context_text, f.model_id, f.prompt_version, now(), now()
         from input i join session_feedback f on f.id = i.feedback_id and f.user_id = i.user_id
        where not exists (select 1 from prior p where p.ord = i.ord)
       on conflict (user_id, feedback_id) do update set rating = excluded.rating,
         comment = case when exists (select 1 from input k where k.user_id = excluded.user_id and k.feedback_id = excluded.feedback_id and k.drop_comment) then null
                        else coalesce(excluded.comment, feedback_ratings.comment) end,
         updated_at = now()
       returning id, user_id, feedback_id, rating, comment, updated_at`;

/**
 * Ratings as one statement, one round trip and one commit, for one event or a batch: it copies
 * each feedback (text, stats, context, lineage) into its rating and records client events in the
 * idempotency ledger (see oncePerClientEvent for the general case). An event already in the
 * ledger is replayed; a concurrent duplicate hits the ledger's unique index, which rolls the
 * whole statement back. No two items may share a (user, feedback) or (user, clientEventId).
 */
const RATING_BATCH = `with input as (
         select * from jsonb_to_recordset(?::jsonb) as i(ord int, user_id int, feedback_id int, rating int, comment text, drop_comment boolean, client_event_id text)),
       prior as (select i.ord, c.kind, c.target_id from input i join client_events c on c.user_id = i.user_id and c.client_event_id = i.client_event_id),
       w as (${RATING_UPSERT}),
       ledger as (insert into client_events (user_id, client_event_id, kind, target_id, created_at)
         select i.user_id, i.client_event_id, 'feedback-rating', w.id, now() from input i join w on w.user_id = i.user_id and w.feedback_id = i.feedback_id
          where i.client_event_id is not null)
  select i.ord, w.id, w.feedback_id, w.rating, w.comment, w.updated_at, p.kind as prior_kind, p.target_id as prior_target
    from input i left join w on w.user_id = i.user_id and w.feedback_id = i.feedback_id left join prior p on p.ord = i.ord`;

interface RatingItem {
  userId: number;
  input: RatingInput;
}

async function writeRatings(em: Em, items: RatingItem[]): Promise<(RatingResult | Error)[]> {
  const json = JSON.stringify(items.map(({ userId, input }, ord) => ({ ord, user_id: userId, feedback_id: input.feedbackId, rating: input.rating, comment: input.comment ?? null, drop_comment: input.comment === null, client_event_id: input.clientEventId ?? null })));
  let rows: RatingRow[];
  try {
    rows = await em.fork().execute(RATING_BATCH, [json]);
  } catch (err) {
    if (!isDuplicateClientEvent(err)) throw err;
    // A duplicate of one event committed between this statement's read of the ledger and its
    // write: the batch is rolled back, so write its events one by one (the duplicate replays).
    if (items.length > 1) return Promise.all(items.map((it) => writeRatings(em, [it]).then((r) => r[0]!, (e: unknown) => e as Error)));
    const { userId, input } = items[0]!;
    return [await replayClientEvent(em, userId, input.clientEventId!, 'feedback-rating', ratingView).catch((e: unknown) => e as Error)];
  }
  const byOrd = new Map(rows.map((r) => [r.ord!, r]));
  return Promise.all(items.map(async ({ input }, ord): Promise<RatingResult | Error> => {
    const r = byOrd.get(ord);
    if (r?.id != null) return { ratingId: r.id, feedbackId: r.feedback_id, rating: r.rating, comment: r.comment, updatedAt: new Date(r.updated_at) };
    if (r?.prior_kind != null) {
      return replayTarget(em, input.clientEventId!, 'feedback-rating', { kind: r.prior_kind, targetId: r.prior_target ?? null }, ratingView).catch((e: unknown) => e as Error);
    }
    return notFound('Feedback');
  }));
}

/** One group commit of ratings per database (forks of one EntityManager share its driver). */
const ratingWriters = new WeakMap<object, GroupCommit<RatingItem, RatingResult>>();

/**
 * One rating per feedback per user: rating again updates the row (updated_at moves). This is the
 * hottest write path: concurrent ratings are written together (group commit), each acknowledged
 * only once the statement that carried it has committed.
 */
export function recordFeedbackRating(em: Em, userId: number, input: RatingInput): Promise<RatingResult> {
  const driver = em.getDriver();
  let writer = ratingWriters.get(driver);
  if (!writer) {
    const root = em.fork();
    writer = new GroupCommit<RatingItem, RatingResult>({
      maxBatch: 256,
      keys: ({ userId: u, input: i }) => [`f:${u}:${i.feedbackId}`, ...(i.clientEventId ? [`e:${u}:${i.clientEventId}`] : [])],
      run: (items) => writeRatings(root, items),
    });
    ratingWriters.set(driver, writer);
  }
  return writer.submit({ userId, input });
}

// ---- 2. Help requests ---------------------------------------------------------------

async function helpView(em: Em, id: number) {
  const h = await em.findOneOrFail(HelpRequest, { id });
  return { helpRequestId: h.id, answer: h.aiResponse, questionId: h.question, inputMode: h.inputMode, modelId: h.modelId, createdAt: h.createdAt };
}

/**
 * The help request and its idempotency-ledger row, as one statement (one round trip, one commit).
 * A concurrent duplicate of the same clientEventId fails on the ledger's unique index, which rolls
 * the whole statement back, and is replayed (as ratings are; see RATING_BATCH).
 */
const HELP_INSERT = `with h as (
         insert into help_requests (user_id, question_id, session_id, user_query, input_mode, ai_response, question_snapshot, model_id, prompt_version, latency_ms, helpful, rated_at, created_at)
         values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, null, null, now())
         returning id, question_id, input_mode, ai_response, model_id, created_at),
       ledger as (insert into client_events (user_id, client_event_id, kind, target_id, created_at)
         select e.user_id, e.client_event_id, 'help-request', h.id, now() from h, (values (?::int, ?::text)) as e(user_id, client_event_id)
          where e.client_event_id is not null)
  select * from h`;

interface HelpRow { id: number; question_id: string; input_mode: 'text' | 'speech'; ai_response: string; model_id: string; created_at: Date | string }

/** Answers a student's question about an item and logs the pair with a snapshot of the item. */
/** `sink` receives the answer as the tutor writes it (streaming); the row is written once, complete. */
export async function recordHelpRequest(em: Em, tutor: Tutor, userId: number, input: z.infer<typeof HelpInput>, sink?: TextSink) {
  const question = await findQuestion(em, input.questionId);
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
  const clientEventId = input.clientEventId ?? null;
  // A retry of a stored request replays it without asking the tutor again.
  const prior = clientEventId ? await priorClientEvent(em, userId, clientEventId) : null;
  if (prior) return replayTarget(em, clientEventId!, 'help-request', prior, helpView);
  // The tutor answers before anything is written, so no transaction waits on a remote model.
  const started = performance.now();
  const answer = await tutor.explain({ question, studentAnswer, query: input.query, hintOnly }, sink);
  const latencyMs = Math.round(performance.now() - started);
  const snapshot: QuestionSnapshot = {
    id: question.id, skill: question.skill, passage: question.passage ?? null, stem: question.stem, choices: question.choices,
    correctAnswer: question.answer, studentAnswer, ...(question.figure ? { figure: question.figure } : {}),
  };
  let h: HelpRow;
  try {
    [h] = (await em.execute(HELP_INSERT, [
      userId, question.id, input.sessionId ?? null, input.query, input.inputMode, answer.text, JSON.stringify(snapshot), answer.modelId, storedPromptVersion(answer), latencyMs,
      userId, clientEventId,
    ])) as [HelpRow];
  } catch (err) {
    if (clientEventId && isDuplicateClientEvent(err)) return replayClientEvent(em, userId, clientEventId, 'help-request', helpView);
    throw err;
  }
  return { helpRequestId: h.id, answer: h.ai_response, questionId: h.question_id, inputMode: h.input_mode, modelId: h.model_id, createdAt: new Date(h.created_at) };
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

export async function addNote(em: Em, tutor: Tutor, userId: number, input: z.infer<typeof AddNoteInput>, sink?: TextSink) {
  const question = input.questionId ? await findQuestion(em, input.questionId) : null;
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
