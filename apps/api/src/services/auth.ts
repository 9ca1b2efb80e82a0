import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError, type PublicUser, type Role, type SignUpInput } from '@satprep/domain';
import { AuthSession, ConsentChange, User } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

type UserRow = import('@satprep/domain/entities').UserRow;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// Verified against when the email is unknown, so a missing account takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export function toPublicUser(u: UserRow): PublicUser {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role, trainingConsent: u.trainingConsent, consentUpdatedAt: u.consentUpdatedAt, createdAt: u.createdAt };
}

async function createSession(em: Em, userId: number, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  em.create(AuthSession, { user: userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + ttlMs), revokedAt: null });
  await em.flush();
  return token;
}

export async function createUser(em: Em, input: SignUpInput | (Omit<SignUpInput, 'role'> & { role: Role })): Promise<UserRow> {
  const passwordHash = await hash(input.password);
  const now = new Date();
  try {
    return await em.transactional(async (tx) => {
      const user = tx.create(User, { email: input.email, passwordHash, displayName: input.displayName, role: input.role, trainingConsent: input.trainingConsent, consentUpdatedAt: now });
      await tx.flush();
      tx.create(ConsentChange, { user: user.id, consent: input.trainingConsent, source: 'sign-up' });
      return user;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead.');
    throw err;
  }
}

export async function signUp(em: Em, input: SignUpInput, ttlMs: number) {
  const user = await createUser(em, input);
  return { user: toPublicUser(user), token: await createSession(em, user.id, ttlMs) };
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
 * Sessions resolved in the last few seconds, by token hash: the lookup would otherwise be a
 * database round trip on every request, as costly as the write a logging call makes. Sign-out,
 * account deletion and consent changes evict a user's entries on this instance at once; on other
 * instances a revoked session keeps working for at most SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 50_000;
interface CachedSession {
  sessionId: number;
  userId: number;
  columns: Record<string, unknown>;
  expiresAt: number;
  cachedAt: number;
}
const sessionCache = new Map<string, CachedSession>();

/** Drops cached sessions of a user (after a change to the user or the sessions). */
export function forgetCachedSessions(userId: number): void {
  for (const [hash, s] of sessionCache) if (s.userId === userId) sessionCache.delete(hash);
}

/** Resolves a bearer/cookie token to its user; null when missing, unknown, revoked or expired. */
export async function userForToken(em: Em, token: string | undefined): Promise<{ user: UserRow; sessionId: number } | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const now = Date.now();
  const hit = sessionCache.get(tokenHash);
  if (hit && now - hit.cachedAt < SESSION_CACHE_MS && hit.expiresAt > now) return { user: em.map(User, { ...hit.columns }), sessionId: hit.sessionId };
  // One query: the live session and its user together.
  const rows: ({ session_id_: number; session_expires_: Date | string } & Record<string, unknown>)[] = await em.execute(
    `select s.id as session_id_, s.expires_at as session_expires_, u.* from auth_sessions s join users u on u.id = s.user_id
      where s.token_hash = ? and s.revoked_at is null and s.expires_at > ?`,
    [tokenHash, new Date(now)],
  );
  if (!rows[0]) {
    sessionCache.delete(tokenHash);
    return null;
  }
  const { session_id_: sessionId, session_expires_: expires, ...columns } = rows[0];
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
  sessionCache.set(tokenHash, { sessionId, userId: columns.id as number, columns, expiresAt: new Date(expires).getTime(), cachedAt: now });
  return { user: em.map(User, { ...columns }), sessionId };
}

export async function signOut(em: Em, sessionId: number): Promise<void> {
  await em.nativeUpdate(AuthSession, { id: sessionId }, { revokedAt: new Date() });
  for (const [hash, s] of sessionCache) if (s.sessionId === sessionId) sessionCache.delete(hash);
}
