import type { Tutor } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { User } from '@satprep/domain/entities';
import { createUser } from './auth.ts';
import { addNote, recordFeedbackRating, recordHelpRequest } from './collection.ts';
import { postQuestion } from './community.ts';
import { startPractice, submitPractice } from './practice.ts';
import { actOnPlan, getOrCreatePlan } from './study-plan.ts';

export const DEMO_ACCOUNTS = {
  student: { email: 'student@demo.satprep', password: 'demo-student-pass', displayName: 'Demo Student' },
  admin: { email: 'admin@demo.satprep', password: 'demo-admin-pass', displayName: 'Demo Admin' },
} as const;

/** Seeds demo accounts and some history through the same services the API uses; only on an empty users table. */
export async function seedDemo(em: Em, tutor: Tutor): Promise<boolean> {
  if ((await em.count(User, {})) > 0) return false;
  const student = await createUser(em, { ...DEMO_ACCOUNTS.student, role: 'student', trainingConsent: true });
  await createUser(em, { ...DEMO_ACCOUNTS.admin, role: 'admin', trainingConsent: false });

  // Two sessions: the demo student answers about two thirds right, deterministically.
  let feedbackId = 0;
  for (const domain of ['Algebra', 'Craft and Structure'] as const) {
    const { sessionId, questions } = await startPractice(em.fork(), student.id, { domain, count: 6 });
    const keys = await em.fork().execute<{ id: string; answer: string }[]>(`select id, answer from questions where id in (${questions.map(() => '?').join(',')})`, questions.map((q) => q.id));
    const key = new Map(keys.map((k) => [k.id, k.answer]));
    const result = await submitPractice(em.fork(), tutor, student, {
      sessionId,
      answers: questions.map((q, i) => ({ questionId: q.id, answer: i % 3 === 2 ? (q.format === 'mcq' ? (key.get(q.id) === 'A' ? 'B' : 'A') : '0') : key.get(q.id)!, timeSpentMs: 45_000 + i * 7_000 })),
    });
    feedbackId = result.feedback.feedbackId;
    if (domain === 'Algebra') {
      await recordHelpRequest(em.fork(), tutor, student.id, { questionId: questions[2]!.id, sessionId, query: 'Why is my answer wrong?', inputMode: 'text' });
      await addNote(em.fork(), tutor, student.id, { questionId: questions[2]!.id, sessionId, text: 'Check the sign when moving terms across the equals sign.', askTutor: true });
    }
  }
  await recordFeedbackRating(em.fork(), student.id, { feedbackId, rating: 4 });
  const plan = await getOrCreatePlan(em.fork(), student.id);
  await actOnPlan(em.fork(), tutor, student.id, { planId: plan.planId, taskIndex: 0, action: 'completed' });
  await postQuestion(em.fork(), tutor, student.id, { title: 'How do I spot a comma splice quickly?', body: 'I keep missing boundary questions. Is there a fast check?', skill: 'boundaries' });
  return true;
}
