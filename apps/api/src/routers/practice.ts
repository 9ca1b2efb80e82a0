import { HelpInput, IdSchema, RateFeedbackInput, RateHelpInput, SaveAnswerInput, StartPracticeInput, SubmitPracticeInput } from '@satprep/domain';
import { z } from 'zod';
import { rateHelp, recordFeedbackRating, recordHelpRequest } from '../services/collection.ts';
import { currentSession, recentSessions, reviewSession, saveAnswer, startPractice, submitPractice } from '../services/practice.ts';
import { streamed } from '../streaming.ts';
import { sessionHelp } from '../services/session-help.ts';
import { router, studentProcedure } from '../trpc.ts';

export const practiceRouter = router({
  start: studentProcedure.input(StartPracticeInput).mutation(({ ctx, input }) => startPractice(ctx.em, ctx.user.id, input)),
  /** Saves one answer as it is given, so the session survives a reload, Back or another device. */
  saveAnswer: studentProcedure.input(SaveAnswerInput).mutation(({ ctx, input }) => saveAnswer(ctx.em, ctx.user.id, input)),
  /** The caller's unsubmitted session of the last 24 hours with its saved answers, or null. */
  current: studentProcedure.query(({ ctx }) => currentSession(ctx.em, ctx.user.id)),
  submit: studentProcedure.input(SubmitPracticeInput).mutation(({ ctx, input }) => submitPractice(ctx.em, ctx.tutor, ctx.user, input)),
  history: studentProcedure.query(({ ctx }) => recentSessions(ctx.em, ctx.user.id)),
  review: studentProcedure.input(z.object({ sessionId: IdSchema })).query(({ ctx, input }) => reviewSession(ctx.em, ctx.user.id, input.sessionId)),
  rateFeedback: studentProcedure.input(RateFeedbackInput).mutation(({ ctx, input }) => recordFeedbackRating(ctx.ratings, ctx.user.id, input)),
  help: studentProcedure.input(HelpInput).mutation(({ ctx, input }) => recordHelpRequest(ctx, ctx.user.id, input)),
  /** The same, streamed: the answer's text as the tutor writes it, then the stored request (needs a streaming link). */
  helpStream: studentProcedure.input(HelpInput).mutation(({ ctx, input }) => streamed((sink) => recordHelpRequest(ctx, ctx.user.id, input, sink))),
  /** The help questions and tutor answers of one of the caller's sessions, oldest first (shown again on its results and review). */
  sessionHelp: studentProcedure.input(z.object({ sessionId: IdSchema })).query(({ ctx, input }) => sessionHelp(ctx.em, ctx.user.id, input.sessionId)),
  rateHelp: studentProcedure.input(RateHelpInput).mutation(({ ctx, input }) => rateHelp(ctx.em, ctx.user.id, input.helpRequestId, input.helpful)),
});
