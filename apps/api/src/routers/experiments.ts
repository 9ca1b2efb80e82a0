import { AddCandidateInput, ExperimentIdInput, StartExperimentInput } from '@satprep/domain';
import { addCandidate, listExperiments, startExperiment, stopExperiment } from '../services/experiments.ts';
import { adminProcedure, router } from '../trpc.ts';

// Candidate tutor models tried on a share of students, compared arm by arm, with a kill switch.
export const experimentsRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const list = await listExperiments(ctx.em);
    // The candidate's endpoint health on this instance, beside each experiment (null before its first call).
    return { ...list, experiments: list.experiments.map((e) => ({ ...e, candidateHealth: ctx.experiments.candidateHealth(e.candidate.id) })) };
  }),
  addCandidate: adminProcedure.input(AddCandidateInput).mutation(({ ctx, input }) => addCandidate(ctx.em, ctx.user.id, input)),
  start: adminProcedure.input(StartExperimentInput).mutation(({ ctx, input }) => startExperiment(ctx.em, ctx.experiments, ctx.user.id, input)),
  stop: adminProcedure.input(ExperimentIdInput).mutation(({ ctx, input }) => stopExperiment(ctx.em, ctx.experiments, input.experimentId)),
});
