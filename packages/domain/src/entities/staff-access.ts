import { defineEntity, p } from '@mikro-orm/core';
import { User } from './users.ts';

/** A student whose review items an admin assigned to a tutor (besides students linked to that tutor). */
export const ReviewAssignment = defineEntity({
  name: 'ReviewAssignment',
  tableName: 'review_assignments',
  uniques: [{ properties: ['tutor', 'student'] }],
  properties: {
    id: p.integer().primary(),
    tutor: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    student: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    assignedBy: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** One read of student content by a tutor or admin: who, what, when. Visible to admins. */
export const StaffAccess = defineEntity({
  name: 'StaffAccess',
  tableName: 'staff_access_log',
  properties: {
    id: p.integer().primary(),
    /** Null once the staff account is deleted; the email at the time stays. */
    staff: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable().index(),
    staffEmail: p.string().length(254),
    staffRole: p.string().length(20),
    /** What was read: review_item, dataset_example, student_progress. */
    action: p.string().length(40),
    /** Which record: a review item id, an example id, a student's pseudonym. */
    subject: p.string().length(200),
    student: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
    at: p.datetime().index(),
  },
});
