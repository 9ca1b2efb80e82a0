import { AcceptInviteInput, SetConsentInput, StudentIdInput } from '@satprep/domain';
import { acceptInvite, createInvite, deleteAccount, exportMyData, listLinks, setConsent, studentProgress } from '../services/account.ts';
import { toPublicUser } from '../services/auth.ts';
import { scheduleExportWithdrawals } from '../services/export-withdrawals.ts';
import { guardInviteAccept, takeInviteCreation } from '../services/rate-limit.ts';
import { recentSessions, skillStats } from '../services/practice.ts';
import { authedProcedure, router } from '../trpc.ts';

export const meRouter = router({
  get: authedProcedure.query(({ ctx }) => toPublicUser(ctx.user)),
  progress: authedProcedure.query(async ({ ctx }) => ({ skills: await skillStats(ctx.em, ctx.user.id), recentSessions: await recentSessions(ctx.em, ctx.user.id) })),
  setConsent: authedProcedure.input(SetConsentInput).mutation(async ({ ctx, input }) => {
    const user = await setConsent(ctx.em, ctx.user.id, input.trainingConsent, ctx.sessions);
    if (!input.trainingConsent && ctx.config.exportWithdrawalsAutorun) void scheduleExportWithdrawals(ctx.orm, ctx.config);
    return user;
  }),
  exportMyData: authedProcedure.query(({ ctx }) => exportMyData(ctx.em, ctx.user.id)),
  deleteAccount: authedProcedure.mutation(async ({ ctx }) => {
    const result = await deleteAccount(ctx.em, ctx.user.id, ctx.sessions);
    ctx.setSessionCookie(null);
    if (ctx.config.exportWithdrawalsAutorun) void scheduleExportWithdrawals(ctx.orm, ctx.config);
    return result;
  }),
  createInvite: authedProcedure.mutation(async ({ ctx }) => {
    await takeInviteCreation(ctx.limits.invites, ctx.user.id);
    return createInvite(ctx.em, ctx.user);
  }),
  acceptInvite: authedProcedure.input(AcceptInviteInput).mutation(({ ctx, input }) => guardInviteAccept(ctx.limits.inviteGuesses, ctx.user.id, () => acceptInvite(ctx.em, ctx.user, input.code))),
  links: authedProcedure.query(({ ctx }) => listLinks(ctx.em, ctx.user.id)),
  studentProgress: authedProcedure.input(StudentIdInput).query(({ ctx, input }) => studentProgress(ctx.em, ctx.user, input.studentId)),
});
