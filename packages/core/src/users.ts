import { createHash } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, type Role, type SignUpInput } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { ConsentChange, User, type UserRow } from '@satprep/domain/entities';

/** How session tokens and staff invite codes are stored: only their SHA-256. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type NewUser = Pick<SignUpInput, 'email' | 'password' | 'displayName' | 'trainingConsent'> & { role: Role };

/**
 * Creates an account with exactly the given role (callers decide who may have which role).
 * `before` runs first in the same transaction and may refuse, or change the role (an invite);
 * `after` runs once the user row exists (marking an invite used, recording an application).
 */
export async function createUser(
  em: Em,
  input: NewUser,
  hooks: { before?: (tx: Em) => Promise<Role | void>; after?: (tx: Em, user: UserRow) => Promise<void> | void } = {},
): Promise<UserRow> {
  const passwordHash = await hash(input.password);
  const now = new Date();
  try {
    return await em.transactional(async (tx) => {
      const role = (await hooks.before?.(tx)) ?? input.role;
      const user = tx.create(User, { email: input.email, passwordHash, displayName: input.displayName, role, trainingConsent: input.trainingConsent, consentUpdatedAt: now });
      await tx.flush();
      tx.create(ConsentChange, { user: user.id, consent: input.trainingConsent, source: 'sign-up' });
      await hooks.after?.(tx, user);
      await tx.flush();
      return user;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');
    throw err;
  }
}
