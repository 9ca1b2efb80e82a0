import { AppError, notFound, type TextSink } from '@satprep/domain';
import { CommunityAnswer, CommunityQuestion, User } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import type { z } from 'zod';
import type { CommunityListInput, PostCommunityQuestionInput } from '@satprep/domain';
import type { TutorContext } from './practice.ts';
import { oncePerClientEvent } from './idempotency.ts';
import { reviewerOf } from './review.ts';
import { storedPromptVersion } from '@satprep/tutor';

type Caller = { id: number; role: string };

/**
 * Posts a question and stores the tutor's draft answer at once (an AI answer, author null). With a
 * clientEventId, a retry of the same post (say after the connection dropped while the draft
 * streamed) returns the stored question instead of posting it again.
 */
export async function postQuestion({ em, tutor, questions }: TutorContext, userId: number, input: z.infer<typeof PostCommunityQuestionInput>, sink?: TextSink) {
  const question = input.questionId ? await questions.find(em, input.questionId) : null;
  if (input.questionId && !question) throw notFound('Question');
  const skill = input.skill ?? question?.skill ?? null;
  const draft = () => tutor.reply({ kind: 'community', title: input.title, text: input.body, question, skill }, sink);
  return oncePerClientEvent(
    em, userId, input.clientEventId, 'community-question',
    async (tx, answer: Awaited<ReturnType<typeof draft>>) => {
      const q = tx.create(CommunityQuestion, { author: userId, title: input.title, body: input.body, question: question?.id ?? null, skill });
      await tx.flush();
      tx.create(CommunityAnswer, { question: q.id, author: null, isAi: true, body: answer.text, modelId: answer.modelId, promptVersion: storedPromptVersion(answer), score: 0, accepted: false });
      await tx.flush();
      return { targetId: q.id, result: await getQuestion(tx, userId, q.id) };
    },
    (e, id) => getQuestion(e, userId, id),
    draft,
  );
}

export async function answerQuestion(em: Em, userId: number, questionId: number, body: string) {
  const q = await em.findOne(CommunityQuestion, { id: questionId });
  if (!q) throw notFound('Community question');
  const a = em.create(CommunityAnswer, { question: q.id, author: userId, isAi: false, body, modelId: null, promptVersion: null, score: 0, accepted: false });
  await em.flush();
  return { answerId: a.id };
}

/** Up, down or clear (0) a vote; the answer's score is recomputed from the votes in the same transaction. */
export async function vote(em: Em, userId: number, answerId: number, value: -1 | 0 | 1) {
  return em.transactional(async (tx) => {
    const a = await tx.findOne(CommunityAnswer, { id: answerId });
    if (!a) throw notFound('Answer');
    if (a.author === userId) throw new AppError('BAD_REQUEST', 'You cannot vote on your own answer.');
    if (value === 0) await tx.execute('delete from community_votes where answer_id = ? and user_id = ?', [answerId, userId]);
    else
      await tx.execute(
        'insert into community_votes (answer_id, user_id, value, created_at) values (?, ?, ?, now()) on conflict (answer_id, user_id) do update set value = excluded.value',
        [answerId, userId, value],
      );
    const rows: { score: number }[] = await tx.execute(
      'update community_answers set score = (select coalesce(sum(value), 0) from community_votes where answer_id = ?) where id = ? returning score',
      [answerId, answerId],
    );
    return { answerId, score: rows[0]!.score, myVote: value };
  });
}

/** The asker or any tutor/admin marks one answer as accepted (replacing an earlier one). */
export async function accept(em: Em, caller: Caller, answerId: number) {
  return em.transactional(async (tx) => {
    const a = await tx.findOne(CommunityAnswer, { id: answerId });
    if (!a) throw notFound('Answer');
    const q = await tx.findOneOrFail(CommunityQuestion, { id: a.question });
    if (q.author !== caller.id) {
      if (caller.role !== 'tutor' && caller.role !== 'admin') throw new AppError('FORBIDDEN', 'Only the person who asked, or a tutor, can accept an answer.');
      // Accepting another person's answer picks a community example's training output: staff whose
      // reviewer access an admin revoked may not (reviewerOf refuses them).
      await reviewerOf(tx, caller);
    }
    await tx.nativeUpdate(CommunityAnswer, { question: q.id, accepted: true }, { accepted: false });
    await tx.nativeUpdate(CommunityAnswer, { id: a.id }, { accepted: true });
    return { answerId, accepted: true as const };
  });
}

export async function listQuestions(em: Em, input: z.infer<typeof CommunityListInput>) {
  const params: unknown[] = [];
  const where: string[] = [];
  if (input.search) {
    where.push(`(q.title ilike ? or q.body ilike ?)`);
    const like = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like);
  }
  if (input.skill) {
    where.push('q.skill = ?');
    params.push(input.skill);
  }
  params.push(input.limit);
  const rows: { id: number; title: string; skill: string | null; created_at: Date; author: string; answers: number; accepted: boolean }[] = await em.execute(
    `select q.id, q.title, q.skill, q.created_at, u.display_name as author,
            (select count(*)::int from community_answers a where a.question_id = q.id) as answers,
            exists(select 1 from community_answers a where a.question_id = q.id and a.accepted) as accepted
       from community_questions q join users u on u.id = q.author_id
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by q.created_at desc, q.id desc limit ?`,
    params,
  );
  return rows.map((r) => ({ id: r.id, title: r.title, skill: r.skill, createdAt: new Date(r.created_at), author: r.author, answers: r.answers, accepted: r.accepted }));
}

export async function getQuestion(em: Em, userId: number, questionId: number) {
  const q = await em.findOne(CommunityQuestion, { id: questionId });
  if (!q) throw notFound('Community question');
  const answers = await em.find(CommunityAnswer, { question: q.id }, { orderBy: { accepted: 'desc', score: 'desc', id: 'asc' } });
  const authorIds = [q.author, ...answers.map((a) => a.author).filter((x): x is number => x !== null)];
  const users = new Map((await em.find(User, { id: { $in: authorIds } })).map((u) => [u.id, u]));
  const votes: { answer_id: number; value: number }[] = answers.length
    ? await em.execute(`select answer_id, value from community_votes where user_id = ? and answer_id in (${answers.map(() => '?').join(',')})`, [userId, ...answers.map((a) => a.id)])
    : [];
  const myVotes = new Map(votes.map((v) => [v.answer_id, v.value]));
  return {
    id: q.id, title: q.title, body: q.body, questionId: q.question, skill: q.skill, createdAt: q.createdAt,
    author: users.get(q.author)?.displayName ?? 'Unknown', isMine: q.author === userId,
    answers: answers.map((a) => ({
      id: a.id, body: a.body, isAi: a.isAi, author: a.isAi ? 'AI tutor' : (users.get(a.author!)?.displayName ?? 'Unknown'),
      authorRole: a.isAi ? 'ai' : (users.get(a.author!)?.role ?? 'student'), score: a.score, accepted: a.accepted, myVote: myVotes.get(a.id) ?? 0,
      isMine: a.author === userId, modelId: a.modelId, createdAt: a.createdAt,
    })),
  };
}
