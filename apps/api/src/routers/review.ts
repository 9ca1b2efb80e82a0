import {
  AccessLogInput, AssignReviewStudentsInput, ReviewerPseudonymInput, ReviewItemIdInput, ReviewSubmitInput, RevokeReviewerInput, SetGuidelinesInput,
  UnassignReviewStudentsInput,
} from '@satprep/domain';
import { pseudonymSecret } from '@satprep/core/export';
import {
  assignStudents, confirmCorrection, disputedItems, guidelines, listReviewers, nextItem, restoreReviewer, reviewPool, reviewStats,
  revokeReviewer, setGuidelines, submitReview, unassignStudents,
} from '../services/review.ts';
import { listStaffAccess } from '../services/staff-access.ts';
import { adminProcedure, router, staffProcedure } from '../trpc.ts';

/** The human review queue: tutors (on their linked or assigned students) and admins only. */
export const reviewRouter = router({
  next: staffProcedure.query(({ ctx }) => nextItem(ctx.em, ctx.user, ctx.config.review, pseudonymSecret(ctx.config))),
  submit: staffProcedure.input(ReviewSubmitInput).mutation(({ ctx, input }) => submitReview(ctx.em, ctx.user, input, ctx.config.review)),
  // Agrees with the correction waiting on an item (a second reviewer, or an admin confirming).
  confirm: staffProcedure.input(ReviewItemIdInput).mutation(({ ctx, input }) => confirmCorrection(ctx.em, ctx.user, input.itemId, ctx.config.review)),
  stats: staffProcedure.query(({ ctx }) => reviewStats(ctx.em, ctx.user, ctx.config.review)),
  guidelines: staffProcedure.query(({ ctx }) => guidelines(ctx.em)),
  setGuidelines: adminProcedure.input(SetGuidelinesInput).mutation(({ ctx, input }) => setGuidelines(ctx.em, ctx.user.id, input.text)),
  disputes: adminProcedure.query(({ ctx }) => disputedItems(ctx.em, ctx.config.review, ctx.user, pseudonymSecret(ctx.config))),
  // Reviewers by pseudonym; revoking one (optionally rolling back their verdicts).
  reviewers: adminProcedure.query(({ ctx }) => listReviewers(ctx.em)),
  revokeReviewer: adminProcedure.input(RevokeReviewerInput).mutation(({ ctx, input }) => revokeReviewer(ctx.em, ctx.user, input, ctx.config.review)),
  restoreReviewer: adminProcedure.input(ReviewerPseudonymInput).mutation(({ ctx, input }) => restoreReviewer(ctx.em, input.pseudonym)),
  // Which tutor reviews which students.
  pool: adminProcedure.query(({ ctx }) => reviewPool(ctx.em, pseudonymSecret(ctx.config), ctx.config.review)),
  assign: adminProcedure.input(AssignReviewStudentsInput).mutation(({ ctx, input }) => assignStudents(ctx.em, ctx.user, input, ctx.config.review)),
  unassign: adminProcedure.input(UnassignReviewStudentsInput).mutation(({ ctx, input }) => unassignStudents(ctx.em, input)),
  // Every staff read of student content.
  accessLog: adminProcedure.input(AccessLogInput).query(({ ctx, input }) => listStaffAccess(ctx.em, pseudonymSecret(ctx.config), input)),
});
