import { z } from 'zod';
import { userText } from './common.ts';

export const ROLES = ['student', 'parent', 'tutor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const EmailSchema = z.string().trim().toLowerCase().max(254).email('Enter a valid email address');
export const PasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters for your password')
  .max(200, 'Passwords are limited to 200 characters');

export const SignUpInput = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: userText(80, 'Display name'),
  /** Admins are created with `satprep admin create`, never by sign-up. */
  role: z.enum(['student', 'parent', 'tutor']).default('student'),
  trainingConsent: z.boolean(),
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
