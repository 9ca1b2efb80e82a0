import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError, type PublicUser, type Role, type SignUpInput } from '@satprep/domain';
import { AuthSession, User } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { createUser, hashToken } from '@satprep/core/users';
import type { SessionCache } from './session-cache.ts';
import { markStaffInviteUsed, recordStaffApplication, redeemStaffInvite } from './staff.ts';

type UserRow = import('@satprep/domain/entities').UserRow;

// Verified against when the email is unknown, so a missing account takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export function toPublicUser(u: PublicUser | UserRow): PublicUser {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role, trainingConsent: u.trainingConsent, consentUpdatedAt: u.consentUpdatedAt, createdAt: u.createdAt };
}

async function createSession(em: Em, userId: number, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  em.create(AuthSession, { user: userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs), revokedAt: null });
  await em.flush();
  return token;
}

/**
 * Sign-up creates students and parents as asked. Staff roles are granted: with an invite code the
 * account gets the invite's role (the code is used up in the same transaction); `tutor` without
 * one creates a pending application (role `applicant`, no staff powers until an admin approves);
 * `admin` without one is refused.
 */
export async function signUp(em: Em, input: SignUpInput, ttlMs: number) {
  let user: UserRow;
  const { inviteCode } = input;
  if (inviteCode) {
    let inviteId = 0;
    user = await createUser(em, input, {
      before: async (tx) => {
        const invite = await redeemStaffInvite(tx, inviteCode, input.email);
        inviteId = invite.inviteId;
        return invite.role;
      },
      after: (tx, u) => markStaffInviteUsed(tx, inviteId, u.id),
    });
  } else if (input.role === 'admin') {
    throw new AppError('FORBIDDEN', 'Admin accounts need an invite code from an admin. Sign up as a student or parent, or enter your invite code.');
  } else if (input.role === 'tutor') {
    user = await createUser(em, { ...input, role: 'applicant' }, { after: (tx, u) => recordStaffApplication(tx, u.id) });
  } else {
    user = await createUser(em, input);
  }
  return { user: toPublicUser(user), token: await createSession(em, user.id, ttlMs) };
}

const WRONG_CURRENT_PASSWORD = 'Your current password is not right.';

/**
 * Changes the password after checking the current one, and revokes every other session of the
 * user (on every instance): whoever else knew the old password is signed out.
 * A wrong current password throws UNAUTHORIZED, so the sign-in throttle counts it.
 */
export async function changePassword(em: Em, userId: number, sessionId: number, currentPassword: string, newPassword: string, sessions: SessionCache) {
  const user = await em.findOneOrFail(User, { id: userId });
  if (!(await verify(user.passwordHash, currentPassword))) throw new AppError('UNAUTHORIZED', WRONG_CURRENT_PASSWORD);
  if (currentPassword === newPassword) throw new AppError('BAD_REQUEST', 'Choose a new password that differs from the current one.');
  const passwordHash = await hash(newPassword);
  const revoked = await em.transactional(async (tx) => {
    await tx.nativeUpdate(User, { id: userId }, { passwordHash });
    const n = await tx.nativeUpdate(AuthSession, { user: userId, revokedAt: null, id: { $ne: sessionId } }, { revokedAt: new Date() });
    await sessions.invalidate(tx, { userId });
    return n;
  });
  return { changed: true as const, otherSessionsSignedOut: revoked };
}

/** Revokes every session of the user, this one included, and drops them from every instance's cache. */
export async function signOutEverywhere(em: Em, userId: number, sessions: SessionCache) {
  const revoked = await em.transactional(async (tx) => {
    const n = await tx.nativeUpdate(AuthSession, { user: userId, revokedAt: null }, { revokedAt: new Date() });
    await sessions.invalidate(tx, { userId });
    return n;
  });
  return { signedOut: true as const, sessionsRevoked: revoked };
}

export async function signIn(em: Em, email: string, password: string, ttlMs: number) {
  const user = await em.findOne(User, { email });
  if (!user) {
    dummyHash ??= hash('not-a-real-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    throw new AppError('UNAUTHORIZED', 'Email or password is incorrect.');
  }
  if (!(await verify(user.passwordHash, password))) throw new AppError('UNAUTHORIZED', 'Email or password is incorrect.');
  return { user: toPublicUser(user), token: await createSession(em, user.id, ttlMs) };
}

/**
 * Resolves a bearer/cookie token to its user; null when missing, unknown, revoked or expired.
 * The user is a plain frozen object (no password hash, not an ORM entity): requests that read
 * it share one object for as long as the session is cached.
 */
export async function userForToken(em: Em, token: string | undefined, sessions: SessionCache): Promise<{ user: Readonly<PublicUser>; sessionId: number } | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const hit = sessions.get(tokenHash, now);
  if (hit) return { user: hit.user, sessionId: hit.sessionId };
  const mark = sessions.mark();
  // One query: the live session and its user together.
  const rows: SessionUserRow[] = await em.execute(
    `select s.id as session_id, s.expires_at, u.id, u.email, u.display_name, u.role, u.training_consent, u.consent_updated_at, u.created_at
       from auth_sessions s join users u on u.id = s.user_id
      where s.token_hash = ? and s.revoked_at is null and s.expires_at > ?`,
    [tokenHash, new Date(now)],
  );
  const row = rows[0];
  if (!row) {
    sessions.delete(tokenHash);
    return null;
  }
  const user = Object.freeze({
    id: row.id, email: row.email, displayName: row.display_name, role: row.role, trainingConsent: row.training_consent,
    consentUpdatedAt: new Date(row.consent_updated_at), createdAt: new Date(row.created_at),
  });
  sessions.set(tokenHash, { sessionId: row.session_id, userId: user.id, user, expiresAt: new Date(row.expires_at).getTime(), cachedAt: now }, mark);
  return { user, sessionId: row.session_id };
}

interface SessionUserRow {
  session_id: number;
  expires_at: Date | string;
  id: number;
  email: string;
  display_name: string;
  role: Role;
  training_consent: boolean;
  consent_updated_at: Date | string;
  created_at: Date | string;
}

export async function signOut(em: Em, sessionId: number, sessions: SessionCache): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(AuthSession, { id: sessionId }, { revokedAt: new Date() });
    await sessions.invalidate(tx, { sessionId });
  });
}

/**
 * Deletes sessions that expired or were revoked more than `graceDays` ago: they are refused
 * already, and this keeps the table (and its token index) small. The API runs it hourly.
 */
export async function pruneAuthSessions(em: Em, graceDays = 7): Promise<number> {
  const cutoff = new Date(Date.now() - graceDays * 86_400_000);
  return em.nativeDelete(AuthSession, { $or: [{ expiresAt: { $lt: cutoff } }, { revokedAt: { $lt: cutoff } }] });
}
