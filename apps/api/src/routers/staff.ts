import { CreateStaffInviteInput, StaffApplicantInput, StaffInviteIdInput } from '@satprep/domain';
import { createStaffInvite } from '@satprep/core/staff-invites';
import {
  decideApplication, listPendingApplications, listStaffInvites, revokeStaffInvite, staffInviteLimits, takeInviteCreation,
} from '../services/staff.ts';
import { adminProcedure, router } from '../trpc.ts';

/** Admins grant staff roles: invites for tutors and admins, and decisions on tutor applications. */
export const staffRouter = router({
  createInvite: adminProcedure.input(CreateStaffInviteInput).mutation(async ({ ctx, input }) => {
    await takeInviteCreation(staffInviteLimits(ctx).creates, ctx.user.id);
    return createStaffInvite(ctx.em, ctx.user.id, input, ctx.config.staffInvites.ttlMs);
  }),
  invites: adminProcedure.query(({ ctx }) => listStaffInvites(ctx.em)),
  revokeInvite: adminProcedure.input(StaffInviteIdInput).mutation(({ ctx, input }) => revokeStaffInvite(ctx.em, input.inviteId)),
  pending: adminProcedure.query(({ ctx }) => listPendingApplications(ctx.em)),
  approve: adminProcedure.input(StaffApplicantInput).mutation(({ ctx, input }) => decideApplication(ctx.em, ctx.user.id, input.userId, 'approved', ctx.sessions)),
  reject: adminProcedure.input(StaffApplicantInput).mutation(({ ctx, input }) => decideApplication(ctx.em, ctx.user.id, input.userId, 'rejected', ctx.sessions)),
});
