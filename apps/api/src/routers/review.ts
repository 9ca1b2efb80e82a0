import { ReviewSubmitInput, SetGuidelinesInput } from '@satprep/domain';
import { disputedItems, guidelines, nextItem, reviewStats, setGuidelines, submitReview } from '../services/review.ts';
import { adminProcedure, router, staffProcedure } from '../trpc.ts';

/** The human review queue: tutors and admins only. */
export const reviewRouter = router({
  next: staffProcedure.query(({ ctx }) => nextItem(ctx.em, ctx.user.id, ctx.config.review)),
  submit: staffProcedure.input(ReviewSubmitInput).mutation(({ ctx, input }) => submitReview(ctx.em, ctx.user, input, ctx.config.review)),
  stats: staffProcedure.query(({ ctx }) => reviewStats(ctx.em, ctx.user.id, ctx.config.review)),
  guidelines: staffProcedure.query(({ ctx }) => guidelines(ctx.em)),
  setGuidelines: adminProcedure.input(SetGuidelinesInput).mutation(({ ctx, input }) => setGuidelines(ctx.em, ctx.user.id, input.text)),
  disputes: adminProcedure.query(({ ctx }) => disputedItems(ctx.em, ctx.config.review)),
});
