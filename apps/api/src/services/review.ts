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
import { AppError, type ReviewSubmitInput } from '@satprep/domain';
import type { Em } from '@satprep/domain/db';
import { renderCommunity, SOURCE_DEFS, type SourceRow } from '@satprep/exporter';

export interface ReviewPolicy {
  /** Share of outputs that enter the queue at random (0–1). */
  sampleRate: number;
  /** Reviewers who must agree before an item is decided. */
  requiredReviews: number;
  /** The sweep leaves out the last moments, so rows still being committed are not skipped. */
  sweepLagMs: number;
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

export interface ReviewContext {
  itemId: number;
  source: string;
  entryReason: string;
  status: string;
  /** What the model was given: the question, the student's answer and query, or the performance stats. */
  input: string;
  /** What the model wrote. */
  output: string;
  createdAt: Date;
  reviews: { verdict: string; correctedText: string | null; reason: string | null; reviewerId: number; guidelineVersion: number }[];
  requiredReviews: number;
  guideline: { version: number; text: string };
}

interface ItemRow {
  id: number;
  source_table: string;
  source_id: number;
  entry_reason: string;
  status: string;
  original_text: string;
  created_at: Date | string;
}

/** The input the output answered, rendered as the exporter renders prompts. */
async function inputOf(em: Em, item: ItemRow): Promise<string> {
  if (item.source_table === 'community_answers') {
    const [q] = await em.execute<{ title: string; body: string; skill: string | null }[]>(
      'select q.title, q.body, q.skill from community_answers a join community_questions q on q.id = a.question_id where a.id = ?',
      [item.source_id],
    );
    return q ? renderCommunity(q.title, q.body, q.skill) : '(the question was deleted)';
  }
  const def = SOURCE_DEFS[item.source_table as 'feedback_ratings' | 'help_requests' | 'study_plan_actions' | 'user_notes'];
  const [row] = await em.execute<SourceRow[]>(`${def.select} where t.id = ?`, [item.source_id]);
  return (row && def.toExample(row)?.input) ?? '(the source row was deleted)';
}

async function currentGuideline(em: Em): Promise<{ version: number; text: string }> {
  const [g] = await em.execute<{ version: number; text: string }[]>('select version, text from review_guidelines order by version desc limit 1');
  return g ?? { version: 0, text: '' };
}

async function contextOf(em: Em, item: ItemRow, policy: ReviewPolicy): Promise<ReviewContext> {
  const reviews = await em.execute<{ verdict: string; corrected_text: string | null; reason: string | null; reviewer_id: number; guideline_version: number }[]>(
    'select verdict, corrected_text, reason, reviewer_id, guideline_version from reviews where item_id = ? order by id',
    [item.id],
  );
  return {
    itemId: item.id, source: item.source_table, entryReason: item.entry_reason, status: item.status,
    input: await inputOf(em, item), output: item.original_text, createdAt: new Date(item.created_at),
    reviews: reviews.map((r) => ({ verdict: r.verdict, correctedText: r.corrected_text, reason: r.reason, reviewerId: r.reviewer_id, guidelineVersion: r.guideline_version })),
    requiredReviews: policy.requiredReviews,
    guideline: await currentGuideline(em),
  };
}

// Reviewers only ever see outputs of students who consent to training use.
const VISIBLE = 'join users u on u.id = ri.student_id and u.training_consent = true';

/** The next pending item this reviewer has not reviewed yet (low ratings and thumbs-down first), or null. */
export async function nextItem(em: Em, reviewerId: number, policy: ReviewPolicy): Promise<ReviewContext | null> {
  await sweepIntoQueue(em, policy);
  const [item] = await em.execute<ItemRow[]>(
    `select ri.* from review_items ri ${VISIBLE}
      where ri.status = 'pending' and ri.student_id <> ?
        and not exists (select 1 from reviews r where r.item_id = ri.id and r.reviewer_id = ?)
      order by case ri.entry_reason when 'sample' then 2 when 'follow_up' then 1 else 0 end, ri.id
      limit 1`,
    [reviewerId, reviewerId],
  );
  return item ? contextOf(em, item, policy) : null;
}

/** Items whose reviewers disagreed, for an admin to decide. */
export async function disputedItems(em: Em, policy: ReviewPolicy): Promise<ReviewContext[]> {
  const items = await em.execute<ItemRow[]>(`select ri.* from review_items ri ${VISIBLE} where ri.status = 'disputed' order by ri.id limit 50`);
  return Promise.all(items.map((i) => contextOf(em, i, policy)));
}

const DECIDED: Record<string, 'approved' | 'corrected' | 'rejected'> = { approve: 'approved', correct: 'corrected', reject: 'rejected' };

/**
 * Records a verdict and decides the item when enough reviewers agree (or when an admin settles
 * a dispute). A reviewer reviews an item once; decided items take no more reviews.
 */
export async function submitReview(em: Em, reviewer: { id: number; role: string }, input: ReviewSubmitInput, policy: ReviewPolicy) {
  return em.transactional(async (tx) => {
    const [item] = await tx.execute<ItemRow[]>(`select ri.* from review_items ri ${VISIBLE} where ri.id = ? for update of ri`, [input.itemId]);
    if (!item) throw new AppError('NOT_FOUND', 'Review item not found.');
    if (item.status !== 'pending' && item.status !== 'disputed') throw new AppError('CONFLICT', `This item is already ${item.status}.`);
    const settlingDispute = item.status === 'disputed';
    if (settlingDispute && reviewer.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin can settle a disputed item.');
    const { version } = await currentGuideline(tx);
    const inserted = await tx.execute<{ id: number }[]>(
      `insert into reviews (item_id, reviewer_id, verdict, corrected_text, reason, guideline_version, created_at)
       values (?, ?, ?, ?, ?, ?, now()) on conflict (item_id, reviewer_id) do nothing returning id`,
      [item.id, reviewer.id, input.verdict, input.correctedText ?? null, input.reason ?? null, version],
    );
    if (inserted.length === 0 && !settlingDispute) throw new AppError('CONFLICT', 'You have already reviewed this item.');
    if (inserted.length === 0) {
      // An admin who reviewed the item before settles it now: the settling verdict replaces theirs.
      await tx.execute('update reviews set verdict = ?, corrected_text = ?, reason = ?, guideline_version = ?, created_at = now() where item_id = ? and reviewer_id = ?', [
        input.verdict, input.correctedText ?? null, input.reason ?? null, version, item.id, reviewer.id,
      ]);
    }

    const reviews = await tx.execute<{ verdict: string }[]>('select verdict from reviews where item_id = ?', [item.id]);
    let status: string = 'pending';
    if (settlingDispute) status = DECIDED[input.verdict]!;
    else if (reviews.length >= policy.requiredReviews) status = reviews.every((r) => r.verdict === input.verdict) ? DECIDED[input.verdict]! : 'disputed';
    if (status !== 'pending') {
      const finalText = status === 'approved' ? item.original_text : status === 'corrected' ? input.correctedText! : null;
      await tx.execute('update review_items set status = ?, final_text = ?, decided_at = ? where id = ?', [status, finalText, status === 'disputed' ? null : new Date(), item.id]);
    }
    return { itemId: item.id, status, reviews: reviews.length, requiredReviews: policy.requiredReviews, guidelineVersion: version };
  });
}

// ---- 3. Guidelines and stats --------------------------------------------------------------

export async function guidelines(em: Em) {
  return currentGuideline(em);
}

export async function setGuidelines(em: Em, adminId: number, text: string) {
  const [row] = await em.execute<{ version: number }[]>(
    `insert into review_guidelines (version, text, author_id, created_at)
     select coalesce(max(version), 0) + 1, ?, ?, now() from review_guidelines returning version`,
    [text, adminId],
  );
  return { version: row!.version, text };
}

export async function reviewStats(em: Em, reviewerId: number, policy: ReviewPolicy) {
  await sweepIntoQueue(em, policy);
  const byStatus = await em.execute<{ status: string; n: number }[]>(`select ri.status, count(*)::int as n from review_items ri ${VISIBLE} group by ri.status`);
  const byReason = await em.execute<{ entry_reason: string; n: number }[]>(`select ri.entry_reason, count(*)::int as n from review_items ri ${VISIBLE} group by ri.entry_reason`);
  const [mine] = await em.execute<{ n: number }[]>('select count(*)::int as n from reviews where reviewer_id = ?', [reviewerId]);
  const [waiting] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from review_items ri ${VISIBLE}
      where ri.status = 'pending' and not exists (select 1 from reviews r where r.item_id = ri.id and r.reviewer_id = ?)`,
    [reviewerId],
  );
  const statuses = Object.fromEntries(['pending', 'approved', 'corrected', 'rejected', 'disputed'].map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0]));
  return {
    byStatus: statuses,
    byReason: Object.fromEntries(byReason.map((r) => [r.entry_reason, r.n])),
    reviewedByMe: mine!.n,
    waitingForMe: waiting!.n,
    requiredReviews: policy.requiredReviews,
    sampleRate: policy.sampleRate,
    guidelineVersion: (await currentGuideline(em)).version,
  };
}
