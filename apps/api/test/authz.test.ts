/**
 * The authorization matrix: every procedure of the app router, called by seven kinds of caller
 * with ids of records that student A ("owner") made. Other students, A's linked parent and tutor,
 * a pending tutor applicant (no staff powers until approved) and admins must be refused (NOT_FOUND for A's private records, FORBIDDEN by role), must not see
 * A's private text, and must leave A's data exactly as it was. A procedure added to the router
 * without an entry here fails the coverage test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '@satprep/domain/db';
import { appRouter } from '../src/root.ts';
import { exportMyData } from '../src/services/account.ts';
import { settleExports } from '../src/services/export.ts';
import { adminProcedure, authedProcedure, staffProcedure, studentProcedure } from '../src/trpc.ts';
import { createTestApp, type TestApp } from './harness.ts';

type Api = Awaited<ReturnType<TestApp['as']>>;
/**
 * owner = student A, whose records the inputs point at; student = another student; parent and tutor
 * (an approved application) are linked to A; applicant = a tutor sign-up an admin has not approved.
 */
const CALLERS = ['anonymous', 'owner', 'student', 'parent', 'applicant', 'tutor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
type Gate = 'public' | 'authed' | 'student' | 'staff' | 'admin';

interface Entry {
  /** A valid input, built fresh from records A owns for every call, so calls do not depend on each other. */
  input?: () => Promise<unknown>;
  /**
   * What the input's ids point at. private: A's own records, NOT_FOUND to anyone else who gets past the role gate.
   * shared: community posts, which every signed-in user may read, answer and vote on by design. none: no ids.
   */
  ids: 'private' | 'shared' | 'none';
  /** Where the service's own checks differ from what the gate and the ids imply. */
  expect?: Partial<Record<Caller, Outcome>>;
  /** The call ends the caller's session or account: every caller is a freshly signed-up user of its role. */
  fresh?: true;
  /** Callers who may read A's private text by design (reviewers see the input beside the output they review). */
  mayRead?: Caller[];
}

// ---- Which role gate each procedure is built on, read from its middleware chain ---------------

const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { middlewares: unknown[] } }> }).procedures;
const roleCheck = (builder: unknown) => (builder as { _def: { middlewares: unknown[] } })._def.middlewares.at(-1);
const GATES: [Gate, unknown][] = [
  ['admin', roleCheck(adminProcedure)],
  ['staff', roleCheck(staffProcedure)],
  ['student', roleCheck(studentProcedure)],
  ['authed', roleCheck(authedProcedure)],
];
function gateOf(p: string): Gate {
  const chain = procedures[p]!._def.middlewares;
  return GATES.find(([, check]) => chain.includes(check))?.[0] ?? 'public';
}

function expected(p: string, entry: Entry, caller: Caller): Outcome {
  const override = entry.expect?.[caller];
  if (override) return override;
  const gate = gateOf(p);
  if (caller === 'anonymous') return gate === 'public' ? 'ok' : 'UNAUTHORIZED';
  if (gate === 'admin' && caller !== 'admin') return 'FORBIDDEN';
  if (gate === 'staff' && caller !== 'tutor' && caller !== 'admin') return 'FORBIDDEN';
  if (gate === 'student' && (caller === 'parent' || caller === 'tutor' || caller === 'applicant')) return 'FORBIDDEN';
  if (entry.ids === 'private' && caller !== 'owner') return 'NOT_FOUND';
  return 'ok';
}

// ---- People and A's records ---------------------------------------------------------------------

let t: TestApp;
type Person = { id: number; email: string; token: string; api: Api };
let owner: Person;
let guardians: Person[];
let apis: Record<Caller, Api>;
/** The admin whose invites the inputs use (not a caller, so the matrix's admin keeps its own invite budget). */
let inviter: Person;
/** Written only into A's private records; no other caller may ever read it back. */
const SECRET = `PRIVATE-${randomUUID()}`;
const PASSWORD = 'correct horse battery';

const openSession = () => owner.api.practice.start({ count: 2 });
async function submittedSession() {
  const s = await openSession();
  const r = await owner.api.practice.submit({ sessionId: s.sessionId, answers: s.questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
  return { ...s, feedbackId: r.feedback.feedbackId };
}
const note = () => owner.api.notes.add({ text: `${SECRET} my note`, askTutor: false });
async function help() {
  const s = await submittedSession();
  return owner.api.practice.help({ questionId: s.questions[0]!.id, sessionId: s.sessionId, query: `${SECRET} why?`, inputMode: 'text' });
}
async function pendingTask() {
  const plan = await owner.api.studyPlan.get();
  return { planId: plan.planId, taskIndex: plan.nextTask!.index };
}
async function communityQuestion() {
  const q = await owner.api.community.postQuestion({ title: 'When is a semicolon right?', body: 'Asked in public.' });
  return { questionId: q.id, aiAnswerId: q.answers[0]!.id };
}
/** A pending review item on one of A's help answers. */
async function reviewItem() {
  const h = await help();
  const [row] = await t.app.orm.em.fork().execute<{ id: number }[]>(
    `insert into review_items (source_table, source_id, student_id, entry_reason, status, original_text, created_at)
     values ('help_requests', ?, ?, 'thumbs_down', 'pending', 'an answer', now()) returning id`,
    [h.helpRequestId, owner.id],
  );
  return row!.id;
}
/** A correction on one of A's help answers, waiting for a second reviewer (by a reviewer whose account is gone). */
async function awaitingItem() {
  const itemId = await reviewItem();
  const em = t.app.orm.em.fork();
  const [x] = await em.execute<{ id: number }[]>(`insert into reviewers (pseudonym, user_id, created_at) values (?, null, now()) returning id`, [reviewerPseudonym()]);
  await em.execute(`insert into reviews (item_id, reviewer_id, reviewer_pseudonym_id, verdict, corrected_text, guideline_version, created_at) values (?, null, ?, 'correct', 'A corrected answer.', 1, now())`, [itemId, x!.id]);
  await em.execute(`update review_items set status = 'awaiting_confirmation' where id = ?`, [itemId]);
  return itemId;
}
let reviewers = 0;
const reviewerPseudonym = () => `rev_${(++reviewers).toString(16).padStart(12, '0')}`;
/** A reviewer record of an account that no longer exists, for the admin's revoke and restore. */
async function goneReviewer() {
  const pseudonym = reviewerPseudonym();
  await t.app.orm.em.fork().execute('insert into reviewers (pseudonym, user_id, created_at) values (?, null, now())', [pseudonym]);
  return pseudonym;
}
async function inviteCode() {
  const guardian = await t.user({ role: 'tutor' });
  return (await guardian.api.me.createInvite()).code;
}

// Experiments: a candidate that answers nothing (so no experiment may stay running for later entries).
let candidates = 0;
const freshCandidate = async () => (await inviter.api.experiments.addCandidate({ name: `matrix-${++candidates}`, baseUrl: 'http://127.0.0.1:9/v1', model: 'matrix' })).id;
async function stopRunning() {
  for (const e of (await inviter.api.experiments.list()).experiments) if (e.status === 'running') await inviter.api.experiments.stop({ experimentId: e.id });
}
/** A running experiment, started with 1% of students if none runs (the admin's `experiments.stop` ends it). */
async function runningExperiment() {
  const running = (await inviter.api.experiments.list()).experiments.find((e) => e.status === 'running');
  return running?.id ?? (await inviter.api.experiments.start({ candidateId: await freshCandidate(), sharePercent: 1 })).experimentId;
}

let signUps = 0;
const MATRIX: Record<string, Entry> = {
  'auth.signUp': {
    ids: 'none',
    input: async () => ({ email: `matrix-${++signUps}-${Date.now()}@example.com`, password: PASSWORD, displayName: 'New', role: 'student', trainingConsent: false }),
  },
  // Public by design: anyone who knows A's password may sign in as A.
  'auth.signIn': { ids: 'none', input: async () => ({ email: owner.email, password: PASSWORD }) },
  'auth.signOut': { ids: 'none', fresh: true },
  'auth.signOutEverywhere': { ids: 'none', fresh: true },

  'me.get': { ids: 'none' },
  // Public: anyone learns whether they are signed in, and as whom (null when not).
  'me.session': { ids: 'none' },
  'me.progress': { ids: 'none' },
  'me.setConsent': { ids: 'none', input: async () => ({ trainingConsent: true }) },
  'me.exportMyData': { ids: 'none' },
  'me.deleteAccount': { ids: 'none', fresh: true },
  'me.createInvite': { ids: 'none', expect: { owner: 'FORBIDDEN', student: 'FORBIDDEN', applicant: 'FORBIDDEN', admin: 'FORBIDDEN' } },
  // The code is the credential: any student holding it may link, only students may.
  'me.acceptInvite': { ids: 'none', input: async () => ({ code: await inviteCode() }), expect: { parent: 'FORBIDDEN', applicant: 'FORBIDDEN', tutor: 'FORBIDDEN', admin: 'FORBIDDEN' } },
  'me.links': { ids: 'none' },
  // Ends the caller's other sessions and changes the password: fresh callers, whose password is PASSWORD.
  'me.changePassword': { ids: 'none', fresh: true, input: async () => ({ currentPassword: PASSWORD, newPassword: 'another horse battery' }) },
  'me.staffApplication': { ids: 'none' },
  // The link is A's: only A removes A's guardians (a fresh parent each time, so A keeps the matrix's own).
  'me.unlinkGuardian': {
    ids: 'private',
    input: async () => {
      const parent = await t.user({ role: 'parent' });
      await owner.api.me.acceptInvite({ code: (await parent.api.me.createInvite()).code });
      return { guardianId: parent.id };
    },
  },
  // Linked guardians and admins may read a student's progress; nobody else.
  'me.studentProgress': { ids: 'private', input: async () => ({ studentId: owner.id }), expect: { parent: 'ok', tutor: 'ok', admin: 'ok' } },

  'practice.start': { ids: 'none', input: async () => ({ count: 2 }) },
  'practice.submit': {
    ids: 'private',
    input: async () => {
      const s = await openSession();
      return { sessionId: s.sessionId, answers: s.questions.map((q) => ({ questionId: q.id, answer: 'B', timeSpentMs: 10 })) };
    },
  },
  'practice.saveAnswer': {
    ids: 'private',
    input: async () => {
      const s = await openSession();
      return { sessionId: s.sessionId, questionId: s.questions[0]!.id, answer: 'C', timeSpentMs: 10 };
    },
  },
  // The caller's own unsubmitted session (null for anyone without one): no ids.
  'practice.current': { ids: 'none' },
  'practice.history': { ids: 'none' },
  'practice.review': { ids: 'private', input: async () => ({ sessionId: (await submittedSession()).sessionId }) },
  'practice.rateFeedback': { ids: 'private', input: async () => ({ feedbackId: (await submittedSession()).feedbackId, rating: 1, comment: 'rated' }) },
  // The question bank is public; the session is A's.
  'practice.help': {
    ids: 'private',
    input: async () => {
      const s = await submittedSession();
      return { questionId: s.questions[0]!.id, sessionId: s.sessionId, query: 'explain please', inputMode: 'text' };
    },
  },
  'practice.helpStream': {
    ids: 'private',
    input: async () => {
      const s = await submittedSession();
      return { questionId: s.questions[0]!.id, sessionId: s.sessionId, query: 'explain please, streamed', inputMode: 'text' };
    },
  },
  // A's help conversations of one of A's sessions: A's private text, for A only.
  'practice.sessionHelp': {
    ids: 'private',
    input: async () => {
      const s = await submittedSession();
      await owner.api.practice.help({ questionId: s.questions[0]!.id, sessionId: s.sessionId, query: `${SECRET} past help`, inputMode: 'text' });
      return { sessionId: s.sessionId };
    },
  },
  'practice.rateHelp': { ids: 'private', input: async () => ({ helpRequestId: (await help()).helpRequestId, helpful: false }) },

  'studyPlan.get': { ids: 'none' },
  'studyPlan.act': { ids: 'private', input: async () => ({ ...(await pendingTask()), action: 'skipped', reason: 'busy' }) },

  'notes.add': { ids: 'private', input: async () => ({ sessionId: (await openSession()).sessionId, text: 'a note on that session', askTutor: true }) },
  'notes.addStream': { ids: 'private', input: async () => ({ sessionId: (await openSession()).sessionId, text: 'a streamed note on that session', askTutor: true }) },
  'notes.list': { ids: 'none', input: async () => ({}) },
  'notes.update': { ids: 'private', input: async () => ({ noteId: (await note()).noteId, text: 'overwritten' }) },
  'notes.delete': { ids: 'private', input: async () => ({ noteId: (await note()).noteId }) },

  'community.postQuestion': { ids: 'none', input: async () => ({ title: 'A question', body: 'Its body' }) },
  'community.postQuestionStream': { ids: 'none', input: async () => ({ title: 'A streamed question', body: 'Its body' }) },
  'community.answer': { ids: 'shared', input: async () => ({ questionId: (await communityQuestion()).questionId, body: 'An answer' }) },
  'community.vote': { ids: 'shared', input: async () => ({ answerId: (await communityQuestion()).aiAnswerId, value: 1 }) },
  // The asker, tutors and admins accept answers.
  'community.accept': { ids: 'shared', input: async () => ({ answerId: (await communityQuestion()).aiAnswerId }), expect: { student: 'FORBIDDEN', parent: 'FORBIDDEN', applicant: 'FORBIDDEN' } },
  'community.list': { ids: 'none', input: async () => ({}) },
  'community.get': { ids: 'shared', input: async () => ({ questionId: (await communityQuestion()).questionId }) },

  'data.stats': { ids: 'none' },
  'data.export': { ids: 'none', input: async () => ({ format: 'seed', mix: 'real', valRatio: 0 }) },
  'data.exportRuns': { ids: 'none' },
  'data.tutorStatus': { ids: 'none' },
  'data.evalRuns': { ids: 'none' },
  // The dataset browser shows admins every consenting student's examples.
  'data.examples': { ids: 'none', input: async () => ({}), mayRead: ['admin'] },
  'data.example': { ids: 'none', input: async () => ({ id: `help_requests:${(await help()).helpRequestId}` }), mayRead: ['admin'] },

  // The review queue is for tutors (over students linked or assigned to them) and admins (every consenting student).
  'review.next': { ids: 'none', mayRead: ['tutor', 'admin'] },
  'review.submit': { ids: 'none', input: async () => ({ itemId: await reviewItem(), verdict: 'approve' }) },
  'review.stats': { ids: 'none' },
  'review.guidelines': { ids: 'none' },
  'review.setGuidelines': { ids: 'none', input: async () => ({ text: 'Guidelines written by the matrix.' }) },
  'review.disputes': { ids: 'none', mayRead: ['admin'] },
  'review.confirm': { ids: 'none', input: async () => ({ itemId: await awaitingItem() }) },
  'review.reviewers': { ids: 'none' },
  'review.revokeReviewer': { ids: 'none', input: async () => ({ pseudonym: await goneReviewer(), rollback: true }) },
  'review.restoreReviewer': { ids: 'none', input: async () => ({ pseudonym: await goneReviewer() }) },
  'review.pool': { ids: 'none' },
  'review.assign': { ids: 'none', input: async () => ({ tutorId: (await t.user({ role: 'tutor' })).id, studentIds: [(await t.user()).id] }) },
  'review.unassign': { ids: 'none', input: async () => ({ tutorId: (await t.user({ role: 'tutor' })).id }) },
  'review.accessLog': { ids: 'none', input: async () => ({}) },

  // Granting staff roles is for admins only.
  'staff.createInvite': { ids: 'none', input: async () => ({ role: 'tutor' }) },
  'staff.invites': { ids: 'none' },
  'staff.revokeInvite': { ids: 'none', input: async () => ({ inviteId: (await inviter.api.staff.createInvite({ role: 'tutor' })).inviteId }) },
  'staff.pending': { ids: 'none' },
  'staff.approve': { ids: 'none', input: async () => ({ userId: (await t.user({ role: 'applicant' })).id }) },
  'staff.reject': { ids: 'none', input: async () => ({ userId: (await t.user({ role: 'applicant' })).id }) },

  'experiments.list': { ids: 'none' },
  'experiments.addCandidate': { ids: 'none', input: async () => ({ name: `matrix-${++candidates}`, baseUrl: 'http://127.0.0.1:9/v1', model: 'matrix' }) },
  // Only one experiment runs at a time: the input stops any first; the admin's call leaves one running, stopped by the next entry.
  'experiments.start': { ids: 'none', input: async () => (await stopRunning(), { candidateId: await freshCandidate(), sharePercent: 1 }) },
  'experiments.stop': { ids: 'none', input: async () => ({ experimentId: await runningExperiment() }) },
};

// ---- Running one cell ---------------------------------------------------------------------------

function procedureOf(api: Api, p: string): (input?: unknown) => Promise<unknown> {
  return p.split('.').reduce((node: any, key) => node[key], api);
}

async function outcomeOf(call: Promise<unknown>): Promise<{ outcome: Outcome | string; result?: unknown }> {
  try {
    const result = await call;
    // A streamed procedure (helpStream, addStream) checks and answers as it is read: read it to the end.
    if (result && typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      let last: unknown;
      for await (const event of result as AsyncIterable<unknown>) last = event;
      return { outcome: 'ok', result: last };
    }
    return { outcome: 'ok', result };
  } catch (err) {
    if (err instanceof TRPCError) return { outcome: err.code };
    throw err;
  }
}

async function freshApi(caller: Caller): Promise<Api> {
  if (caller === 'anonymous') return t.as();
  if (caller === 'admin') {
    // Through an admin invite, so the new admin's password is PASSWORD like everyone else's.
    const { code } = await inviter.api.staff.createInvite({ role: 'admin' });
    const { token } = await (await t.as()).auth.signUp({ email: `fresh-admin-${++signUps}@example.com`, password: PASSWORD, displayName: 'Fresh Admin', role: 'admin', trainingConsent: false, inviteCode: code });
    return t.as(token);
  }
  const role = caller === 'owner' || caller === 'student' ? 'student' : caller;
  return (await t.user({ role })).api;
}

/** Everything stored about A, minus the export's own timestamp. */
async function snapshotOfOwner(): Promise<string> {
  const { exportedAt: _at, ...rest } = await exportMyData(t.app.orm.em.fork() as Em, owner.id);
  return JSON.stringify(rest);
}

beforeAll(async () => {
  t = await createTestApp({ env: { EXPORT_DIR: mkdtempSync(path.join(tmpdir(), 'satprep-authz-')), TUTOR_MAX_CALLS_PER_USER: '100000', STAFF_INVITES_PER_ADMIN_PER_HOUR: '1000', WRITE_MAX_CALLS_PER_USER: '100000', INVITE_MAX_PER_USER: '100000' } });
  owner = await t.user({ name: 'Owner A' });
  const other = await t.user({ name: 'Student B' });
  const parent = await t.user({ role: 'parent', name: 'Parent of A' });
  const admin = await t.admin();
  inviter = { ...(await t.admin()), email: '' };
  // The tutor applied at sign-up and an admin approved it; the applicant is still waiting.
  const tutor = await t.user({ role: 'applicant', name: 'Tutor of A' });
  await admin.api.staff.approve({ userId: tutor.id });
  const applicant = await t.user({ role: 'applicant', name: 'Pending Applicant' });
  guardians = [parent, tutor];
  for (const guardian of guardians) await owner.api.me.acceptInvite({ code: (await guardian.api.me.createInvite()).code });
  apis = { anonymous: await t.as(), owner: owner.api, student: other.api, parent: parent.api, applicant: applicant.api, tutor: tutor.api, admin: admin.api };
  // Private history of A's in every table, marked with SECRET.
  const s = await submittedSession();
  await owner.api.practice.rateFeedback({ feedbackId: s.feedbackId, rating: 4, comment: `${SECRET} comment` });
  await help();
  await note();
  await owner.api.studyPlan.act({ ...(await pendingTask()), action: 'skipped', reason: `${SECRET} reason` });
});
afterAll(async () => {
  await settleExports();
  await t?.close();
});

describe('authorization matrix', () => {
  it('has an entry for every procedure of the app router', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(procedures).sort());
  });

  it('refuses students on every admin-only and staff-only procedure', () => {
    const restricted = Object.keys(procedures).filter((p) => gateOf(p) === 'admin' || gateOf(p) === 'staff');
    // The gate detection itself works: the data router is admin-only.
    expect(restricted).toEqual(expect.arrayContaining(['data.stats', 'data.export', 'data.exportRuns']));
    for (const p of restricted) {
      for (const caller of ['owner', 'student', 'parent', 'applicant'] as const) expect([p, caller, expected(p, MATRIX[p]!, caller)]).toEqual([p, caller, 'FORBIDDEN']);
    }
  });

  describe.each(Object.keys(MATRIX))('%s', (p) => {
    const entry = MATRIX[p]!;
    it.each(CALLERS)('as %s', async (caller) => {
      const want = expected(p, entry, caller);
      const api = entry.fresh ? await freshApi(caller) : apis[caller];
      const input = entry.input ? await entry.input() : undefined;
      const before = caller === 'owner' || entry.fresh ? null : await snapshotOfOwner();
      const { outcome, result } = await outcomeOf(procedureOf(api, p)(input));
      expect(outcome).toBe(want);
      if (before !== null) {
        // Refused or not, a call by anyone else neither changes A's data nor shows A's private text.
        expect(await snapshotOfOwner()).toBe(before);
        if (!entry.mayRead?.includes(caller)) expect(JSON.stringify(result ?? null)).not.toContain(SECRET);
      }
    });
  });
});

describe('idempotency keys', () => {
  it('are per user: another user sending A\'s clientEventId gets a write of their own, not A\'s stored result', async () => {
    const clientEventId = `authz-${randomUUID().slice(0, 12)}`;
    const mine = await owner.api.notes.add({ text: `${SECRET} idempotent`, askTutor: false, clientEventId });
    const theirs = await apis.student.notes.add({ text: 'their own', askTutor: false, clientEventId });
    expect(theirs.noteId).not.toBe(mine.noteId);
    expect(theirs.text).toBe('their own');
    expect((await owner.api.notes.add({ text: 'ignored on replay', askTutor: false, clientEventId })).noteId).toBe(mine.noteId);
  });
});

describe('guardians', () => {
  it('see only the students linked to them, and are listed only on those students', async () => {
    const unlinked = await t.user({ name: 'Unlinked C' });
    for (const guardian of ['parent', 'tutor'] as const) {
      const links = await apis[guardian].me.links();
      expect(links.students.map((s) => s.id)).toEqual([owner.id]);
      await expect(apis[guardian].me.studentProgress({ studentId: unlinked.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(apis[guardian].me.studentProgress({ studentId: owner.id })).resolves.toMatchObject({ student: { id: owner.id } });
    }
    expect((await unlinked.api.me.links()).guardians).toEqual([]);
    expect((await owner.api.me.links()).guardians.map((g) => g.id)).toEqual(expect.arrayContaining(guardians.map((g) => g.id)));
  });

  it('cannot reuse an accepted invite code to link another student', async () => {
    const guardian = await t.user({ role: 'parent' });
    const { code } = await guardian.api.me.createInvite();
    await owner.api.me.acceptInvite({ code });
    await expect(apis.student.me.acceptInvite({ code })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await guardian.api.me.links()).students.map((s) => s.id)).toEqual([owner.id]);
  });
});
