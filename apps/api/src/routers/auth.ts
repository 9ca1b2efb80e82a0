import { SignInInput, SignUpInput } from '@satprep/domain';
import { signIn, signOut, signOutEverywhere, signUp } from '../services/auth.ts';
import { takeSignUp } from '../services/rate-limit.ts';
import { guardInviteGuess, staffInviteLimits } from '../services/staff.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  signUp: publicProcedure.input(SignUpInput).mutation(async ({ ctx, input }) => {
    await takeSignUp(ctx.limits.signUps, ctx.clientIp);
    const result = input.inviteCode
      ? await guardInviteGuess(staffInviteLimits(ctx).guesses, ctx.clientIp, () => signUp(ctx.em, input, ctx.config.sessionTtlMs))
      : await signUp(ctx.em, input, ctx.config.sessionTtlMs);
    ctx.setSessionCookie(result.token, ctx.config.sessionTtlMs);
    return result;
  }),
  signIn: publicProcedure.input(SignInInput).mutation(async ({ ctx, input }) => {
    const result = await ctx.limits.signIn.guard(input.email, ctx.clientIp, () => signIn(ctx.em, input.email, input.password, ctx.config.sessionTtlMs));
    ctx.setSessionCookie(result.token, ctx.config.sessionTtlMs);
    return result;
  }),
  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.em, ctx.sessionId, ctx.sessions);
    ctx.setSessionCookie(null);
    return { signedOut: true as const };
  }),
  /** Revokes every session of the caller (other devices included) on every instance. */
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const result = await signOutEverywhere(ctx.em, ctx.user.id, ctx.sessions);
    ctx.setSessionCookie(null);
    return result;
  }),
});
