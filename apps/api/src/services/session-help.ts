import { notFound } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';

interface SessionHelpRow {
  id: number;
  question_id: string | null;
  user_query: string;
  ai_response: string;
  input_mode: 'text' | 'speech';
  helpful: boolean | null;
  created_at: Date | string;
}

/**
 * The help conversations a student had during one of their practice sessions (the question asked,
 * the tutor's answer, when), oldest first, so the results and review screens can show them again.
 * Only the session's owner sees them: anyone else's session is NOT_FOUND, as with practice.review.
 */
export async function sessionHelp(em: Em, userId: number, sessionId: number) {
  const own: unknown[] = await em.execute('select 1 from practice_sessions where id = ? and user_id = ?', [sessionId, userId]);
  if (own.length === 0) throw notFound('Practice session');
  const rows: SessionHelpRow[] = await em.execute(
    `select id, question_id, user_query, ai_response, input_mode, helpful, created_at
       from help_requests where session_id = ? and user_id = ? order by created_at asc, id asc`,
    [sessionId, userId],
  );
  return rows.map((r) => ({
    helpRequestId: r.id,
    questionId: r.question_id,
    query: r.user_query,
    answer: r.ai_response,
    inputMode: r.input_mode,
    helpful: r.helpful,
    createdAt: new Date(r.created_at),
  }));
}
