import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tutor } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { User } from '@satprep/domain/entities';
import { createUser } from '@satprep/core/users';
import { addNote, recordFeedbackRating, recordHelpRequest, type RatingWriter } from './collection.ts';
import { postQuestion } from './community.ts';
import { startPractice, submitPractice, type QuestionCache } from './practice.ts';
import { actOnPlan, getOrCreatePlan } from './study-plan.ts';

/** Demo accounts have fixed emails; their passwords are generated on first start, never written in the repository. */
export const DEMO_EMAILS = { student: 'student@demo.satprep', admin: 'admin@demo.satprep' } as const;

export interface DemoAccount {
  role: 'student' | 'admin';
  email: string;
  password: string;
}

/** Where the generated passwords are kept for the operator (mode 0600), so every start can print them again. */
export const DEMO_CREDENTIALS_FILE = 'demo-accounts.json';

const newPassword = () => randomBytes(15).toString('base64url');

function credentialsPath(dataDir: string): string | null {
  return dataDir.startsWith('memory:') ? null : path.join(dataDir, DEMO_CREDENTIALS_FILE);
}

function saveCredentials(dataDir: string, accounts: DemoAccount[]): void {
  const file = credentialsPath(dataDir);
  if (!file) return;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ createdAt: new Date().toISOString(), accounts }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function loadCredentials(dataDir: string): DemoAccount[] | null {
  const file = credentialsPath(dataDir);
  if (!file || !existsSync(file)) return null;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { accounts: DemoAccount[] }).accounts;
  } catch {
    return null;
  }
}

/** The lines printed on start so the operator can sign in. */
export function describeDemoAccounts(demo: { accounts: DemoAccount[]; created: boolean }, dataDir: string): string {
  const file = credentialsPath(dataDir);
  const lines = demo.accounts.map((a) => `  ${a.role.padEnd(7)} ${a.email} / ${a.password}`);
  return [`demo accounts (${demo.created ? 'created now' : 'created on first start'}, passwords generated${file ? `, kept in ${file}` : ''}):`, ...lines].join('\n');
}

/**
 * On an empty users table: creates the demo student and admin with generated passwords and some
 * history, through the same services the API uses, and keeps the passwords in DATA_DIR. On a
 * later start: the kept passwords, to print again. Null when there is nothing to show.
 */
export async function seedDemo(em: Em, { tutor, questions: bank, ratings }: { tutor: Tutor; questions: QuestionCache; ratings: RatingWriter }, dataDir: string): Promise<{ accounts: DemoAccount[]; created: boolean } | null> {
  if ((await em.count(User, {})) > 0) {
    const kept = loadCredentials(dataDir);
    return kept ? { accounts: kept, created: false } : null;
  }
  const accounts: DemoAccount[] = [
    { role: 'student', email: DEMO_EMAILS.student, password: newPassword() },
    { role: 'admin', email: DEMO_EMAILS.admin, password: newPassword() },
  ];
  const student = await createUser(em, { ...accounts[0]!, displayName: 'Demo Student', role: 'student', trainingConsent: true });
  await createUser(em, { ...accounts[1]!, displayName: 'Demo Admin', role: 'admin', trainingConsent: false });
  saveCredentials(dataDir, accounts);

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
      await recordHelpRequest({ em: em.fork(), tutor, questions: bank }, student.id, { questionId: questions[2]!.id, sessionId, query: 'Why is my answer wrong?', inputMode: 'text' });
      await addNote({ em: em.fork(), tutor, questions: bank }, student.id, { questionId: questions[2]!.id, sessionId, text: 'Check the sign when moving terms across the equals sign.', askTutor: true });
    }
  }
  await recordFeedbackRating(ratings, student.id, { feedbackId, rating: 4 });
  const plan = await getOrCreatePlan(em.fork(), student.id);
  await actOnPlan(em.fork(), tutor, student.id, { planId: plan.planId, taskIndex: 0, action: 'completed' });
  await postQuestion({ em: em.fork(), tutor, questions: bank }, student.id, { title: 'How do I spot a comma splice quickly?', body: 'I keep missing boundary questions. Is there a fast check?', skill: 'boundaries' });
  return { accounts, created: true };
}
