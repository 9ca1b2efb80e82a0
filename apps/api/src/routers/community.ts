import { CommunityAcceptInput, CommunityAnswerInput, CommunityGetInput, CommunityListInput, CommunityVoteInput, PostCommunityQuestionInput } from '@satprep/domain';
import { accept, answerQuestion, getQuestion, listQuestions, postQuestion, vote } from '../services/community.ts';
import { streamed } from '../streaming.ts';
import { authedProcedure, router } from '../trpc.ts';

export const communityRouter = router({
  postQuestion: authedProcedure.input(PostCommunityQuestionInput).mutation(({ ctx, input }) => postQuestion(ctx, ctx.user.id, input)),
  /** The same, with the tutor's draft answer streamed as it is written (needs a streaming link). */
  postQuestionStream: authedProcedure.input(PostCommunityQuestionInput).mutation(({ ctx, input }) => streamed((sink) => postQuestion(ctx, ctx.user.id, input, sink))),
  answer: authedProcedure.input(CommunityAnswerInput).mutation(({ ctx, input }) => answerQuestion(ctx.em, ctx.user.id, input.questionId, input.body)),
  vote: authedProcedure.input(CommunityVoteInput).mutation(({ ctx, input }) => vote(ctx.em, ctx.user.id, input.answerId, input.value)),
  accept: authedProcedure.input(CommunityAcceptInput).mutation(({ ctx, input }) => accept(ctx.em, ctx.user, input.answerId)),
  list: authedProcedure.input(CommunityListInput).query(({ ctx, input }) => listQuestions(ctx.em, input)),
  get: authedProcedure.input(CommunityGetInput).query(({ ctx, input }) => getQuestion(ctx.em, ctx.user.id, input.questionId)),
});
