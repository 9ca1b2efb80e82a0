/**
 * Issue #20, items 2 and 3 (and the review part of 7): what reviewers see, whose items they work,
 * the staff access log, corrections that need a second reviewer or an admin, reviewer
 * pseudonyms that survive account deletion, revoke + rollback, and per-reviewer manifest counts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionFeedbackRequest } from '@satprep/domain';
import { exportTrainingData } from '@satprep/exporter';
import { OfflineTutor } from '@satprep/tutor';
import { createTestApp, type TestApp } from './harness.ts';

type Person = Awaited<ReturnType<TestApp['user']>>;

/**
 * A tutor model that greets the student by first name. The app no longer gives the tutor the name, but a remote
 * model can still write one it was told in a help question: what reviewers see must not show it.
 */
class GreetingTutor extends OfflineTutor {
  override async sessionFeedback(req: SessionFeedbackRequest) {
    const out = await super.sessionFeedback(req);
    return { ...out, text: `Nice work today, Quincy! ${out.text}` };
  }
}

const PLANTED = 'I am Quincy Zebulon, reach me at quincy.z@school.example or 555-201-7788. Why is my answer wrong?';

/** A low-rated session feedback and a thumbs-down help answer (asked with `query`): two queue items. */
async function lowRatedActivity(s: Person, query = 'Why is my answer wrong?') {
  const { sessionId, questions } = await s.api.practice.start({ domain: 'Algebra', count: 3 });
  const result = await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 1000 })) });
  await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 1 });
  const help = await s.api.practice.help({ questionId: questions[0]!.id, sessionId, query, inputMode: 'text' });
  await s.api.practice.rateHelp({ helpRequestId: help.helpRequestId, helpful: false });
  return { helpRequestId: help.helpRequestId, feedbackId: result.feedback.feedbackId };
}

/** Links a tutor to a student the way the product does: the tutor's invite, accepted by the student. */
async function link(tutor: Person, student: Person) {
  await student.api.me.acceptInvite({ code: (await tutor.api.me.createInvite()).code });
}

/** A real-only SFT export; minRating 1 keeps low-rated feedback (thumbs-down help answers appear only once reviewed). */
async function exportLines(t: TestApp) {
  const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-review-integrity-'));
  const r = await exportTrainingData({ orm: t.app.orm }, { format: 'prompt-completion', outDir, secret: 's', trigger: 'test', mix: 'real', valRatio: 0, minLength: 5, minRating: 1 });
  const lines = readFileSync(path.join(outDir, 'train.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  return { r, lines, manifest };
}

const ENV = { REVIEW_SAMPLE_RATE: '0', REVIEW_SWEEP_LAG_SECONDS: '0' };

describe('what reviewers see, and whose items', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  let quincy: Person;
  beforeAll(async () => {
    t = await createTestApp({ tutor: new GreetingTutor(), env: ENV });
    admin = await t.admin();
    quincy = await t.user({ name: 'Quincy Zebulon' });
    await lowRatedActivity(quincy, PLANTED);
  });
  afterAll(async () => { await t?.close(); });

  it('shows a tutor nothing of students not linked or assigned to them', async () => {
    const stranger = await t.user({ role: 'tutor' });
    expect(await stranger.api.review.next()).toBeNull();
    const stats = await stranger.api.review.stats();
    expect(stats.byStatus.pending).toBe(0);
    expect(stats.waitingForMe).toBe(0);
    const [item] = await t.app.orm.em.fork().execute<{ id: number }[]>('select id from review_items order by id limit 1');
    await expect(stranger.api.review.submit({ itemId: item!.id, verdict: 'reject', reason: 'other' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(stranger.api.review.confirm({ itemId: item!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.app.orm.em.fork().execute<{ status: string }[]>('select status from review_items where id = ?', [item!.id]))[0]!.status).toBe('pending');
  });

  it('shows a linked tutor the items redacted as exports redact them, with a pseudonym instead of the student', async () => {
    const tutor = await t.user({ role: 'tutor' });
    await link(tutor, quincy);
    const seen = [];
    for (let i = 0; i < 2; i++) {
      const item = (await tutor.api.review.next())!;
      seen.push(item);
      await tutor.api.review.submit({ itemId: item.itemId, verdict: 'approve' });
    }
    expect(seen.map((s) => s.source).sort()).toEqual(['feedback_ratings', 'help_requests']);
    const text = JSON.stringify(seen);
    for (const secret of ['Quincy', 'Zebulon', 'quincy.z@school.example', '555-201-7788', quincy.email, `"${quincy.id}"`]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(studentId|userId|email)"/);
    const help = seen.find((s) => s.source === 'help_requests')!;
    expect(help.input).toContain('I am [NAME], reach me at [EMAIL] or [PHONE]');
    const feedback = seen.find((s) => s.source === 'feedback_ratings')!;
    expect(feedback.output).toMatch(/^Nice work today, \[NAME\]!/);
    // One pseudonym per student, to group by.
    expect(help.student).toMatch(/^student-[0-9a-f]{8}$/);
    expect(feedback.student).toBe(help.student);
  });

  it('lets an admin assign students (or a share of the unassigned queue) to a tutor, and take them back', async () => {
    const [a, b] = [await t.user({ name: 'Ada Lindqvist' }), await t.user({ name: 'Bo Kariuki' })];
    await lowRatedActivity(a);
    await lowRatedActivity(b);
    const tutor = await t.user({ role: 'tutor' });
    await expect(tutor.api.review.assign({ tutorId: tutor.id, studentIds: [a.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.api.review.assign({ tutorId: a.id, studentIds: [b.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.api.review.assign({ tutorId: tutor.id, studentIds: [tutor.id] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    expect(await admin.api.review.assign({ tutorId: tutor.id, studentIds: [a.id] })).toEqual({ tutorId: tutor.id, assigned: 1 });
    expect((await tutor.api.review.stats()).waitingForMe).toBe(2);
    const pool = await admin.api.review.pool();
    expect(pool.find((p) => p.studentId === a.id)).toMatchObject({ openItems: 2, assignedTutorIds: [tutor.id] });
    expect(pool.find((p) => p.studentId === b.id)).toMatchObject({ openItems: 2, assignedTutorIds: [], linkedTutors: 0 });

    // The unassigned queue is b alone (a is assigned, Quincy's items are decided): half of it is b.
    const other = await t.user({ role: 'tutor' });
    expect(await admin.api.review.assign({ tutorId: other.id, share: 0.5 })).toEqual({ tutorId: other.id, assigned: 1 });
    expect((await other.api.review.stats()).waitingForMe).toBe(2);

    expect(await admin.api.review.unassign({ tutorId: tutor.id, studentIds: [a.id] })).toEqual({ tutorId: tutor.id, unassigned: 1 });
    expect(await tutor.api.review.next()).toBeNull();
  });

  it('records every staff read of student content, for admins only', async () => {
    const rosa = await t.user({ name: 'Rosa Delacroix' });
    await lowRatedActivity(rosa);
    const tutor = await t.user({ role: 'tutor' });
    await link(tutor, rosa);
    const item = (await tutor.api.review.next())!;
    await tutor.api.me.studentProgress({ studentId: rosa.id });
    const [help] = await t.app.orm.em.fork().execute<{ id: number }[]>('select id from help_requests where user_id = ?', [rosa.id]);
    await admin.api.data.example({ id: `help_requests:${help!.id}` });

    const log = await admin.api.review.accessLog({ staffId: tutor.id });
    expect(log.entries.map((e) => [e.action, e.subject, e.staffEmail, e.staffRole])).toEqual([
      ['student_progress', `student:${rosa.id}`, tutor.email, 'tutor'],
      ['review_item', `review_item:${item.itemId}`, tutor.email, 'tutor'],
    ]);
    expect(log.entries.every((e) => e.student === item.student && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    const all = await admin.api.review.accessLog({});
    expect(all.entries[0]).toMatchObject({ action: 'dataset_example', subject: `example:help_requests:${help!.id}`, staffId: admin.id, staffRole: 'admin', student: item.student });
    const firstPage = await admin.api.review.accessLog({ limit: 1 });
    expect(firstPage.nextBeforeId).toBe(firstPage.entries[0]!.id);
    expect((await admin.api.review.accessLog({ limit: 1, beforeId: firstPage.nextBeforeId! })).entries[0]!.id).toBeLessThan(firstPage.entries[0]!.id);

    await expect(tutor.api.review.accessLog({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rosa.api.review.accessLog({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A student reading their own progress is not a staff read.
    const before = (await admin.api.review.accessLog({ limit: 200 })).entries.length;
    await rosa.api.me.studentProgress({ studentId: rosa.id });
    expect((await admin.api.review.accessLog({ limit: 200 })).entries.length).toBe(before);
  });

  it('turns concurrent guideline edits into consecutive versions, never a server error', async () => {
    const edits = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => admin.api.review.setGuidelines({ text: `Concurrent edit ${i}` })));
    const failed = edits.filter((e) => e.status === 'rejected').map((e) => (e as PromiseRejectedResult).reason.code);
    // A retry absorbs collisions; one that still collides is a clean 409, not a 500.
    expect(failed.every((c) => c === 'CONFLICT')).toBe(true);
    const versions = edits.filter((e) => e.status === 'fulfilled').map((e) => (e as PromiseFulfilledResult<{ version: number }>).value.version).sort((x, y) => x - y);
    expect(versions.length).toBeGreaterThanOrEqual(10);
    expect(new Set(versions).size).toBe(versions.length);
  });
});

describe('integrity of training data', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['admin']>>;
  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    admin = await t.admin();
  });
  afterAll(async () => { await t?.close(); });

  // Worded for any item (the session's first question may be a grid-in, where the audit drops outputs that speak of choices).
  const POISON = 'POISON: always go with your first guess, the test makers love it, no need to check anything at all.';

  it('keeps a lone correction out of exports until a second reviewer agrees or an admin confirms', async () => {
    const s = await t.user({ name: 'Wren Achterberg' });
    await lowRatedActivity(s);
    const [a, b] = [await t.user({ role: 'tutor' }), await t.user({ role: 'tutor' })];
    await admin.api.review.assign({ tutorId: a.id, studentIds: [s.id] });
    await admin.api.review.assign({ tutorId: b.id, studentIds: [s.id] });

    const first = (await a.api.review.next())!;
    const second = (await a.api.review.next()) ?? null;
    expect(second).toMatchObject({ itemId: first.itemId }); // not reviewed yet: the same item again
    const byA = await a.api.review.submit({ itemId: first.itemId, verdict: 'correct', correctedText: POISON, reason: 'unclear' });
    expect(byA).toMatchObject({ status: 'awaiting_confirmation', reviews: 1 });
    await expect(a.api.review.confirm({ itemId: first.itemId })).rejects.toMatchObject({ code: 'CONFLICT' }); // not their own

    const lone = await exportLines(t);
    expect(JSON.stringify(lone.lines)).not.toContain('POISON');
    const line = lone.lines.find((l) => l.metadata.source_table === first.source)!;
    expect(line.completion).toBe(first.output);
    expect(line.metadata.review_status ?? null).toBeNull();

    // The second reviewer sees the proposal first and agrees: now it counts.
    const forB = (await b.api.review.next())!;
    expect(forB).toMatchObject({ itemId: first.itemId, status: 'awaiting_confirmation', proposedText: POISON });
    expect(await b.api.review.confirm({ itemId: first.itemId })).toMatchObject({ status: 'corrected', reviews: 2 });
    const agreed = await exportLines(t);
    expect(agreed.lines.find((l) => l.metadata.source_table === first.source)).toMatchObject({ completion: POISON, metadata: { review_status: 'corrected' } });

    // The other item: a correction an admin confirms.
    const other = (await a.api.review.next())!;
    expect(other.itemId).not.toBe(first.itemId);
    const fixed = 'Check the point in both inequalities: only one value satisfies both at once.';
    expect(await a.api.review.submit({ itemId: other.itemId, verdict: 'correct', correctedText: fixed })).toMatchObject({ status: 'awaiting_confirmation' });
    expect((await admin.api.review.disputes()).map((d) => d.itemId)).toContain(other.itemId);
    expect(await admin.api.review.confirm({ itemId: other.itemId })).toMatchObject({ status: 'corrected' });
    const confirmed = await exportLines(t);
    expect(confirmed.lines.find((l) => l.metadata.source_table === other.source)).toMatchObject({ completion: fixed });
  });

  it('keeps verdicts under the reviewer\'s pseudonym after the account is deleted; revoke + rollback changes the next export', async () => {
    const POISON_2 = `${POISON} (second attempt)`;
    const s = await t.user({ name: 'Ines Fairbanks' });
    const { helpRequestId } = await lowRatedActivity(s);
    const [bad, good] = [await t.user({ role: 'tutor' }), await t.user({ role: 'tutor' })];
    for (const tutor of [bad, good]) await admin.api.review.assign({ tutorId: tutor.id, studentIds: [s.id] });
    const badName = (await bad.api.review.stats()).reviewer;
    const goodName = (await good.api.review.stats()).reviewer;
    expect(badName).toMatch(/^rev_[0-9a-f]{12}$/);

    // bad corrects the feedback with poison and good (colluding or careless) agrees; bad approves the thumbs-down help answer.
    for (let item = await bad.api.review.next(); item; item = await bad.api.review.next()) {
      if (item.source === 'feedback_ratings') {
        await bad.api.review.submit({ itemId: item.itemId, verdict: 'correct', correctedText: POISON_2 });
        await good.api.review.confirm({ itemId: item.itemId });
      } else await bad.api.review.submit({ itemId: item.itemId, verdict: 'approve' });
    }
    const helpLine = (lines: { metadata: { example_id: string } }[]) => lines.filter((l) => l.metadata.example_id === `help_requests:${helpRequestId}`);
    const before = await exportLines(t);
    expect(before.lines.some((l) => l.completion === POISON_2)).toBe(true);
    expect(helpLine(before.lines)).toMatchObject([{ metadata: { review_status: 'approved' } }]);
    expect(before.manifest.review_verdicts_by_reviewer[badName]).toEqual({ approve: 1, correct: 1, reject: 0 });

    // The account goes; its verdicts stay, under the pseudonym.
    await bad.api.me.deleteAccount();
    const reviewers = await admin.api.review.reviewers();
    expect(reviewers.find((r) => r.pseudonym === badName)).toMatchObject({ deleted: true, userId: null, email: null, revokedAt: null, verdicts: 2 });
    const afterDeletion = await exportLines(t);
    expect(afterDeletion.manifest.review_verdicts_by_reviewer[badName]).toEqual(before.manifest.review_verdicts_by_reviewer[badName]);
    expect(afterDeletion.lines.some((l) => l.completion === POISON_2)).toBe(true);

    // Revoke with rollback: the poison correction waits again (good's agreement alone is not enough), the approval is undone.
    const revoked = await admin.api.review.revokeReviewer({ pseudonym: badName, rollback: true });
    expect(revoked).toMatchObject({ revoked: true, rolledBack: 2 });
    expect(revoked.items.map((i) => i.status).sort()).toEqual(['awaiting_confirmation', 'pending']);
    const after = await exportLines(t);
    expect(after.lines.some((l) => l.completion === POISON_2)).toBe(false);
    expect(helpLine(after.lines)).toEqual([]); // a thumbs-down answer nobody approved is not an SFT target
    expect(after.manifest.review_verdicts_by_reviewer[badName]).toBeUndefined();
    // good's confirmation of the rolled-back correction no longer backs a decision either.
    expect(after.manifest.review_verdicts_by_reviewer[goodName]?.correct ?? 0).toBe((before.manifest.review_verdicts_by_reviewer[goodName]?.correct ?? 0) - 1);
    expect((await admin.api.review.reviewers()).find((r) => r.pseudonym === badName)).toMatchObject({ verdicts: 0, rolledBack: 2, revokedAt: expect.any(String) });
  });

  it('stops a revoked reviewer from reviewing until an admin restores them', async () => {
    const s = await t.user({ name: 'Ola Brannigan' });
    await lowRatedActivity(s);
    const tutor = await t.user({ role: 'tutor' });
    await admin.api.review.assign({ tutorId: tutor.id, studentIds: [s.id] });
    const item = (await tutor.api.review.next())!;
    const { reviewer } = await tutor.api.review.stats();
    await expect(admin.api.review.revokeReviewer({ pseudonym: 'rev_000000000000', rollback: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.api.review.revokeReviewer({ pseudonym: 'Tutor Name', rollback: false })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(tutor.api.review.revokeReviewer({ pseudonym: reviewer, rollback: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.api.review.revokeReviewer({ pseudonym: reviewer, rollback: false });
    await expect(tutor.api.review.next()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(tutor.api.review.submit({ itemId: item.itemId, verdict: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Nor may they pick which community answer a question's example trains on.
    const asked = await s.api.community.postQuestion({ title: 'When does a comma splice happen?', body: 'Two sentences joined by a comma.' });
    await expect(tutor.api.community.accept({ answerId: asked.answers[0]!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.api.review.restoreReviewer({ pseudonym: reviewer });
    expect(await tutor.api.community.accept({ answerId: asked.answers[0]!.id })).toMatchObject({ accepted: true });
    expect(await tutor.api.review.submit({ itemId: item.itemId, verdict: 'approve' })).toMatchObject({ status: 'approved' });
  });

  it('counts verdicts per reviewer pseudonym in the manifest', async () => {
    const s = await t.user({ name: 'Pia Oyelaran' });
    await lowRatedActivity(s);
    const tutor = await t.user({ role: 'tutor' });
    await admin.api.review.assign({ tutorId: tutor.id, studentIds: [s.id] });
    const { reviewer } = await tutor.api.review.stats();
    for (let item = await tutor.api.review.next(); item; item = await tutor.api.review.next()) {
      await tutor.api.review.submit(item.source === 'help_requests' ? { itemId: item.itemId, verdict: 'reject', reason: 'off_topic' } : { itemId: item.itemId, verdict: 'approve' });
    }
    const { manifest } = await exportLines(t);
    expect(manifest.review_verdicts_by_reviewer[reviewer]).toEqual({ approve: 1, correct: 0, reject: 1 });
    expect(JSON.stringify(manifest.review_verdicts_by_reviewer)).not.toContain('@');
  });
});

describe('confirmation turned off', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { ...ENV, REVIEW_CONFIRM_VERDICTS: '' } }); });
  afterAll(async () => { await t?.close(); });

  it('lets a lone correction decide when REVIEW_CONFIRM_VERDICTS is empty', async () => {
    const s = await t.user({ name: 'Tova Marchetti' });
    await lowRatedActivity(s);
    const tutor = await t.user({ role: 'tutor' });
    await link(tutor, s);
    const item = (await tutor.api.review.next())!;
    expect(await tutor.api.review.submit({ itemId: item.itemId, verdict: 'correct', correctedText: 'A corrected explanation that is long enough.' })).toMatchObject({ status: 'corrected' });
  });
});
