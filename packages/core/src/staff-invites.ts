/**
 * Making a staff invite (a random code, only its SHA-256 stored, used once, expiring). Redeeming
 * one, the limits on making and guessing codes, and tutor applications are the API's
 * (apps/api/src/services/staff.ts); `satprep admin invite` makes codes too.
 */
import { randomInt } from 'node:crypto';
import type { StaffRole } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { StaffInvite } from '@satprep/domain/entities';
import { hashToken } from './users.ts';

/** How long an invite code stays valid unless STAFF_INVITE_TTL_DAYS says otherwise. */
export const DEFAULT_STAFF_INVITE_TTL_DAYS = 7;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 20;

/** A fresh code (100 bits), shown in groups of five. Sign-up accepts it with or without dashes. */
function newInviteCode(): { code: string; normalized: string } {
  const normalized = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return { normalized, code: normalized.match(/.{5}/g)!.join('-') };
}

/** Hash of a normalised code (upper case, no dashes), as stored. */
export const staffInviteHash = (normalizedCode: string) => hashToken(`staff-invite:${normalizedCode}`);

export async function createStaffInvite(em: Em, adminId: number, input: { role: StaffRole; email?: string | undefined }, ttlMs: number) {
  const { code, normalized } = newInviteCode();
  const invite = em.create(StaffInvite, {
    codeHash: staffInviteHash(normalized), role: input.role, email: input.email ?? null, createdBy: adminId,
    expiresAt: new Date(Date.now() + ttlMs), usedAt: null, usedBy: null, revokedAt: null,
  });
  await em.flush();
  // The code is shown this once; only its hash is kept.
  return { inviteId: invite.id, code, role: invite.role, email: invite.email, expiresAt: invite.expiresAt };
}
