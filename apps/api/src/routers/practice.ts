import { HelpInput, IdSchema, RateFeedbackInput, RateHelpInput, StartPracticeInput, SubmitPracticeInput } from '@satprep/domain';
import { z } from 'zod';
import { rateHelp, recordFeedbackRating, recordHelpRequest } from '../services/collection.ts';
import { recentSessions, reviewSession, startPractice, submitPractice } from '../services/practice.ts';
import { router, studentProcedure } from '../trpc.ts';

export const practiceRouter = router({
  start: studentProcedure.input(StartPracticeInput).mutation(({ ctx, input }) => startPractice(ctx.em, ctx.user.id, input)),
  submit: studentProcedure.input(SubmitPracticeInput).mutation(({ ctx, input }) => submitPractice(ctx.em, ctx.tutor, ctx.user, input)),
  history: studentProcedure.query(({ ctx }) => recentSessions(ctx.em, ctx.user.id)),
  review: studentProcedure.input(z.object({ sessionId: IdSchema })).query(({ ctx, input }) => reviewSession(ctx.em, ctx.user.id, input.sessionId)),
  rateFeedback: studentProcedure.input(RateFeedbackInput).mutation(({ ctx, input }) => recordFeedbackRating(ctx.em, ctx.user.id, input)),
  help: studentProcedure.input(HelpInput).mutation(({ ctx, input }) => recordHelpRequest(ctx.em, ctx.tutor, ctx.user.id, input)),
  rateHelp: studentProcedure.input(RateHelpInput).mutation(({ ctx, input }) => rateHelp(ctx.em, ctx.user.id, input.helpRequestId, input.helpful)),
});
