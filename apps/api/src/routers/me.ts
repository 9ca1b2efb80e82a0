import { AcceptInviteInput, AppError, ChangePasswordInput, SetConsentInput, StudentIdInput, UnlinkGuardianInput } from '@satprep/domain';
import { acceptInvite, createInvite, deleteAccount, exportMyData, listLinks, setConsent, studentProgress, unlinkGuardian } from '../services/account.ts';
import { changePassword, toPublicUser } from '../services/auth.ts';
import { myApplication } from '../services/staff.ts';
import { scheduleExportWithdrawals } from '../services/export-withdrawals.ts';
import { guardInviteAccept, takeInviteCreation } from '../services/rate-limit.ts';
import { recentSessions, scoreEstimates, skillStats } from '../services/practice.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const meRouter = router({
  get: authedProcedure.query(({ ctx }) => toPublicUser(ctx.user)),
  /** The signed-in user, or null when nobody is: the app's start-up check, which a signed-out visit must not turn into a 401. */
  session: publicProcedure.query(({ ctx }) => (ctx.user && ctx.sessionId !== null ? toPublicUser(ctx.user) : null)),
  progress: authedProcedure.query(async ({ ctx }) => ({
    skills: await skillStats(ctx.em, ctx.user.id),
    recentSessions: await recentSessions(ctx.em, ctx.user.id),
    scores: await scoreEstimates(ctx.em, ctx.user.id),
  })),
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
  /** A student removes a parent's or tutor's access. */
  unlinkGuardian: authedProcedure.input(UnlinkGuardianInput).mutation(({ ctx, input }) => unlinkGuardian(ctx.em, ctx.user.id, input.guardianId)),
  /** Needs the current password (wrong guesses count like failed sign-ins); signs out every other session. */
  changePassword: authedProcedure.input(ChangePasswordInput).mutation(async ({ ctx, input }) => {
    try {
      return await ctx.limits.signIn.guard(ctx.user.email, ctx.clientIp, () =>
        changePassword(ctx.em, ctx.user.id, ctx.sessionId, input.currentPassword, input.newPassword, ctx.sessions),
      );
    } catch (err) {
      // UNAUTHORIZED would read as "signed out" to clients; the session is fine, the password is not.
      if (err instanceof AppError && err.code === 'UNAUTHORIZED') throw new AppError('BAD_REQUEST', err.message);
      throw err;
    }
  }),
  /** The caller's staff application (tutor sign-up without an invite), or null. */
  staffApplication: authedProcedure.query(({ ctx }) => myApplication(ctx.em, ctx.user.id)),
  studentProgress: authedProcedure.input(StudentIdInput).query(({ ctx, input }) => studentProgress(ctx.em, ctx.user, input.studentId)),
});
