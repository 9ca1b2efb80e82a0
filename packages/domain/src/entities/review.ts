import { defineEntity, p } from '@mikro-orm/core';
import { User } from './users.ts';

/** Where a reviewable AI output is stored (the exporter's sources use the same ids). */
export const REVIEW_SOURCES = ['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'community_answers'] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];

/** Why an output entered the queue: a low star rating, a thumbs-down, a follow-up question, or the random sample. */
export const REVIEW_REASONS = ['low_rating', 'thumbs_down', 'follow_up', 'sample'] as const;

/** 'awaiting_confirmation': a correction that changes exports only once a second reviewer agrees or an admin confirms. */
export const REVIEW_STATUSES = ['pending', 'awaiting_confirmation', 'approved', 'corrected', 'rejected', 'disputed'] as const;

/**
 * A reviewing account under a random pseudonym. Verdicts point here, so they keep a reviewer
 * identity after the account is deleted (user becomes null); a revoked reviewer reviews no more.
 */
export const Reviewer = defineEntity({
  name: 'Reviewer',
  tableName: 'reviewers',
  properties: {
    id: p.integer().primary(),
    pseudonym: p.string().length(32).unique(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
    revokedBy: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
  },
});

/** Written guidelines reviewers work under; each edit is a new version. */
export const ReviewGuideline = defineEntity({
  name: 'ReviewGuideline',
  tableName: 'review_guidelines',
  properties: {
    id: p.integer().primary(),
    version: p.integer().unique(),
    text: p.text(),
    author: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** One AI output in the review queue, with the decision once enough reviewers agree. */
export const ReviewItem = defineEntity({
  name: 'ReviewItem',
  tableName: 'review_items',
  uniques: [{ properties: ['sourceTable', 'sourceId'] }],
  indexes: [{ properties: ['status', 'id'] }, { properties: ['student'] }],
  properties: {
    id: p.integer().primary(),
    sourceTable: p.enum(REVIEW_SOURCES),
    sourceId: p.integer(),
    /** The student whose interaction produced the output (consent and deletion follow them). */
    student: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    entryReason: p.enum(REVIEW_REASONS),
    status: p.enum(REVIEW_STATUSES).default('pending'),
    /** The output as the model wrote it; kept whatever the decision. */
    originalText: p.text(),
    /** The approved or corrected text (null while pending, disputed or rejected). */
    finalText: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    decidedAt: p.datetime().nullable(),
  },
});

/** One reviewer's verdict on an item, under a guideline version. */
export const Review = defineEntity({
  name: 'Review',
  tableName: 'reviews',
  uniques: [{ properties: ['item', 'reviewerPseudonym'] }],
  properties: {
    id: p.integer().primary(),
    item: () => p.manyToOne(ReviewItem).mapToPk().deleteRule('cascade'),
    /** The account (null once deleted; the pseudonym stays). */
    reviewer: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
    reviewerPseudonym: () => p.manyToOne(Reviewer).mapToPk().index(),
    /** Given by an admin, whose verdict decides the item alone. */
    asAdmin: p.boolean().default(false),
    /** Set when an admin rolled this reviewer's verdicts back: kept for the record, no longer counted. */
    rolledBackAt: p.datetime().nullable(),
    verdict: p.enum(['approve', 'correct', 'reject'] as const),
    correctedText: p.text().nullable(),
    reason: p.enum(['wrong_math', 'unclear', 'off_topic', 'unsafe', 'other'] as const).nullable(),
    guidelineVersion: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** How far the queue's entry rules have looked (one row): each sweep reads only newer activity. */
export const ReviewSweep = defineEntity({
  name: 'ReviewSweep',
  tableName: 'review_sweeps',
  properties: {
    id: p.integer().primary(),
    sweptUntil: p.datetime(),
  },
});
