/**
 * Staff roles are granted, never chosen (issue #20 item 1): sign-up makes students and parents;
 * tutors and admins come from an admin's invite or a tutor application an admin approves.
 * Also the account controls of item 7: password change, sign out everywhere, unlink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let n = 0;
const email = (tag: string) => `${tag}-${++n}-${Date.now().toString(36)}@example.com`;
const PASSWORD = 'correct horse battery';
const signUpInput = (over: Record<string, unknown> = {}) => ({ email: email('su'), password: PASSWORD, displayName: 'Someone', role: 'student' as const, trainingConsent: false, ...over });

beforeAll(async () => {
  t = await createTestApp({ env: { STAFF_INVITES_PER_ADMIN_PER_HOUR: '5', INVITE_CODE_GUESSES_PER_IP: '3' } });
});
afterAll(async () => {
  await t?.close();
});

const userCount = async (e: string) => (await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from users where email = ?', [e]))[0]!.n;

describe('sign-up without an invite', () => {
  it('creates students and parents as asked', async () => {
    const anon = await t.as();
    expect((await anon.auth.signUp(signUpInput())).user.role).toBe('student');
    expect((await anon.auth.signUp(signUpInput({ role: 'parent' }))).user.role).toBe('parent');
  });

  it('refuses an admin account with FORBIDDEN and writes nothing', async () => {
    const input = signUpInput({ role: 'admin' });
    await expect((await t.as()).auth.signUp(input)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('invite') });
    expect(await userCount(input.email)).toBe(0);
  });

  it('makes a tutor sign-up a pending applicant with no staff powers and no access to any student', async () => {
    const student = await t.user({ name: 'Linked Student' });
    const applicant = await t.user({ role: 'applicant' });
    expect((await applicant.api.me.get()).role).toBe('applicant');
    expect(await applicant.api.me.staffApplication()).toMatchObject({ requestedRole: 'tutor', status: 'pending' });
    await expect(applicant.api.review.next()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(applicant.api.data.stats()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(applicant.api.practice.start({ count: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Cannot make the link codes guardians hand to students either.
    await expect(applicant.api.me.createInvite()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(applicant.api.me.studentProgress({ studentId: student.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(applicant.api.staff.pending()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('applications', () => {
  it('are listed for admins, and approval gives the requested role to the signed-in session at once', async () => {
    const admin = await t.admin();
    const applicant = await t.user({ role: 'applicant', name: 'Would Be Tutor' });
    await expect(applicant.api.review.next()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const pending = await admin.api.staff.pending();
    expect(pending).toContainEqual(expect.objectContaining({ userId: applicant.id, displayName: 'Would Be Tutor', requestedRole: 'tutor' }));

    const decided = await admin.api.staff.approve({ userId: applicant.id });
    expect(decided).toMatchObject({ status: 'approved', user: { id: applicant.id, role: 'tutor' } });
    // The same token, not a fresh sign-in: the cached session was evicted.
    expect((await applicant.api.me.get()).role).toBe('tutor');
    await expect(applicant.api.review.next()).resolves.toBeDefined();
    expect((await admin.api.staff.pending()).map((p) => p.userId)).not.toContain(applicant.id);
    // Decided once.
    await expect(admin.api.staff.reject({ userId: applicant.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejected applicants stay without staff powers and cannot be approved later', async () => {
    const admin = await t.admin();
    const applicant = await t.user({ role: 'applicant' });
    await admin.api.staff.reject({ userId: applicant.id });
    expect((await applicant.api.me.get()).role).toBe('applicant');
    expect(await applicant.api.me.staffApplication()).toMatchObject({ status: 'rejected' });
    await expect(applicant.api.review.next()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.api.staff.approve({ userId: applicant.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cannot be decided for accounts that never applied', async () => {
    const admin = await t.admin();
    const student = await t.user();
    await expect(admin.api.staff.approve({ userId: student.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await student.api.me.get()).role).toBe('student');
  });
});

describe('staff invites', () => {
  it('grant the invite\'s role once, stored only as a hash', async () => {
    const admin = await t.admin();
    const invite = await admin.api.staff.createInvite({ role: 'tutor' });
    expect(invite.code).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);
    const rows = await t.app.orm.em.fork().execute<Record<string, unknown>[]>('select * from staff_invites where id = ?', [invite.inviteId]);
    const bare = invite.code.replace(/-/g, '');
    expect(JSON.stringify(rows)).not.toContain(bare);
    expect(JSON.stringify(rows)).not.toContain(invite.code);

    // Lower case without dashes is the same code; the invite decides the role.
    const { user } = await (await t.as()).auth.signUp(signUpInput({ inviteCode: bare.toLowerCase() }));
    expect(user.role).toBe('tutor');
    const again = signUpInput({ inviteCode: invite.code });
    await expect((await t.as()).auth.signUp(again)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await userCount(again.email)).toBe(0);
    expect(await admin.api.staff.invites()).toContainEqual(expect.objectContaining({ inviteId: invite.inviteId, status: 'used', role: 'tutor' }));
  });

  it('make admins only through an admin invite', async () => {
    const admin = await t.admin();
    const { code } = await admin.api.staff.createInvite({ role: 'admin' });
    const { token, user } = await (await t.as()).auth.signUp(signUpInput({ role: 'admin', inviteCode: code }));
    expect(user.role).toBe('admin');
    await expect((await t.as(token)).data.stats()).resolves.toBeDefined();
  });

  it('bound to an email refuse any other address', async () => {
    const admin = await t.admin();
    const invited = email('invited');
    const { code } = await admin.api.staff.createInvite({ role: 'tutor', email: invited });
    const other = signUpInput({ inviteCode: code });
    await expect((await t.as()).auth.signUp(other)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await userCount(other.email)).toBe(0);
    expect((await (await t.as()).auth.signUp(signUpInput({ email: invited.toUpperCase(), inviteCode: code }))).user.role).toBe('tutor');
  });

  it('stop working when expired or revoked', async () => {
    const admin = await t.admin();
    const expired = await admin.api.staff.createInvite({ role: 'tutor' });
    await t.app.orm.em.fork().execute(`update staff_invites set expires_at = now() - interval '1 minute' where id = ?`, [expired.inviteId]);
    await expect((await t.as()).auth.signUp(signUpInput({ inviteCode: expired.code }))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const revoked = await admin.api.staff.createInvite({ role: 'admin' });
    await admin.api.staff.revokeInvite({ inviteId: revoked.inviteId });
    await expect((await t.as()).auth.signUp(signUpInput({ inviteCode: revoked.code }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.api.staff.revokeInvite({ inviteId: revoked.inviteId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are created only by admins, a limited number per admin', async () => {
    const tutor = await t.user({ role: 'tutor' });
    await expect(tutor.api.staff.createInvite({ role: 'tutor' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await t.admin();
    for (let i = 0; i < 5; i++) await admin.api.staff.createInvite({ role: 'tutor' });
    await expect(admin.api.staff.createInvite({ role: 'tutor' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another admin has a budget of their own.
    await expect((await t.admin()).api.staff.createInvite({ role: 'tutor' })).resolves.toMatchObject({ role: 'tutor' });
  });

  it('cannot be guessed: wrong codes from one network are limited, even a right code then waits', async () => {
    const admin = await t.admin();
    const { code } = await admin.api.staff.createInvite({ role: 'admin' });
    const guesser = await t.as(undefined, { clientIp: '203.0.113.9' });
    for (let i = 0; i < 3; i++) {
      await expect(guesser.auth.signUp(signUpInput({ inviteCode: `AAAAA-BBBBB-CCCCC-DDDD${i}` }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(guesser.auth.signUp(signUpInput({ inviteCode: code }))).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Successful sign-ups with codes do not count against a network.
    const other = await t.as(undefined, { clientIp: '198.51.100.7' });
    expect((await other.auth.signUp(signUpInput({ inviteCode: code }))).user.role).toBe('admin');
  });
});

describe('account controls', () => {
  it('changes the password only with the current one, and signs out the other sessions', async () => {
    const u = await t.user();
    const other = (await (await t.as()).auth.signIn({ email: u.email, password: PASSWORD })).token;
    await expect(u.api.me.changePassword({ currentPassword: 'not my password', newPassword: 'a brand new passphrase' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect((await t.as(other)).me.get()).resolves.toMatchObject({ id: u.id });

    const r = await u.api.me.changePassword({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(r).toMatchObject({ changed: true, otherSessionsSignedOut: 1 });
    await expect((await t.as(other)).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(u.api.me.get()).resolves.toMatchObject({ id: u.id });
    await expect((await t.as()).auth.signIn({ email: u.email, password: PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await t.as()).auth.signIn({ email: u.email, password: 'a brand new passphrase' })).resolves.toMatchObject({ user: { id: u.id } });
  });

  it('signs out everywhere: every session of the user, none of anyone else', async () => {
    const u = await t.user();
    const bystander = await t.user();
    const second = (await (await t.as()).auth.signIn({ email: u.email, password: PASSWORD })).token;
    await u.api.me.get(); // cached
    expect(await u.api.auth.signOutEverywhere()).toMatchObject({ signedOut: true, sessionsRevoked: 2 });
    await expect(u.api.me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await t.as(second)).me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(bystander.api.me.get()).resolves.toMatchObject({ id: bystander.id });
  });

  it('lets a student unlink a parent or tutor, who then sees nothing', async () => {
    const student = await t.user();
    const parent = await t.user({ role: 'parent' });
    const tutor = await t.user({ role: 'tutor' });
    for (const g of [parent, tutor]) await student.api.me.acceptInvite({ code: (await g.api.me.createInvite()).code });
    await expect(parent.api.me.studentProgress({ studentId: student.id })).resolves.toBeDefined();

    expect(await student.api.me.unlinkGuardian({ guardianId: parent.id })).toEqual({ unlinked: true });
    await expect(parent.api.me.studentProgress({ studentId: student.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await parent.api.me.links()).students).toEqual([]);
    expect((await student.api.me.links()).guardians.map((g) => g.id)).toEqual([tutor.id]);
    await expect(tutor.api.me.studentProgress({ studentId: student.id })).resolves.toBeDefined();
    // Nothing to unlink twice, and a guardian cannot remove itself from another student's list this way.
    await expect(student.api.me.unlinkGuardian({ guardianId: parent.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tutor.api.me.unlinkGuardian({ guardianId: student.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
