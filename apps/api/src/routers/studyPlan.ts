import { StudyPlanActInput } from '@satprep/domain';
import { actOnPlan, getOrCreatePlan } from '../services/study-plan.ts';
import { router, studentProcedure } from '../trpc.ts';

export const studyPlanRouter = router({
  get: studentProcedure.query(({ ctx }) => getOrCreatePlan(ctx.em, ctx.user.id)),
  act: studentProcedure.input(StudyPlanActInput).mutation(({ ctx, input }) => actOnPlan(ctx.em, ctx.tutor, ctx.user.id, input)),
});
