import { z } from 'zod';
import { userText } from './common.ts';

/**
 * `applicant`: signed up asking to be a tutor, waiting for an admin's approval. An applicant has
 * no staff powers (and no practice features): a signed-in account that sees nobody's data.
 */
export const ROLES = ['student', 'parent', 'tutor', 'admin', 'applicant'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const EmailSchema = z.string().trim().toLowerCase().max(254).email('Enter a valid email address');
export const PasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters for your password')
  .max(200, 'Passwords are limited to 200 characters');

/** Staff roles, granted by an admin's invite or approval, never chosen at sign-up. */
export const STAFF_ROLES = ['tutor', 'admin'] as const;
export const StaffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

/** Staff invite codes: 20 letters or digits, shown in groups of five; dashes and spaces are ignored. */
export const StaffInviteCodeSchema = z
  .string()
  .max(64)
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{20}$/, 'Invite codes are 20 letters or digits (dashes optional)'));

export const SignUpInput = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: userText(80, 'Display name'),
  /**
   * student or parent: the account is created as asked. tutor without an invite: the account is
   * created as a pending application (role `applicant`) until an admin approves it. admin needs
   * an invite (or `satprep admin create`). With `inviteCode`, the invite's role applies.
   */
  role: z.enum(['student', 'parent', 'tutor', 'admin']).default('student'),
  trainingConsent: z.boolean(),
  /** A staff invite from an admin; the account gets the invite's role. */
  inviteCode: StaffInviteCodeSchema.optional(),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.object({ email: EmailSchema, password: z.string().min(1, 'Enter your password').max(200) });

export const PublicUserSchema = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  trainingConsent: z.boolean(),
  consentUpdatedAt: z.date(),
  createdAt: z.date(),
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

export const SetConsentInput = z.object({ trainingConsent: z.boolean() });
export const AcceptInviteInput = z.object({ code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, 'Invite codes are 8 letters or digits') });
export const StudentIdInput = z.object({ studentId: z.number().int().positive() });

export const UnlinkGuardianInput = z.object({ guardianId: z.number().int().positive() });
export const ChangePasswordInput = z.object({ currentPassword: z.string().min(1, 'Enter your current password').max(200), newPassword: PasswordSchema });

export const CreateStaffInviteInput = z.object({
  role: StaffRoleSchema,
  /** When given, only this email can use the invite. */
  email: EmailSchema.optional(),
});
export const StaffInviteIdInput = z.object({ inviteId: z.number().int().positive() });
export const StaffApplicantInput = z.object({ userId: z.number().int().positive() });
