/**
 * What staff (tutors and admins) see of students, and the record of every time they look.
 *
 * 1. `redactForStaff`: the one way student text reaches a reviewer or the dataset browser —
 *    the exporter's own redaction, so staff see exactly what an export would hold.
 * 2. `studentPseudonym`: a stable per-student label for grouping, never the name, email or id.
 * 3. `recordStaffAccess` / `listStaffAccess`: the access log admins read.
 */
import { emptyCounts, redact, userKey, type Identity } from '@satprep/exporter';
import type { Em } from '@satprep/domain/db';

export interface StaffUser {
  id: number;
  role: string;
  email: string;
}

// ---- 1. Redaction ---------------------------------------------------------------------------

/** A student's name and email as redaction needles (empty when the student is gone). */
export async function studentIdentity(em: Em, studentId: number): Promise<Identity[]> {
  const [u] = await em.execute<{ display_name: string; email: string }[]>('select display_name, email from users where id = ?', [studentId]);
  return u ? [{ names: [u.display_name], emails: [u.email] }] : [];
}

/**
 * Student content as staff may see it: names, contacts and ids replaced, as in exports.
 * `published`: the question-bank text the content quotes, left as it is (see the exporter's `namesNotIn`).
 */
export function redactForStaff(text: string, identities: Identity[], published?: string): string {
  return redact(text, identities, emptyCounts(), published);
}

// ---- 2. Pseudonyms --------------------------------------------------------------------------

/** A per-student label for staff screens; derived apart from export keys so the two cannot be joined. */
export function studentPseudonym(secret: string, studentId: number): string {
  return `student-${userKey(`staff-view:${secret}`, studentId).slice(0, 8)}`;
}

// ---- 3. Access log --------------------------------------------------------------------------

export type StaffAccessAction = 'review_item' | 'dataset_example' | 'dataset_list' | 'student_progress';

/** Records one staff read of student content. Nothing is recorded for students reading their own data. */
export async function recordStaffAccess(
  em: Em,
  staff: StaffUser,
  entry: { action: StaffAccessAction; subject: string; studentId: number | null },
): Promise<void> {
  if (staff.role !== 'tutor' && staff.role !== 'admin') return;
  if (entry.studentId === staff.id) return;
  await em.execute(
    'insert into staff_access_log (staff_id, staff_email, staff_role, action, subject, student_id, at) values (?, ?, ?, ?, ?, ?, now())',
    [staff.id, staff.email, staff.role, entry.action, entry.subject.slice(0, 200), entry.studentId],
  );
}

export interface AccessLogEntry {
  id: number;
  staffId: number | null;
  staffEmail: string;
  staffRole: string;
  action: string;
  subject: string;
  /** The student's pseudonym (null once the student's account is deleted). */
  student: string | null;
  at: string;
}

/** The access log, newest first, optionally for one staff account; keyset-paged by id. */
export async function listStaffAccess(
  em: Em,
  secret: string,
  f: { staffId?: number | undefined; beforeId?: number | undefined; limit: number },
): Promise<{ entries: AccessLogEntry[]; nextBeforeId: number | null }> {
  const where: string[] = ['true'];
  const params: unknown[] = [];
  if (f.staffId !== undefined) {
    where.push('staff_id = ?');
    params.push(f.staffId);
  }
  if (f.beforeId !== undefined) {
    where.push('id < ?');
    params.push(f.beforeId);
  }
  const rows = await em.execute<{ id: number; staff_id: number | null; staff_email: string; staff_role: string; action: string; subject: string; student_id: number | null; at: Date | string }[]>(
    `select id, staff_id, staff_email, staff_role, action, subject, student_id, at from staff_access_log where ${where.join(' and ')} order by id desc limit ?`,
    [...params, f.limit + 1],
  );
  const page = rows.slice(0, f.limit);
  return {
    entries: page.map((r) => ({
      id: r.id, staffId: r.staff_id, staffEmail: r.staff_email, staffRole: r.staff_role, action: r.action, subject: r.subject,
      student: r.student_id === null ? null : studentPseudonym(secret, r.student_id), at: new Date(r.at).toISOString(),
    })),
    nextBeforeId: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}
