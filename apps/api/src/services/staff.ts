/**
 * Staff roles are granted, never chosen: an admin invites a tutor or admin (a random code, only
 * its SHA-256 stored, used once, expiring), or approves a tutor application made at sign-up.
 * Until approved, an applicant (role `applicant`) has no staff powers and sees nobody's data.
 * The first admin comes from `satprep admin create`. Making an invite is shared with the CLI
 * (`@satprep/core/staff-invites`).
 */
import { LockMode } from '@mikro-orm/core';
import { AppError, notFound, type StaffRole } from '@satprep/domain';
import { StaffApplication, StaffInvite, User } from '@satprep/domain/entities';
import type { Em, Orm } from '@satprep/domain/db';
import { DEFAULT_STAFF_INVITE_TTL_DAYS, staffInviteHash } from '@satprep/core/staff-invites';
import { toPublicUser } from './auth.ts';
import { PgWindowLog, type RateLimitRule, type RateLimitTicket, type WindowLog } from './rate-limit.ts';
import type { SessionCache } from './session-cache.ts';

export interface StaffInviteRules {
  /** How long an invite code stays valid. */
  ttlMs: number;
  /** Invites one admin may create in a window. */
  createPerAdmin: RateLimitRule;
  /** Wrong invite codes one client IP may try in a window. */
  guessesPerIp: RateLimitRule;
}

export const DEFAULT_STAFF_INVITE_RULES: StaffInviteRules = {
  ttlMs: DEFAULT_STAFF_INVITE_TTL_DAYS * 86_400_000,
  createPerAdmin: { limit: 20, windowMs: 60 * 60_000 },
  guessesPerIp: { limit: 10, windowMs: 15 * 60_000 },
};

type InviteStatus = 'open' | 'used' | 'expired' | 'revoked';

/** Invites of the last 30 days and every open one, newest first (never the codes: they are not stored). */
export async function listStaffInvites(em: Em) {
  const rows: { id: number; role: StaffRole; email: string | null; created_at: Date | string; expires_at: Date | string; used_at: Date | string | null; revoked_at: Date | string | null; created_by: string | null; used_by: string | null }[] =
    await em.execute(
      `select i.id, i.role, i.email, i.created_at, i.expires_at, i.used_at, i.revoked_at, c.display_name as created_by, u.display_name as used_by
         from staff_invites i left join users c on c.id = i.created_by_id left join users u on u.id = i.used_by_id
        where i.created_at > now() - interval '30 days' or (i.used_at is null and i.revoked_at is null and i.expires_at > now())
        order by i.id desc limit 200`,
    );
  const now = Date.now();
  return rows.map((r) => {
    const status: InviteStatus = r.revoked_at ? 'revoked' : r.used_at ? 'used' : new Date(r.expires_at).getTime() <= now ? 'expired' : 'open';
    return { inviteId: r.id, role: r.role, email: r.email, status, createdBy: r.created_by, usedBy: r.used_by, createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at) };
  });
}

export async function revokeStaffInvite(em: Em, inviteId: number) {
  const n = await em.nativeUpdate(StaffInvite, { id: inviteId, usedAt: null, revokedAt: null }, { revokedAt: new Date() });
  if (n === 0) throw new AppError('NOT_FOUND', 'No open invite with that id (it may have been used or revoked already).');
  return { revoked: true as const };
}

/** A code that matches no open invite: what a guess gets, so it counts against the guess limit. */
class InvalidInviteError extends AppError {
  constructor() {
    super('NOT_FOUND', 'That invite code is not valid, was used already or has expired. Ask an admin for a new one.');
  }
}

/**
 * Takes the invite for a new account inside the sign-up's transaction: locks the row, checks it
 * is open and meant for this email, and marks it used. Returns the role it grants.
 */
export async function redeemStaffInvite(tx: Em, normalizedCode: string, email: string): Promise<{ inviteId: number; role: StaffRole }> {
  const rows: { id: number; role: StaffRole; email: string | null }[] = await tx.execute(
    `select id, role, email from staff_invites
      where code_hash = ? and used_at is null and revoked_at is null and expires_at > now() for update`,
    [staffInviteHash(normalizedCode)],
  );
  const invite = rows[0];
  if (!invite) throw new InvalidInviteError();
  if (invite.email && invite.email !== email) throw new AppError('FORBIDDEN', 'This invite is for a different email address. Sign up with the address the invite was sent to.');
  return { inviteId: invite.id, role: invite.role };
}

export async function markStaffInviteUsed(tx: Em, inviteId: number, userId: number): Promise<void> {
  await tx.nativeUpdate(StaffInvite, { id: inviteId }, { usedAt: new Date(), usedBy: userId });
}

/** Records a tutor application for a just-created applicant account. */
export function recordStaffApplication(tx: Em, userId: number): void {
  tx.create(StaffApplication, { user: userId, role: 'tutor', status: 'pending', decidedAt: null, decidedBy: null });
}

export async function listPendingApplications(em: Em) {
  const rows: { user_id: number; email: string; display_name: string; role: 'tutor'; created_at: Date | string }[] = await em.execute(
    `select a.user_id, u.email, u.display_name, a.role, a.created_at
       from staff_applications a join users u on u.id = a.user_id
      where a.status = 'pending' order by a.id limit 500`,
  );
  return rows.map((r) => ({ userId: r.user_id, email: r.email, displayName: r.display_name, requestedRole: r.role, appliedAt: new Date(r.created_at) }));
}

/**
 * Approves (the account gets the requested role) or rejects (it stays an applicant without staff
 * powers) a pending application. Cached sessions of the applicant are dropped on every instance.
 */
export async function decideApplication(em: Em, adminId: number, userId: number, decision: 'approved' | 'rejected', sessions: SessionCache) {
  return em.transactional(async (tx) => {
    const application = await tx.findOne(StaffApplication, { user: userId, status: 'pending' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!application) throw notFound('Pending application');
    application.status = decision;
    application.decidedAt = new Date();
    application.decidedBy = adminId;
    const user = await tx.findOneOrFail(User, { id: userId });
    if (decision === 'approved' && user.role === 'applicant') user.role = application.role;
    await tx.flush();
    await sessions.invalidate(tx, { userId });
    return { user: toPublicUser(user), status: decision };
  });
}

/** The caller's own application, if any (so an applicant's screen can say where it stands). */
export async function myApplication(em: Em, userId: number) {
  const a = await em.findOne(StaffApplication, { user: userId });
  return a ? { requestedRole: a.role, status: a.status, appliedAt: a.createdAt, decidedAt: a.decidedAt } : null;
}

const seconds = (s: number) => `${s} second${s === 1 ? '' : 's'}`;

/** Counts one invite created by `adminId`, or refuses it over the limit. */
export async function takeInviteCreation(log: WindowLog, adminId: number): Promise<void> {
  const r = await log.take(`admin:${adminId}`);
  if ('retryAfterSeconds' in r) {
    throw new AppError('TOO_MANY_REQUESTS', `You created the most invites allowed for now. Try again in ${seconds(r.retryAfterSeconds)}.`, { retryAfterSeconds: r.retryAfterSeconds });
  }
}

/**
 * Runs a sign-up that redeems an invite code, counting it against the client's guesses first
 * (so parallel guesses cannot all slip under the limit); the use is given back unless the code
 * turned out to be invalid. Server-side callers (no IP: tests, scripts) are not counted, as for
 * sign-ups.
 */
export async function guardInviteGuess<T>(log: WindowLog, clientIp: string | undefined, attempt: () => Promise<T>): Promise<T> {
  if (!clientIp) return attempt();
  const r = await log.take(`ip:${clientIp}`);
  if ('retryAfterSeconds' in r) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many invalid invite codes from this network. Try again in ${seconds(r.retryAfterSeconds)}.`, { retryAfterSeconds: r.retryAfterSeconds });
  }
  const ticket: RateLimitTicket = r.ticket;
  try {
    const result = await attempt();
    await log.giveBack(ticket).catch(() => {});
    return result;
  } catch (err) {
    if (!(err instanceof InvalidInviteError)) await log.giveBack(ticket).catch(() => {});
    throw err;
  }
}

/** The invite limits, counted in the database (`rate_limit_hits`) so every instance shares them. */
export function staffInviteLimits(ctx: { orm: Orm; config: { staffInvites: StaffInviteRules } }): { creates: WindowLog; guesses: WindowLog } {
  return {
    creates: new PgWindowLog('staff-invite:create', ctx.config.staffInvites.createPerAdmin, ctx.orm),
    guesses: new PgWindowLog('staff-invite:guess', ctx.config.staffInvites.guessesPerIp, ctx.orm),
  };
}
