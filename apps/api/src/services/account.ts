import { randomInt } from 'node:crypto';
import { AppError, notFound } from '@satprep/domain';
import { ConsentChange, GuardianLink, LinkInvite, User } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { toPublicUser } from './auth.ts';
import { recordExportWithdrawal } from './export-withdrawals.ts';
import type { SessionCache } from './session-cache.ts';
import { recentSessions, scoreEstimates, skillStats } from './practice.ts';
import { recordStaffAccess } from './staff-access.ts';

/** Cached sessions are dropped on every instance as the change commits (sessions.invalidate). */
export async function setConsent(em: Em, userId: number, consent: boolean, sessions: SessionCache) {
  return em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { id: userId });
    if (user.trainingConsent !== consent) {
      user.trainingConsent = consent;
      user.consentUpdatedAt = new Date();
      tx.create(ConsentChange, { user: userId, consent, source: 'settings' });
      // Earlier exports lose this student's lines too (see export-withdrawals.ts).
      if (!consent) await recordExportWithdrawal(tx, userId, 'consent-withdrawn');
    }
    await tx.flush();
    await sessions.invalidate(tx, { userId });
    return toPublicUser(user);
  });
}

/** Tables holding a user's rows, with the column that names the user. Used for export and deletion. */
const USER_TABLES: [table: string, column: string][] = [
  ['consent_changes', 'user_id'],
  ['practice_sessions', 'user_id'],
  ['responses', 'user_id'],
  ['skill_proficiency', 'user_id'],
  ['session_feedback', 'user_id'],
  ['study_plans', 'user_id'],
  ['feedback_ratings', 'user_id'],
  ['help_requests', 'user_id'],
  ['study_plan_actions', 'user_id'],
  ['user_notes', 'user_id'],
  ['community_questions', 'author_id'],
  ['community_answers', 'author_id'],
  ['community_votes', 'user_id'],
  ['guardian_links', 'student_id'],
  ['guardian_links', 'guardian_id'],
  // A reviewer's verdicts are theirs. Queue items about a student's outputs are removed with the
  // account (foreign key cascade) but are the platform's review records, not the student's data.
  ['reviews', 'reviewer_id'],
  // A tutor application made at sign-up (invites an admin made go with the admin's account).
  ['staff_applications', 'user_id'],
];

/** Everything stored about the caller, as JSON (the right of access). */
export async function exportMyData(em: Em, userId: number) {
  const user = await em.findOneOrFail(User, { id: userId });
  const data: Record<string, unknown[]> = {};
  for (const [table, column] of USER_TABLES) {
    const key = table === 'guardian_links' ? `${table}_as_${column.replace('_id', '')}` : table;
    data[key] = await em.execute(`select * from ${table} where ${column} = ? order by id`, [userId]);
  }
  return { exportedAt: new Date().toISOString(), user: toPublicUser(user), data };
}

/**
 * Deletes the account. Every row that names the user goes with it (foreign keys cascade),
 * including community posts, so no later export can contain the user's text.
 * Sessions go too, so the token stops working at once.
 */
export async function deleteAccount(em: Em, userId: number, sessions: SessionCache) {
  return em.transactional(async (tx) => {
    const counts: Record<string, number> = {};
    for (const [table, column] of USER_TABLES) {
      const rows: { n: number }[] = await tx.execute(`select count(*)::int as n from ${table} where ${column} = ?`, [userId]);
      counts[table] = (counts[table] ?? 0) + rows[0]!.n;
    }
    await recordExportWithdrawal(tx, userId, 'account-deleted');
    const deleted = await tx.nativeDelete(User, { id: userId });
    if (deleted === 0) throw notFound('Account');
    await sessions.invalidate(tx, { userId });
    return { deleted: true as const, rowsRemoved: counts };
  });
}

// ---- Guardian links (parents and tutors reading a student's progress) -------------------

const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const INVITE_TTL_MS = 7 * 86_400_000;

export async function createInvite(em: Em, guardian: { id: number; role: string }) {
  if (guardian.role !== 'parent' && guardian.role !== 'tutor') throw new AppError('FORBIDDEN', 'Only parent and tutor accounts can invite a student.');
  const code = Array.from({ length: 8 }, () => INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)]).join('');
  const invite = em.create(LinkInvite, { code, guardian: guardian.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS), acceptedAt: null });
  await em.flush();
  return { code, expiresAt: invite.expiresAt };
}

export async function acceptInvite(em: Em, student: { id: number; role: string }, code: string) {
  if (student.role !== 'student') throw new AppError('FORBIDDEN', 'Only student accounts can accept an invite code.');
  return em.transactional(async (tx) => {
    const invite = await tx.findOne(LinkInvite, { code, acceptedAt: null, expiresAt: { $gt: new Date() } });
    if (!invite) throw new AppError('NOT_FOUND', 'That invite code is not valid or has expired. Ask for a new one.');
    invite.acceptedAt = new Date();
    await tx.execute('insert into guardian_links (guardian_id, student_id, created_at) values (?, ?, now()) on conflict do nothing', [invite.guardian, student.id]);
    const guardian = await tx.findOneOrFail(User, { id: invite.guardian });
    return { guardian: { id: guardian.id, displayName: guardian.displayName, role: guardian.role } };
  });
}

export async function listLinks(em: Em, userId: number) {
  const rows: { id: number; display_name: string; role: string; as: string }[] = await em.execute(
    `select u.id, u.display_name, u.role, 'student' as as from guardian_links l join users u on u.id = l.student_id where l.guardian_id = ?
     union all
     select u.id, u.display_name, u.role, 'guardian' as as from guardian_links l join users u on u.id = l.guardian_id where l.student_id = ?`,
    [userId, userId],
  );
  return {
    students: rows.filter((r) => r.as === 'student').map((r) => ({ id: r.id, displayName: r.display_name })),
    guardians: rows.filter((r) => r.as === 'guardian').map((r) => ({ id: r.id, displayName: r.display_name, role: r.role })),
  };
}

/**
 * A student removes a parent's or tutor's access to their progress. The guardian's cached
 * sessions need no eviction: the link is read from the database on every access check.
 */
export async function unlinkGuardian(em: Em, studentId: number, guardianId: number) {
  const removed = await em.nativeDelete(GuardianLink, { student: studentId, guardian: guardianId });
  if (removed === 0) throw notFound('Linked parent or tutor');
  return { unlinked: true as const };
}

/** The one check for reading another user's data: admins, or a guardian linked to that student. Unlinked → NOT_FOUND. */
export async function assertCanViewStudent(em: Em, viewer: { id: number; role: string }, studentId: number): Promise<void> {
  if (viewer.id === studentId || viewer.role === 'admin') return;
  const link = await em.findOne(GuardianLink, { guardian: viewer.id, student: studentId });
  if (!link) throw notFound('Student');
}

export async function studentProgress(em: Em, viewer: { id: number; role: string; email: string }, studentId: number) {
  await assertCanViewStudent(em, viewer, studentId);
  const student = await em.findOne(User, { id: studentId });
  if (!student) throw notFound('Student');
  // A tutor's or admin's look at a student is a staff read (parents are not staff; see staff-access.ts).
  await recordStaffAccess(em, viewer, { action: 'student_progress', subject: `student:${studentId}`, studentId });
  return {
    student: { id: student.id, displayName: student.displayName },
    skills: await skillStats(em, studentId),
    recentSessions: await recentSessions(em, studentId, 10),
    scores: await scoreEstimates(em, studentId),
  };
}
