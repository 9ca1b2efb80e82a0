/**
 * The human review queue: tutors and admins approve, correct or reject stored AI outputs.
 *
 * 1. Entry rules, applied by a sweep over activity since the last sweep (idempotent: one item
 *    per output, the first reason wins): a rating of 2 stars or less, a thumbs-down on a help
 *    answer, a help answer the student followed up with another question on the same item,
 *    and a deterministic random sample of every other output.
 * 2. Work: `nextItem` shows one pending item with its input beside the output; `submitReview`
 *    records a verdict under the current guidelines and decides the item once the required
 *    number of reviewers agree, or marks it disputed for an admin.
 * 3. Guidelines and stats.
 */
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, type Figure, type ReviewSubmitInput } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { renderCommunity, SOURCE_DEFS, type SourceRow } from '@satprep/exporter';
import { recordStaffAccess, redactForStaff, studentIdentity, studentPseudonym, type StaffUser } from './staff-access.ts';

export interface ReviewPolicy {
  /** Share of outputs that enter the queue at random (0–1). */
  sampleRate: number;
  /** Reviewers who must agree before an item is decided. */
  requiredReviews: number;
  /** The sweep leaves out the last moments, so rows still being committed are not skipped. */
  sweepLagMs: number;
  /**
   * Verdicts that change exports only once a second reviewer agrees or an admin confirms
   * (REVIEW_CONFIRM_VERDICTS; default: corrections).
   */
  confirmVerdicts: readonly ('approve' | 'correct' | 'reject')[];
}

// ---- 1. Entry rules -----------------------------------------------------------------------

/** Text and student of each source's AI outputs, for the sample rule. */
const SAMPLE_SOURCES: { source: string; from: string; student: string; text: string; time: string; where: string }[] = [
  { source: 'feedback_ratings', from: 'feedback_ratings t', student: 't.user_id', text: 't.feedback_text', time: 't.created_at', where: 'true' },
  { source: 'help_requests', from: 'help_requests t', student: 't.user_id', text: 't.ai_response', time: 't.created_at', where: 'true' },
  { source: 'study_plan_actions', from: 'study_plan_actions t', student: 't.user_id', text: "t.adjustment->>'explanation'", time: 't.created_at', where: 'true' },
  { source: 'user_notes', from: 'user_notes t', student: 't.user_id', text: 't.ai_response', time: 't.created_at', where: 't.ai_response is not null' },
  { source: 'community_answers', from: 'community_answers t join community_questions q on q.id = t.question_id', student: 'q.author_id', text: 't.body', time: 't.created_at', where: 't.is_ai' },
];

const INSERT = 'insert into review_items (source_table, source_id, student_id, entry_reason, status, original_text, created_at)';

/** Applies the entry rules to everything since the last sweep; returns how many items entered. */
export async function sweepIntoQueue(em: Em, policy: ReviewPolicy): Promise<number> {
  return em.transactional(async (tx) => {
    const [sweep] = await tx.execute<{ swept_until: Date | string }[]>('select swept_until from review_sweeps where id = 1 for update');
    const last = sweep ? new Date(sweep.swept_until) : new Date(NaN);
    const since = Number.isNaN(last.getTime()) ? new Date(0) : last;
    const until = new Date(Date.now() - policy.sweepLagMs);
    if (!(until > since)) return 0;
    const window = [since, until];
    let entered = 0;
    const run = async (sql: string, params: unknown[]) => {
      const rows = await tx.execute<{ id: number }[]>(`${sql} on conflict (source_table, source_id) do nothing returning id`, params);
      entered += rows.length;
    };
    await run(
      `${INSERT} select 'feedback_ratings', t.id, t.user_id, 'low_rating', 'pending', t.feedback_text, now()
         from feedback_ratings t where t.rating <= 2 and t.updated_at > ? and t.updated_at <= ?`,
      window,
    );
    await run(
      `${INSERT} select 'help_requests', t.id, t.user_id, 'thumbs_down', 'pending', t.ai_response, now()
         from help_requests t where t.helpful = false and t.rated_at > ? and t.rated_at <= ?`,
      window,
    );
    await run(
      `${INSERT} select 'help_requests', t.id, t.user_id, 'follow_up', 'pending', t.ai_response, now()
         from help_requests t
        where exists (select 1 from help_requests later
                       where later.user_id = t.user_id and later.question_id = t.question_id and later.id > t.id
                         and later.created_at > ? and later.created_at <= ?)`,
      window,
    );
    // A stable hash of the output's identity decides the sample, so a sweep run twice picks the same rows.
    const threshold = Math.round(policy.sampleRate * 10_000);
    if (threshold > 0) {
      for (const s of SAMPLE_SOURCES) {
        await run(
          `${INSERT} select '${s.source}', t.id, ${s.student}, 'sample', 'pending', ${s.text}, now()
             from ${s.from}
            where ${s.where} and ${s.time} > ? and ${s.time} <= ? and ${s.text} is not null
              and (hashtext('${s.source}:' || t.id) & 2147483647) % 10000 < ?`,
          [...window, threshold],
        );
      }
    }
    await tx.execute('update review_sweeps set swept_until = ? where id = 1', [until]);
    return entered;
  });
}

// ---- 2. Work ------------------------------------------------------------------------------

export type Verdict = 'approve' | 'correct' | 'reject';

export interface ReviewContext {
  itemId: number;
  source: string;
  entryReason: string;
  status: string;
  /** A per-student label to group items by; never the student's name, email or id. */
  student: string;
  /** What the model was given (redacted as in exports): the question, the student's answer and query, or the performance stats. */
  input: string;
  /** What the model wrote (redacted as in exports). */
  output: string;
  /** The figure of the question the input is about (drawn beside its "Figure: …" line), or null. */
  figure: Figure | null;
  createdAt: Date;
  /** Verdicts so far, by reviewer pseudonym; rolled-back verdicts are left out. */
  reviews: { verdict: string; correctedText: string | null; reason: string | null; reviewer: string; guidelineVersion: number; mine: boolean }[];
  /** The correction waiting for a second reviewer or an admin (status 'awaiting_confirmation'). */
  proposedText: string | null;
  requiredReviews: number;
  guideline: { version: number; text: string };
}

interface ItemRow {
  id: number;
  source_table: string;
  source_id: number;
  student_id: number;
  entry_reason: string;
  status: string;
  original_text: string;
  created_at: Date | string;
}

/** The input the output answered, rendered as the exporter renders prompts, and the figure of its question. */
async function inputOf(em: Em, item: ItemRow): Promise<{ input: string; figure: Figure | null; published?: string | undefined }> {
  if (item.source_table === 'community_answers') {
    const [q] = await em.execute<{ title: string; body: string; skill: string | null }[]>(
      'select q.title, q.body, q.skill from community_answers a join community_questions q on q.id = a.question_id where a.id = ?',
      [item.source_id],
    );
    return { input: q ? renderCommunity(q.title, q.body, q.skill) : '(the question was deleted)', figure: null };
  }
  const def = SOURCE_DEFS[item.source_table as 'feedback_ratings' | 'help_requests' | 'study_plan_actions' | 'user_notes'];
  const [row] = await em.execute<SourceRow[]>(`${def.select} where t.id = ?`, [item.source_id]);
  const figure = row ? ((row.question_snapshot as { figure?: Figure | null } | null)?.figure ?? (row.q_figure as Figure | null | undefined) ?? null) : null;
  return { input: (row && def.toExample(row)?.input) ?? '(the source row was deleted)', figure, published: row && def.publishedText?.(row) };
}

async function currentGuideline(em: Em): Promise<{ version: number; text: string }> {
  const [g] = await em.execute<{ version: number; text: string }[]>('select version, text from review_guidelines order by version desc limit 1');
  return g ?? { version: 0, text: '' };
}

interface ActiveReview {
  reviewer_user_id: number | null;
  verdict: Verdict;
  corrected_text: string | null;
  reason: string | null;
  pseudonym: string;
  guideline_version: number;
  as_admin: boolean;
}

/** The verdicts that count: not rolled back, in the order given. */
const activeReviews = (em: Em, itemId: number) =>
  em.execute<ActiveReview[]>(
    `select x.user_id as reviewer_user_id, r.verdict, r.corrected_text, r.reason, x.pseudonym, r.guideline_version, r.as_admin
       from reviews r join reviewers x on x.id = r.reviewer_pseudonym_id
      where r.item_id = ? and r.rolled_back_at is null order by r.id`,
    [itemId],
  );

/**
 * The item as a reviewer sees it: content redacted as exports redact it, the student as a
 * pseudonym, reviewers as pseudonyms. Each call is one staff read and is logged.
 */
async function contextOf(em: Em, item: ItemRow, policy: ReviewPolicy, viewer: StaffUser, secret: string): Promise<ReviewContext> {
  const reviews = await activeReviews(em, item.id);
  const identities = await studentIdentity(em, item.student_id);
  const { input, figure, published } = await inputOf(em, item);
  const show = (text: string) => redactForStaff(text, identities, published);
  await recordStaffAccess(em, viewer, { action: 'review_item', subject: `review_item:${item.id}`, studentId: item.student_id });
  const proposal = item.status === 'awaiting_confirmation' ? reviews.find((r) => r.verdict === 'correct')?.corrected_text ?? null : null;
  return {
    itemId: item.id, source: item.source_table, entryReason: item.entry_reason, status: item.status,
    student: studentPseudonym(secret, item.student_id),
    input: show(input), figure, output: show(item.original_text), createdAt: new Date(item.created_at),
    reviews: reviews.map((r) => ({
      verdict: r.verdict, correctedText: r.corrected_text === null ? null : show(r.corrected_text), reason: r.reason, reviewer: r.pseudonym, guidelineVersion: r.guideline_version,
      mine: r.reviewer_user_id === viewer.id,
    })),
    proposedText: proposal === null ? null : show(proposal),
    requiredReviews: policy.requiredReviews,
    guideline: await currentGuideline(em),
  };
}

// Reviewers only ever see outputs of students who consent to training use.
const VISIBLE = 'join users u on u.id = ri.student_id and u.training_consent = true';

/**
 * Which students' items a staff member works: an admin, all; a tutor, students linked to them
 * (guardian_links) and students an admin assigned to them (review_assignments).
 */
function scopeOf(staff: StaffUser): { sql: string; params: unknown[] } {
  if (staff.role === 'admin') return { sql: 'true', params: [] };
  return {
    sql: `(exists (select 1 from guardian_links gl where gl.guardian_id = ? and gl.student_id = ri.student_id)
           or exists (select 1 from review_assignments ra where ra.tutor_id = ? and ra.student_id = ri.student_id))`,
    params: [staff.id, staff.id],
  };
}

/** The caller's reviewer record, created on first use with a random pseudonym; a revoked reviewer is refused. */
export async function reviewerOf(em: Em, staff: Pick<StaffUser, 'id'>): Promise<{ id: number; pseudonym: string }> {
  await em.execute('insert into reviewers (pseudonym, user_id, created_at) values (?, ?, now()) on conflict (user_id) do nothing', [
    `rev_${randomBytes(6).toString('hex')}`, staff.id,
  ]);
  const [r] = await em.execute<{ id: number; pseudonym: string; revoked_at: Date | null }[]>('select id, pseudonym, revoked_at from reviewers where user_id = ?', [staff.id]);
  if (r!.revoked_at) throw new AppError('FORBIDDEN', 'Your reviewer access was revoked by an admin.');
  return { id: r!.id, pseudonym: r!.pseudonym };
}

/**
 * The next item this reviewer has not reviewed yet, among the students they may work on:
 * corrections awaiting confirmation first, then low ratings and thumbs-down, then the rest.
 */
export async function nextItem(em: Em, staff: StaffUser, policy: ReviewPolicy, secret: string): Promise<ReviewContext | null> {
  const reviewer = await reviewerOf(em, staff);
  await sweepIntoQueue(em, policy);
  const scope = scopeOf(staff);
  const [item] = await em.execute<ItemRow[]>(
    `select ri.* from review_items ri ${VISIBLE}
      where ri.status in ('pending', 'awaiting_confirmation') and ri.student_id <> ? and ${scope.sql}
        and not exists (select 1 from reviews r where r.item_id = ri.id and r.reviewer_pseudonym_id = ?)
      order by case when ri.status = 'awaiting_confirmation' then -1 when ri.entry_reason = 'sample' then 2 when ri.entry_reason = 'follow_up' then 1 else 0 end, ri.id
      limit 1`,
    [staff.id, ...scope.params, reviewer.id],
  );
  return item ? contextOf(em, item, policy, staff, secret) : null;
}

/** Items an admin must decide: reviewers disagreed, or a correction waits for confirmation. */
export async function disputedItems(em: Em, policy: ReviewPolicy, admin: StaffUser, secret: string): Promise<ReviewContext[]> {
  const items = await em.execute<ItemRow[]>(`select ri.* from review_items ri ${VISIBLE} where ri.status in ('disputed', 'awaiting_confirmation') order by ri.id limit 50`);
  const out: ReviewContext[] = [];
  for (const i of items) out.push(await contextOf(em, i, policy, admin, secret));
  return out;
}

const DECIDED: Record<Verdict, 'approved' | 'corrected' | 'rejected'> = { approve: 'approved', correct: 'corrected', reject: 'rejected' };

type ItemStatus = 'pending' | 'awaiting_confirmation' | 'approved' | 'corrected' | 'rejected' | 'disputed';

/**
 * The item's state from the verdicts that count (the one rule, used on submit and on rollback):
 * - an admin's verdict decides alone (the latest, if several);
 * - fewer verdicts than required: pending;
 * - verdicts that differ (or corrections with different texts): disputed, for an admin;
 * - agreement on a verdict that needs confirmation (default: a correction) by fewer than two
 *   reviewers: awaiting confirmation — exports keep the model's original until then;
 * - otherwise the agreed verdict.
 */
export function decide(reviews: Pick<ActiveReview, 'verdict' | 'corrected_text' | 'as_admin'>[], policy: ReviewPolicy): { status: ItemStatus; finalVerdict: Pick<ActiveReview, 'verdict' | 'corrected_text'> | null } {
  const admin = reviews.filter((r) => r.as_admin).at(-1);
  if (admin) return { status: DECIDED[admin.verdict], finalVerdict: admin };
  const first = reviews[0];
  if (!first || reviews.length < policy.requiredReviews) return { status: 'pending', finalVerdict: null };
  const agree = reviews.every((r) => r.verdict === first.verdict && (r.verdict !== 'correct' || r.corrected_text === first.corrected_text));
  if (!agree) return { status: 'disputed', finalVerdict: null };
  if (policy.confirmVerdicts.includes(first.verdict) && reviews.length < 2) return { status: 'awaiting_confirmation', finalVerdict: null };
  return { status: DECIDED[first.verdict], finalVerdict: first };
}

/** Writes the state `decide` gives for an item; returns it. */
async function applyDecision(tx: Em, item: Pick<ItemRow, 'id' | 'original_text'>, policy: ReviewPolicy) {
  const reviews = await activeReviews(tx, item.id);
  const { status, finalVerdict } = decide(reviews, policy);
  const finalText = status === 'approved' ? item.original_text : status === 'corrected' ? finalVerdict!.corrected_text : null;
  const decided = status === 'approved' || status === 'corrected' || status === 'rejected';
  await tx.execute('update review_items set status = ?, final_text = ?, decided_at = ? where id = ?', [status, finalText, decided ? new Date() : null, item.id]);
  return { status, reviews: reviews.length };
}

const OPEN_STATUSES = ['pending', 'awaiting_confirmation', 'disputed'];

/**
 * Records a verdict and re-decides the item (see `decide`). A reviewer reviews an item once
 * (an admin may change their verdict while the item is open); decided items take no more
 * reviews; disputed items and confirmations of corrections by a lone reviewer need an admin or
 * another reviewer. Tutors review only items of students in their scope.
 */
export async function submitReview(em: Em, staff: StaffUser, input: ReviewSubmitInput, policy: ReviewPolicy) {
  return em.transactional(async (tx) => {
    const reviewer = await reviewerOf(tx, staff);
    const scope = scopeOf(staff);
    const [item] = await tx.execute<ItemRow[]>(`select ri.* from review_items ri ${VISIBLE} where ri.id = ? and ${scope.sql} for update of ri`, [input.itemId, ...scope.params]);
    if (!item) throw new AppError('NOT_FOUND', 'Review item not found.');
    if (item.student_id === staff.id) throw new AppError('FORBIDDEN', 'You cannot review your own outputs.');
    if (!OPEN_STATUSES.includes(item.status)) throw new AppError('CONFLICT', `This item is already ${item.status}.`);
    const isAdmin = staff.role === 'admin';
    if (item.status === 'disputed' && !isAdmin) throw new AppError('FORBIDDEN', 'Only an admin can settle a disputed item.');
    const { version } = await currentGuideline(tx);
    const values = [input.verdict, input.correctedText ?? null, input.reason ?? null, version, isAdmin];
    const inserted = await tx.execute<{ id: number }[]>(
      `insert into reviews (item_id, reviewer_id, reviewer_pseudonym_id, verdict, corrected_text, reason, guideline_version, as_admin, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (item_id, reviewer_pseudonym_id) do nothing returning id`,
      [item.id, staff.id, reviewer.id, ...values],
    );
    if (inserted.length === 0 && !isAdmin) throw new AppError('CONFLICT', 'You have already reviewed this item.');
    if (inserted.length === 0) {
      // An admin who reviewed the item before decides it now: the new verdict replaces theirs.
      await tx.execute(
        'update reviews set verdict = ?, corrected_text = ?, reason = ?, guideline_version = ?, as_admin = ?, rolled_back_at = null, created_at = now() where item_id = ? and reviewer_pseudonym_id = ?',
        [...values, item.id, reviewer.id],
      );
    }
    const { status, reviews } = await applyDecision(tx, item, policy);
    return { itemId: item.id, status, reviews, requiredReviews: policy.requiredReviews, guidelineVersion: version };
  });
}

/**
 * Agrees with the correction waiting on an item: the same as submitting that correction.
 * From a second reviewer it makes the correction count; from an admin it confirms it.
 */
export async function confirmCorrection(em: Em, staff: StaffUser, itemId: number, policy: ReviewPolicy) {
  const scope = scopeOf(staff);
  const [item] = await em.execute<{ status: string; corrected_text: string | null }[]>(
    `select ri.status, (select r.corrected_text from reviews r where r.item_id = ri.id and r.rolled_back_at is null and r.verdict = 'correct' order by r.id limit 1) as corrected_text
       from review_items ri ${VISIBLE} where ri.id = ? and ${scope.sql}`,
    [itemId, ...scope.params],
  );
  if (!item) throw new AppError('NOT_FOUND', 'Review item not found.');
  const proposal = item.status === 'awaiting_confirmation' && item.corrected_text !== null ? { corrected_text: item.corrected_text } : null;
  if (!proposal) throw new AppError('CONFLICT', 'This item has no correction waiting for confirmation.');
  return submitReview(em, staff, { itemId, verdict: 'correct', correctedText: proposal.corrected_text }, policy);
}

// ---- Reviewers: revoke and roll back ---------------------------------------------------------

export async function listReviewers(em: Em) {
  const rows = await em.execute<{ pseudonym: string; user_id: number | null; email: string | null; role: string | null; revoked_at: Date | null; verdicts: number; rolled_back: number }[]>(
    `select x.pseudonym, x.user_id, u.email, u.role, x.revoked_at,
            (select count(*)::int from reviews r where r.reviewer_pseudonym_id = x.id and r.rolled_back_at is null) as verdicts,
            (select count(*)::int from reviews r where r.reviewer_pseudonym_id = x.id and r.rolled_back_at is not null) as rolled_back
       from reviewers x left join users u on u.id = x.user_id order by x.id`,
  );
  return rows.map((r) => ({
    pseudonym: r.pseudonym, userId: r.user_id, email: r.email, role: r.role, deleted: r.user_id === null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null, verdicts: r.verdicts, rolledBack: r.rolled_back,
  }));
}

/**
 * Revokes a reviewer (they can no longer review) and, with `rollback`, takes back every verdict
 * they gave: each item they touched is re-decided from the other verdicts (often back to
 * pending), so the next export no longer carries their approvals, corrections or rejections.
 */
export async function revokeReviewer(em: Em, admin: StaffUser, input: { pseudonym: string; rollback: boolean }, policy: ReviewPolicy) {
  return em.transactional(async (tx) => {
    const [x] = await tx.execute<{ id: number; user_id: number | null }[]>('select id, user_id from reviewers where pseudonym = ? for update', [input.pseudonym]);
    if (!x) throw new AppError('NOT_FOUND', 'No reviewer with that pseudonym.');
    if (x.user_id === admin.id) throw new AppError('BAD_REQUEST', 'You cannot revoke yourself.');
    await tx.execute('update reviewers set revoked_at = coalesce(revoked_at, now()), revoked_by_id = coalesce(revoked_by_id, ?) where id = ?', [admin.id, x.id]);
    let rolledBack = 0;
    const changed: { itemId: number; status: string }[] = [];
    if (input.rollback) {
      const items = await tx.execute<{ id: number; original_text: string }[]>(
        `select ri.id, ri.original_text from review_items ri
          where exists (select 1 from reviews r where r.item_id = ri.id and r.reviewer_pseudonym_id = ? and r.rolled_back_at is null)
          order by ri.id for update`,
        [x.id],
      );
      const marked = await tx.execute<{ id: number }[]>('update reviews set rolled_back_at = now() where reviewer_pseudonym_id = ? and rolled_back_at is null returning id', [x.id]);
      rolledBack = marked.length;
      for (const item of items) changed.push({ itemId: item.id, status: (await applyDecision(tx, item, policy)).status });
    }
    return { pseudonym: input.pseudonym, revoked: true, rolledBack, items: changed };
  });
}

/** Gives a revoked reviewer back their access (rolled-back verdicts stay rolled back). */
export async function restoreReviewer(em: Em, pseudonym: string) {
  const rows = await em.execute<{ id: number }[]>('update reviewers set revoked_at = null, revoked_by_id = null where pseudonym = ? returning id', [pseudonym]);
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'No reviewer with that pseudonym.');
  return { pseudonym, revoked: false };
}

// ---- Assignments: which students a tutor reviews ----------------------------------------------

async function assertTutor(em: Em, tutorId: number) {
  const [u] = await em.execute<{ role: string }[]>('select role from users where id = ?', [tutorId]);
  if (!u) throw new AppError('NOT_FOUND', 'No such tutor.');
  if (u.role !== 'tutor') throw new AppError('BAD_REQUEST', 'Items can only be assigned to a tutor account.');
}

/**
 * Assigns students' review items to a tutor: the given students, and/or a share (0–1) of the
 * students in the unassigned queue (open items, no assignment, no linked tutor). A student may
 * be in several tutors' pools (a second reviewer has to come from somewhere).
 */
export async function assignStudents(em: Em, admin: StaffUser, input: { tutorId: number; studentIds?: number[] | undefined; share?: number | undefined }, policy: ReviewPolicy) {
  if (input.share) await sweepIntoQueue(em, policy);
  return em.transactional(async (tx) => {
    await assertTutor(tx, input.tutorId);
    const ids = new Set(input.studentIds ?? []);
    if (ids.size) {
      const found = await tx.execute<{ id: number }[]>(`select id from users where role = 'student' and id in (${[...ids].map(() => '?').join(',')})`, [...ids]);
      if (found.length !== ids.size) throw new AppError('BAD_REQUEST', 'Every id must be a student account.');
    }
    if (input.share) {
      const pool = await tx.execute<{ student_id: number }[]>(
        `select distinct ri.student_id from review_items ri ${VISIBLE}
          where ri.status in ('pending', 'awaiting_confirmation')
            and not exists (select 1 from review_assignments ra where ra.student_id = ri.student_id)
            and not exists (select 1 from guardian_links gl join users g on g.id = gl.guardian_id and g.role = 'tutor' where gl.student_id = ri.student_id)
          order by ri.student_id`,
      );
      for (const r of pool.slice(0, Math.ceil(pool.length * input.share))) ids.add(r.student_id);
    }
    for (const studentId of ids) {
      await tx.execute(
        'insert into review_assignments (tutor_id, student_id, assigned_by_id, created_at) values (?, ?, ?, now()) on conflict (tutor_id, student_id) do nothing',
        [input.tutorId, studentId, admin.id],
      );
    }
    return { tutorId: input.tutorId, assigned: ids.size };
  });
}

/** Takes students (or, without ids, every student) away from a tutor's assignment. */
export async function unassignStudents(em: Em, input: { tutorId: number; studentIds?: number[] | undefined }) {
  const ids = input.studentIds ?? [];
  const rows = ids.length
    ? await em.execute<{ id: number }[]>(`delete from review_assignments where tutor_id = ? and student_id in (${ids.map(() => '?').join(',')}) returning id`, [input.tutorId, ...ids])
    : await em.execute<{ id: number }[]>('delete from review_assignments where tutor_id = ? returning id', [input.tutorId]);
  return { tutorId: input.tutorId, unassigned: rows.length };
}

/** Students with open items and who works them, for the admin's assignment screen. */
export async function reviewPool(em: Em, secret: string, policy: ReviewPolicy) {
  await sweepIntoQueue(em, policy);
  const rows = await em.execute<{ student_id: number; open: number; linked_tutors: number }[]>(
    `select ri.student_id, count(*)::int as open,
            (select count(*)::int from guardian_links gl join users g on g.id = gl.guardian_id and g.role = 'tutor' where gl.student_id = ri.student_id) as linked_tutors
       from review_items ri ${VISIBLE}
      where ri.status in ('pending', 'awaiting_confirmation') group by ri.student_id order by ri.student_id limit 500`,
  );
  const assigned = await em.execute<{ student_id: number; tutor_id: number }[]>('select student_id, tutor_id from review_assignments order by id');
  return rows.map((r) => ({
    studentId: r.student_id, student: studentPseudonym(secret, r.student_id), openItems: r.open, linkedTutors: r.linked_tutors,
    assignedTutorIds: assigned.filter((a) => a.student_id === r.student_id).map((a) => a.tutor_id),
  }));
}

// ---- 3. Guidelines and stats --------------------------------------------------------------

export async function guidelines(em: Em) {
  return currentGuideline(em);
}

/**
 * A new guidelines version. Concurrent edits queue on the latest version's row lock, so each
 * takes the next number; a collision that slips through (an empty table) is retried, then
 * answered with CONFLICT instead of a server error.
 */
export async function setGuidelines(em: Em, adminId: number, text: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await em.transactional(async (tx) => {
        await tx.execute('select version from review_guidelines order by version desc limit 1 for update');
        const [row] = await tx.execute<{ version: number }[]>(
          `insert into review_guidelines (version, text, author_id, created_at)
           select coalesce(max(version), 0) + 1, ?, ?, now() from review_guidelines returning version`,
          [text, adminId],
        );
        return { version: row!.version, text };
      });
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
    }
  }
  throw new AppError('CONFLICT', 'Someone else is editing the guidelines right now. Please try again.');
}

export async function reviewStats(em: Em, staff: StaffUser, policy: ReviewPolicy) {
  const reviewer = await reviewerOf(em, staff);
  await sweepIntoQueue(em, policy);
  const scope = scopeOf(staff);
  const byStatus = await em.execute<{ status: string; n: number }[]>(`select ri.status, count(*)::int as n from review_items ri ${VISIBLE} where ${scope.sql} group by ri.status`, scope.params);
  const byReason = await em.execute<{ entry_reason: string; n: number }[]>(`select ri.entry_reason, count(*)::int as n from review_items ri ${VISIBLE} where ${scope.sql} group by ri.entry_reason`, scope.params);
  const [mine] = await em.execute<{ n: number }[]>('select count(*)::int as n from reviews where reviewer_pseudonym_id = ? and rolled_back_at is null', [reviewer.id]);
  const [waiting] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from review_items ri ${VISIBLE}
      where ri.status in ('pending', 'awaiting_confirmation') and ri.student_id <> ? and ${scope.sql}
        and not exists (select 1 from reviews r where r.item_id = ri.id and r.reviewer_pseudonym_id = ?)`,
    [staff.id, ...scope.params, reviewer.id],
  );
  const statuses = Object.fromEntries(['pending', 'awaiting_confirmation', 'approved', 'corrected', 'rejected', 'disputed'].map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0]));
  return {
    byStatus: statuses,
    byReason: Object.fromEntries(byReason.map((r) => [r.entry_reason, r.n])),
    reviewedByMe: mine!.n,
    waitingForMe: waiting!.n,
    requiredReviews: policy.requiredReviews,
    confirmVerdicts: policy.confirmVerdicts,
    sampleRate: policy.sampleRate,
    guidelineVersion: (await currentGuideline(em)).version,
    reviewer: reviewer.pseudonym,
  };
}
