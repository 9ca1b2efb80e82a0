import { defineEntity, p } from '@mikro-orm/core';
import type { Role } from '../schemas/auth.ts';

const now = () => new Date();

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary(),
    email: p.string().length(254).unique(),
    passwordHash: p.string().length(255).hidden(),
    displayName: p.string().length(80),
    role: p.enum(['student', 'parent', 'tutor', 'admin', 'applicant'] as const).$type<Role>(),
    trainingConsent: p.boolean(),
    consentUpdatedAt: p.datetime(),
    createdAt: p.datetime().onCreate(now),
  },
});

/** Every change of a user's training-data consent, with its time; the export applies the current value. */
export const ConsentChange = defineEntity({
  name: 'ConsentChange',
  tableName: 'consent_changes',
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    consent: p.boolean(),
    source: p.string().length(20),
    changedAt: p.datetime().onCreate(now),
  },
});

/** Opaque bearer/cookie sessions; only a SHA-256 of the token is stored. */
export const AuthSession = defineEntity({
  name: 'AuthSession',
  tableName: 'auth_sessions',
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    tokenHash: p.string().length(64).unique(),
    createdAt: p.datetime().onCreate(now),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});

/**
 * One counted use of a rate-limited action (a failed sign-in, a sign-up) shared by every API
 * instance: the sliding-window log of apps/api/src/services/rate-limit.ts. `keyHash` is a
 * SHA-256 of the scope and the email or IP address, so no address is stored.
 */
export const RateLimitHit = defineEntity({
  name: 'RateLimitHit',
  tableName: 'rate_limit_hits',
  indexes: [{ properties: ['keyHash', 'at'] }],
  properties: {
    id: p.integer().primary(),
    keyHash: p.string().length(64),
    at: p.datetime(),
  },
});

/** A parent or tutor (guardian) who may read a student's progress. */
export const GuardianLink = defineEntity({
  name: 'GuardianLink',
  tableName: 'guardian_links',
  uniques: [{ properties: ['guardian', 'student'] }],
  properties: {
    id: p.integer().primary(),
    guardian: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    student: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    createdAt: p.datetime().onCreate(now),
  },
});

/** An invite code made by a guardian; the student accepts it to create the link. */
export const LinkInvite = defineEntity({
  name: 'LinkInvite',
  tableName: 'link_invites',
  properties: {
    id: p.integer().primary(),
    code: p.string().length(16).unique(),
    guardian: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(now),
  },
});

/**
 * An admin's invite to a staff role. Only a SHA-256 of the code is stored; a code is used once
 * (`usedAt`), expires, and can be revoked. `email`, when set, is the only address that may use it.
 */
export const StaffInvite = defineEntity({
  name: 'StaffInvite',
  tableName: 'staff_invites',
  properties: {
    id: p.integer().primary(),
    codeHash: p.string().length(64).unique(),
    role: p.enum(['tutor', 'admin'] as const),
    email: p.string().length(254).nullable(),
    createdBy: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    createdAt: p.datetime().onCreate(now),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    usedBy: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

/** A sign-up that asked for a staff role without an invite: pending until an admin decides. */
export const StaffApplication = defineEntity({
  name: 'StaffApplication',
  tableName: 'staff_applications',
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade').unique(),
    role: p.enum(['tutor'] as const),
    status: p.enum(['pending', 'approved', 'rejected'] as const),
    createdAt: p.datetime().onCreate(now),
    decidedAt: p.datetime().nullable(),
    decidedBy: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
  },
});
