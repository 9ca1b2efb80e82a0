import {
  AppError,
  buildFeedbackContext,
  isCorrectAnswer,
  masteryOf,
  notFound,
  scoreEstimate,
  SECTIONS,
  summarizeResults,
  targetDifficulty,
  toPublicQuestion,
  type PerformanceStats,
  type Question,
  type SkillStat,
  type SubmitPracticeInput,
  type Tutor,
} from '@satprep/domain';
import { PracticeSession, QuestionRow, Response, SessionFeedback, SkillProficiency } from '@satprep/domain/entities';
import { renderFeedbackContext } from '@satprep/exporter';
import type { Em } from '@satprep/domain/db';
import { z } from 'zod';
import type { SaveAnswerInput, StartPracticeInput } from '@satprep/domain';
import type { DraftAnswer } from '@satprep/domain/entities';

type QuestionEntity = import('@satprep/domain/entities').QuestionEntity;

export function rowToQuestion(r: QuestionEntity): Question {
  return {
    id: r.id, section: r.section as Question['section'], domain: r.domain as Question['domain'], skill: r.skill as Question['skill'],
    difficulty: r.difficulty as Question['difficulty'], format: r.format as Question['format'], ...(r.passage ? { passage: r.passage } : {}),
    stem: r.stem, choices: r.choices, answer: r.answer, acceptedAnswers: r.acceptedAnswers, rationale: r.rationale, source: r.source,
    ...(r.choiceExplanations ? { choiceExplanations: r.choiceExplanations } : {}),
    ...(r.figure ? { figure: r.figure } : {}),
  };
}

const QUESTION_CACHE_MS = 60_000;

/**
 * Questions of the bank, cached for a minute (help requests and notes look one up on every call;
 * the bank changes only when it is seeded again). The app owns one (`services.questions`).
 */
export class QuestionCache {
  private readonly entries = new Map<string, { question: Question; at: number }>();

  /** The question with this id, or null when there is none. */
  async find(em: Em, id: string): Promise<Question | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < QUESTION_CACHE_MS) return hit.question;
    const row = await em.findOne(QuestionRow, { id });
    if (!row) return null;
    // The bank has a few thousand items at most; the bound only guards against a runaway.
    if (this.entries.size >= 10_000) this.entries.clear();
    // Shared by every caller for a minute: frozen, so a caller that changed it would fail loudly.
    const question = Object.freeze(rowToQuestion(row));
    this.entries.set(id, { question, at: now });
    return question;
  }
}

/** What a use case that asks the tutor about a question of the bank needs (a request's context has it). */
export interface TutorContext {
  em: Em;
  tutor: Tutor;
  questions: QuestionCache;
}

export async function skillStats(em: Em, userId: number): Promise<SkillStat[]> {
  const rows = await em.find(SkillProficiency, { user: userId });
  return rows.map((r) => ({ skill: r.skill, correct: r.correct, total: r.total, mastery: r.mastery }));
}

/** Per section, the score estimate (200–800 and its 80% range) from all of the student's answers; see @satprep/domain's scoring/irt.ts. */
export async function scoreEstimates(em: Em, userId: number) {
  const rows: { section: string; difficulty: number; format: string; is_correct: boolean }[] = await em.execute(
    'select q.section, q.difficulty, q.format, r.is_correct from responses r join questions q on q.id = r.question_id where r.user_id = ?',
    [userId],
  );
  return SECTIONS.map((section) => {
    const mine = rows.filter((r) => r.section === section).map((r) => ({ difficulty: Number(r.difficulty), format: r.format === 'spr' ? ('spr' as const) : ('mcq' as const), correct: Boolean(r.is_correct) }));
    const e = scoreEstimate(mine);
    return { section, score: e.score, low: e.low, high: e.high, responses: e.responses, theta: e.theta };
  });
}

/**
 * Picks items for a session: skills the student is weakest in first (unpractised skills
 * count as unknown, between weak and strong), rotating across skills, and within a skill
 * unseen items before seen ones, and among those the items whose difficulty suits the
 * student's estimated ability in the item's section (see targetDifficulty).
 */
export async function startPractice(em: Em, userId: number, input: z.infer<typeof StartPracticeInput>) {
  const where = { ...(input.domain ? { domain: input.domain } : {}), ...(input.skill ? { skill: input.skill } : {}) };
  const candidates = await em.find(QuestionRow, where, { fields: ['id', 'skill', 'section', 'difficulty'] as const });
  if (candidates.length === 0) throw new AppError('NOT_FOUND', 'No questions match that domain and skill.');
  if (input.domain && input.skill && candidates.every((c) => c.skill !== input.skill)) throw new AppError('BAD_REQUEST', 'That skill is not part of that domain.');

  const seenRows: { question_id: string; n: number }[] = await em.execute(
    'select question_id, count(*)::int as n from responses where user_id = ? group by question_id',
    [userId],
  );
  const seen = new Map(seenRows.map((r) => [r.question_id, r.n]));
  const mastery = new Map((await skillStats(em, userId)).map((s) => [s.skill, s.mastery]));
  const target = new Map<string, number>((await scoreEstimates(em, userId)).map((e) => [e.section, targetDifficulty(e.theta)]));
  const level = new Map(candidates.map((c) => [c.id, Math.abs(c.difficulty - (target.get(c.section) ?? 2))]));
  const priority = (skill: string) => mastery.get(skill) ?? 0.55;

  const bySkill = new Map<string, string[]>();
  for (const c of candidates) bySkill.set(c.skill, [...(bySkill.get(c.skill) ?? []), c.id]);
  for (const [skill, ids] of bySkill) {
    const shuffled = ids
      .map((id) => ({ id, r: Math.random() }))
      .sort((a, b) => (seen.get(a.id) ?? 0) - (seen.get(b.id) ?? 0) || level.get(a.id)! - level.get(b.id)! || a.r - b.r);
    bySkill.set(skill, shuffled.map((x) => x.id));
  }
  const skillOrder = [...bySkill.keys()].sort((a, b) => priority(a) - priority(b) || Math.random() - 0.5);

  const picked: string[] = [];
  while (picked.length < input.count && skillOrder.some((s) => bySkill.get(s)!.length > 0)) {
    for (const skill of skillOrder) {
      const next = bySkill.get(skill)!.shift();
      if (next && picked.length < input.count) picked.push(next);
    }
  }

  const session = em.create(PracticeSession, { user: userId, domain: input.domain ?? null, skill: input.skill ?? null, questionIds: picked, submittedAt: null, performance: null });
  await em.flush();
  const rows = await em.find(QuestionRow, { id: { $in: picked } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { sessionId: session.id, questions: picked.map((id) => toPublicQuestion(rowToQuestion(byId.get(id)!))) };
}

/** How long an unsubmitted session stays on offer to resume. */
const RESUMABLE_MS = 24 * 60 * 60_000;

/**
 * Saves one answer of the caller's unsubmitted session as it is given (with the time spent on the
 * question so far), so a reload, Back, a second tab or another device resumes the session where it
 * was. Saving the same answer again changes nothing; saves of different questions do not overwrite
 * each other (one statement each). A submitted session refuses (CONFLICT): its answers are scored.
 */
export async function saveAnswer(em: Em, userId: number, input: SaveAnswerInput) {
  const session = await loadOwnSession(em, userId, input.sessionId);
  if (!session.questionIds.includes(input.questionId)) throw new AppError('BAD_REQUEST', `Question ${input.questionId} is not part of this session.`);
  const answer = input.answer.trim();
  const rows: { id: number }[] = await em.execute(
    `update practice_sessions
        set draft_answers = coalesce(draft_answers, '{}'::jsonb) || jsonb_build_object(?::text, jsonb_build_object('answer', ?::text, 'timeSpentMs', ?::int))
      where id = ? and submitted_at is null returning id`,
    [input.questionId, answer, input.timeSpentMs, session.id],
  );
  if (rows.length === 0) throw new AppError('CONFLICT', 'This session was submitted already: its answers can no longer change.');
  return { saved: true as const, questionId: input.questionId, answer };
}

/**
 * The caller's session to resume: their latest session, if it is not submitted and was started in
 * the last 24 hours, with its questions and the answers saved so far; else null. Starting a new
 * session leaves an older unsubmitted one behind.
 */
export async function currentSession(em: Em, userId: number) {
  const [latest] = await em.find(PracticeSession, { user: userId }, { orderBy: { id: 'desc' }, limit: 1 });
  if (!latest || latest.submittedAt || Date.now() - new Date(latest.startedAt).getTime() > RESUMABLE_MS) return null;
  const rows = await em.find(QuestionRow, { id: { $in: latest.questionIds } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const answers: Record<string, DraftAnswer> = {};
  for (const [id, a] of Object.entries(latest.draftAnswers ?? {})) if (byId.has(id)) answers[id] = { answer: String(a.answer), timeSpentMs: Number(a.timeSpentMs) };
  return {
    sessionId: latest.id,
    startedAt: new Date(latest.startedAt).toISOString(),
    questions: latest.questionIds.filter((id) => byId.has(id)).map((id) => toPublicQuestion(rowToQuestion(byId.get(id)!))),
    answers,
  };
}

export interface QuestionResult {
  questionId: string;
  answer: string;
  correct: boolean;
  correctAnswer: string;
  explanation: string;
  skill: string;
}

export interface SubmitResult {
  sessionId: number;
  correct: number;
  total: number;
  results: QuestionResult[];
  performance: PerformanceStats;
  /** The tutor's feedback, with the student's current rating of it (null until rated). */
  feedback: { feedbackId: number; text: string; rating: number | null };
}

async function loadOwnSession(em: Em, userId: number, sessionId: number) {
  const session = await em.findOne(PracticeSession, { id: sessionId, user: userId });
  if (!session) throw notFound('Practice session');
  return session;
}

async function buildResult(em: Em, session: import('@satprep/domain/entities').PracticeSessionRow): Promise<SubmitResult> {
  const responses = await em.find(Response, { session: session.id }, { orderBy: { id: 'asc' } });
  const questions = new Map((await em.find(QuestionRow, { id: { $in: session.questionIds } })).map((q) => [q.id, q]));
  const feedback = await em.findOneOrFail(SessionFeedback, { session: session.id });
  const rated: { rating: number }[] = await em.execute('select rating from feedback_ratings where feedback_id = ? and user_id = ?', [feedback.id, session.user]);
  const results = responses.map((r) => {
    const q = questions.get(r.question)!;
    return { questionId: r.question, answer: r.answer, correct: r.isCorrect, correctAnswer: q.answer, explanation: q.rationale, skill: q.skill };
  });
  return {
    sessionId: session.id,
    correct: results.filter((r) => r.correct).length,
    total: results.length,
    results,
    performance: session.performance ?? {},
    feedback: { feedbackId: feedback.id, text: feedback.text, rating: rated[0]?.rating ?? null },
  };
}

/** Scores on the server, stores responses, updates proficiency and writes the tutor's feedback, all in one transaction. */
export async function submitPractice(em: Em, tutor: Tutor, user: { id: number; displayName: string }, input: SubmitPracticeInput): Promise<SubmitResult> {
  const session = await loadOwnSession(em, user.id, input.sessionId);
  if (session.submittedAt) return buildResult(em, session);

  const allowed = new Set(session.questionIds);
  const given = new Map<string, SubmitPracticeInput['answers'][number]>();
  for (const a of input.answers) {
    if (!allowed.has(a.questionId)) throw new AppError('BAD_REQUEST', `Question ${a.questionId} is not part of this session.`);
    if (given.has(a.questionId)) throw new AppError('BAD_REQUEST', `Question ${a.questionId} was answered twice.`);
    given.set(a.questionId, a);
  }
  const questions = new Map((await em.find(QuestionRow, { id: { $in: session.questionIds } })).map((q) => [q.id, rowToQuestion(q)]));
  const scored = session.questionIds.map((id) => {
    const q = questions.get(id)!;
    const a = given.get(id);
    const answer = a?.answer ?? '';
    return { q, answer, timeSpentMs: a?.timeSpentMs ?? 0, isCorrect: isCorrectAnswer(q, answer), skill: q.skill };
  });
  const { performance, skills: sessionSkills } = summarizeResults(scored);

  const previous: { correct: number; total: number }[] = await em.execute(
    `select count(*) filter (where r.is_correct)::int as correct, count(*)::int as total
       from responses r where r.session_id = (select id from practice_sessions where user_id = ? and submitted_at is not null order by submitted_at desc limit 1)`,
    [user.id],
  );
  const prev = previous[0] && previous[0].total > 0 ? previous[0].correct / previous[0].total : null;

  // The tutor may be a remote model: ask it before taking any lock, from the stats the session will produce.
  const current = new Map((await skillStats(em, user.id)).map((st) => [st.skill, st]));
  for (const st of sessionSkills) {
    const c = current.get(st.skill);
    const correct = (c?.correct ?? 0) + st.correct;
    const total = (c?.total ?? 0) + st.total;
    current.set(st.skill, { skill: st.skill, correct, total, mastery: masteryOf(correct, total) });
  }
  const totalTime = scored.reduce((n, x) => n + x.timeSpentMs, 0);
  // Everything the feedback may state, stored with it so the exported input holds the same facts.
  const context = buildFeedbackContext({ answers: scored, overall: [...current.values()], previousAccuracy: prev });
  const fb = await tutor.sessionFeedback({
    context,
    performance,
    sessionSkills,
    overallSkills: [...current.values()],
    previousAccuracy: prev,
    averageTimeMs: scored.length ? totalTime / scored.length : 0,
  });

  return em.transactional(async (tx) => {
    // Lock the session row so a concurrent double submit scores once.
    const locked: { submitted_at: Date | null }[] = await tx.execute('select submitted_at from practice_sessions where id = ? for update', [session.id]);
    if (locked[0]?.submitted_at) return buildResult(tx, await loadOwnSession(tx, user.id, session.id));

    for (const x of scored) {
      tx.create(Response, { session: session.id, user: user.id, question: x.q.id, answer: x.answer, isCorrect: x.isCorrect, timeSpentMs: x.timeSpentMs });
    }
    for (const st of sessionSkills) {
      await tx.execute(
        `insert into skill_proficiency (user_id, skill, correct, total, mastery, updated_at) values (?, ?, ?, ?, ?, now())
         on conflict (user_id, skill) do update set correct = skill_proficiency.correct + excluded.correct, total = skill_proficiency.total + excluded.total,
           mastery = (skill_proficiency.correct + excluded.correct + 1.0) / (skill_proficiency.total + excluded.total + 2.0), updated_at = now()`,
        [user.id, st.skill, st.correct, st.total, masteryOf(st.correct, st.total)],
      );
    }
    const s = await tx.findOneOrFail(PracticeSession, { id: session.id });
    s.submittedAt = new Date();
    s.performance = performance;
    tx.create(SessionFeedback, { session: session.id, user: user.id, text: fb.text, performanceData: performance, context, contextText: renderFeedbackContext(context), modelId: fb.modelId, promptVersion: fb.promptVersion });
    await tx.flush();
    return buildResult(tx, s);
  });
}

export async function recentSessions(em: Em, userId: number, limit = 20) {
  const sessions = await em.find(PracticeSession, { user: userId, submittedAt: { $ne: null } }, { orderBy: { submittedAt: 'desc' }, limit });
  return sessions.map((s) => {
    const tallies = Object.values(s.performance ?? {}).flatMap((d) => Object.values(d ?? {}));
    return {
      sessionId: s.id,
      submittedAt: s.submittedAt!,
      domain: s.domain,
      skill: s.skill,
      correct: tallies.reduce((n, t) => n + (t?.correct ?? 0), 0),
      total: tallies.reduce((n, t) => n + (t?.total ?? 0), 0),
      performance: s.performance ?? {},
    };
  });
}

/** A submitted session with its questions (including keys, since it is over), answers and feedback. */
export async function reviewSession(em: Em, userId: number, sessionId: number) {
  const session = await loadOwnSession(em, userId, sessionId);
  if (!session.submittedAt) throw new AppError('CONFLICT', 'This session has not been submitted yet.');
  const result = await buildResult(em, session);
  const questions = new Map((await em.find(QuestionRow, { id: { $in: session.questionIds } })).map((q) => [q.id, rowToQuestion(q)]));
  return { ...result, submittedAt: session.submittedAt, questions: session.questionIds.map((id) => questions.get(id)!) };
}
