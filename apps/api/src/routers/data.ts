import { StartExportInput } from '@satprep/domain';
import { dataStats } from '../services/data-stats.ts';
import { listExportRuns, startExport } from '../services/export.ts';
import { adminProcedure, router } from '../trpc.ts';

export const dataRouter = router({
  stats: adminProcedure.query(({ ctx }) => dataStats(ctx.em)),
  export: adminProcedure.input(StartExportInput).mutation(({ ctx, input }) => startExport(ctx.orm, ctx.readOrm, ctx.config, ctx.user.id, input)),
  exportRuns: adminProcedure.query(({ ctx }) => listExportRuns(ctx.em)),
});
