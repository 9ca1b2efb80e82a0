import { defineEntity, p } from '@mikro-orm/core';
import type { PerformanceStats, SkillStat } from '../schemas/performance.ts';
import type { PlanAdjustment, PlanTask } from '../schemas/study-plan.ts';
import type { Choice } from '../schemas/question.ts';
import type { Figure } from '../schemas/figure.ts';
import { PracticeSession, SessionFeedback, StudyPlan } from './practice.ts';
import { QuestionRow } from './questions.ts';
import { User } from './users.ts';

const now = () => new Date();

/**
 * Idempotency ledger: one row per (user, clientEventId). Inserted in the same transaction
 * as the row it records, so a retried or concurrent duplicate event finds it and writes nothing.
 */
export const ClientEvent = defineEntity({
  name: 'ClientEvent',
  tableName: 'client_events',
  uniques: [{ properties: ['user', 'clientEventId'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    clientEventId: p.string().length(64),
    kind: p.string().length(30),
    targetId: p.integer().nullable(),
    createdAt: p.datetime().onCreate(now),
  },
});

export const FeedbackRating = defineEntity({
  name: 'FeedbackRating',
  tableName: 'feedback_ratings',
  uniques: [{ properties: ['user', 'feedback'] }],
  indexes: [{ properties: ['createdAt'] }],
  checks: [{ name: 'feedback_ratings_rating_range', expression: '((rating >= 1) AND (rating <= 5))' }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    feedback: () => p.manyToOne(SessionFeedback).mapToPk().deleteRule('cascade'),
    session: () => p.manyToOne(PracticeSession).mapToPk().deleteRule('cascade'),
    feedbackText: p.text(),
    rating: p.smallint(),
    comment: p.text().nullable(),
    performanceData: p.json<PerformanceStats>(),
    /** The feedback's rendered context, copied with its text and stats (null before Migration0009). */
    contextText: p.text().nullable(),
    modelId: p.string().length(100),
    promptVersion: p.string().length(40),
    createdAt: p.datetime().onCreate(now),
    updatedAt: p.datetime().onCreate(now).onUpdate(now),
  },
});

/** What a help answer was about, copied at request time so the training pair survives bank edits. */
export interface QuestionSnapshot {
  id: string;
  skill: string;
  passage: string | null;
  stem: string;
  choices: Choice[];
  correctAnswer: string;
  studentAnswer: string | null;
  /** The item's figure; absent for items without one (and in snapshots taken before figures existed). */
  figure?: Figure | null;
}

export const HelpRequest = defineEntity({
  name: 'HelpRequest',
  tableName: 'help_requests',
  indexes: [{ properties: ['user', 'question'] }, { properties: ['createdAt'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    question: () => p.manyToOne(QuestionRow).mapToPk().deleteRule('set null').nullable(),
    session: () => p.manyToOne(PracticeSession).mapToPk().deleteRule('set null').nullable(),
    userQuery: p.text(),
    inputMode: p.enum(['text', 'speech'] as const),
    aiResponse: p.text(),
    questionSnapshot: p.json<QuestionSnapshot>(),
    modelId: p.string().length(100),
    promptVersion: p.string().length(40),
    latencyMs: p.integer(),
    helpful: p.boolean().nullable(),
    ratedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(now),
  },
});

export const StudyPlanAction = defineEntity({
  name: 'StudyPlanAction',
  tableName: 'study_plan_actions',
  indexes: [{ properties: ['user', 'createdAt'] }, { properties: ['createdAt'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    plan: () => p.manyToOne(StudyPlan).mapToPk().deleteRule('cascade'),
    taskIndex: p.integer(),
    task: p.json<PlanTask>(),
    action: p.enum(['completed', 'skipped'] as const),
    reason: p.text().nullable(),
    performanceBefore: p.json<SkillStat>(),
    performanceUpdate: p.json<SkillStat>(),
    adjustment: p.json<PlanAdjustment>(),
    modelId: p.string().length(100),
    promptVersion: p.string().length(40),
    createdAt: p.datetime().onCreate(now),
  },
});

export const UserNote = defineEntity({
  name: 'UserNote',
  tableName: 'user_notes',
  indexes: [{ properties: ['user', 'question'] }, { properties: ['createdAt'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    question: () => p.manyToOne(QuestionRow).mapToPk().deleteRule('set null').nullable(),
    session: () => p.manyToOne(PracticeSession).mapToPk().deleteRule('set null').nullable(),
    noteText: p.text(),
    askTutor: p.boolean(),
    aiResponse: p.text().nullable(),
    modelId: p.string().length(100).nullable(),
    promptVersion: p.string().length(40).nullable(),
    createdAt: p.datetime().onCreate(now),
    updatedAt: p.datetime().onCreate(now).onUpdate(now),
  },
});

export const CommunityQuestion = defineEntity({
  name: 'CommunityQuestion',
  tableName: 'community_questions',
  indexes: [{ properties: ['createdAt'] }],
  properties: {
    id: p.integer().primary(),
    author: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    title: p.string().length(200),
    body: p.text(),
    question: () => p.manyToOne(QuestionRow).mapToPk().deleteRule('set null').nullable(),
    skill: p.string().length(60).nullable(),
    createdAt: p.datetime().onCreate(now),
  },
});

/** An answer by a peer, a tutor or the AI (author null, model lineage set). */
export const CommunityAnswer = defineEntity({
  name: 'CommunityAnswer',
  tableName: 'community_answers',
  indexes: [{ properties: ['question'] }, { properties: ['createdAt'] }],
  properties: {
    id: p.integer().primary(),
    question: () => p.manyToOne(CommunityQuestion).mapToPk().deleteRule('cascade'),
    author: () => p.manyToOne(User).mapToPk().deleteRule('cascade').nullable().index(),
    isAi: p.boolean(),
    body: p.text(),
    modelId: p.string().length(100).nullable(),
    promptVersion: p.string().length(40).nullable(),
    score: p.integer(),
    accepted: p.boolean(),
    createdAt: p.datetime().onCreate(now),
  },
});

export const CommunityVote = defineEntity({
  name: 'CommunityVote',
  tableName: 'community_votes',
  uniques: [{ properties: ['answer', 'user'] }],
  properties: {
    id: p.integer().primary(),
    answer: () => p.manyToOne(CommunityAnswer).mapToPk().deleteRule('cascade'),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    value: p.smallint(),
    createdAt: p.datetime().onCreate(now),
  },
});
