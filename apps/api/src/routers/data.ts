import { BrowseExamplesInput, ExampleIdInput, StartExportInput } from '@satprep/domain';
import { listEvalRuns } from '@satprep/eval';
import { browseExamples, exampleDetail } from '../services/dataset-browser.ts';
import { dataStats } from '@satprep/core/data-stats';
import { pseudonymSecret, syntheticDeps } from '@satprep/core/export';
import { listExportRuns, startExport } from '../services/export.ts';
import { adminProcedure, router } from '../trpc.ts';

export const dataRouter = router({
  stats: adminProcedure.query(({ ctx }) => dataStats(ctx.em)),
  export: adminProcedure.input(StartExportInput).mutation(({ ctx, input }) => startExport(ctx.orm, ctx.readOrm, ctx.config, ctx.user.id, input)),
  exportRuns: adminProcedure.query(({ ctx }) => listExportRuns(ctx.em)),
  // Which model answers students, whether its endpoint is healthy, and its calls, tokens and cost.
  tutorStatus: adminProcedure.query(({ ctx }) => ctx.tutorStatus()),
  // Evaluations of tutor models (`satprep eval`), newest first, to compare side by side.
  evalRuns: adminProcedure.query(({ ctx }) => listEvalRuns(ctx.em)),
  // The dataset browser: examples as exports write them, with their lineage.
  examples: adminProcedure.input(BrowseExamplesInput).query(({ ctx, input }) => browseExamples(ctx.em, browserDeps(), pseudonymSecret(ctx.config), input, ctx.user)),
  example: adminProcedure.input(ExampleIdInput).query(({ ctx, input }) => exampleDetail(ctx.em, browserDeps(), pseudonymSecret(ctx.config), input.id, ctx.user)),
});

// The synthetic generator needs the question bank; built once, on first use.
let deps: ReturnType<typeof syntheticDeps> | undefined;
const browserDeps = () => (deps ??= syntheticDeps());
