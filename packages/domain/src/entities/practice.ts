import { defineEntity, p } from '@mikro-orm/core';
import type { PerformanceStats } from '../schemas/performance.ts';
import type { FeedbackContext } from '../schemas/feedback-context.ts';
import type { PlanTask } from '../schemas/study-plan.ts';
import { QuestionRow } from './questions.ts';
import { User } from './users.ts';

const now = () => new Date();

export const PracticeSession = defineEntity({
  name: 'PracticeSession',
  tableName: 'practice_sessions',
  indexes: [{ properties: ['user', 'startedAt'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    domain: p.string().length(60).nullable(),
    skill: p.string().length(60).nullable(),
    questionIds: p.json<string[]>(),
    startedAt: p.datetime().onCreate(now),
    submittedAt: p.datetime().nullable(),
    performance: p.json<PerformanceStats>().nullable(),
    /** Answers saved as the student gives them, before the submit (question id → answer and time so far): a reload resumes from them. */
    draftAnswers: p.json<Record<string, DraftAnswer>>().nullable(),
  },
});

/** One saved answer of an unsubmitted session. */
export interface DraftAnswer {
  answer: string;
  timeSpentMs: number;
}

export const Response = defineEntity({
  name: 'Response',
  tableName: 'responses',
  uniques: [{ properties: ['session', 'question'] }],
  indexes: [{ properties: ['user', 'question'] }],
  properties: {
    id: p.integer().primary(),
    session: () => p.manyToOne(PracticeSession).mapToPk().deleteRule('cascade'),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    question: () => p.manyToOne(QuestionRow).mapToPk(),
    answer: p.string().length(40),
    isCorrect: p.boolean(),
    timeSpentMs: p.integer(),
    createdAt: p.datetime().onCreate(now),
  },
});

/** Running per-skill tally; mastery is a smoothed accuracy the planner and tutor read. */
export const SkillProficiency = defineEntity({
  name: 'SkillProficiency',
  tableName: 'skill_proficiency',
  uniques: [{ properties: ['user', 'skill'] }],
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    skill: p.string().length(60),
    correct: p.integer(),
    total: p.integer(),
    mastery: p.double().$type<number>(),
    updatedAt: p.datetime().onCreate(now).onUpdate(now),
  },
});

/** The tutor's feedback on one submitted session, with the exact stats it was written from. */
export const SessionFeedback = defineEntity({
  name: 'SessionFeedback',
  tableName: 'session_feedback',
  properties: {
    id: p.integer().primary(),
    session: () => p.oneToOne(PracticeSession).mapToPk().owner().deleteRule('cascade').unique(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade').index(),
    text: p.text(),
    performanceData: p.json<PerformanceStats>(),
    /** What the tutor was given (null on rows written before Migration0009). */
    context: p.json<FeedbackContext>().nullable(),
    /** The context as the exported input states it (renderFeedbackContext), so exports need not parse it. */
    contextText: p.text().nullable(),
    modelId: p.string().length(100),
    promptVersion: p.string().length(40),
    createdAt: p.datetime().onCreate(now),
  },
});

export const StudyPlan = defineEntity({
  name: 'StudyPlan',
  tableName: 'study_plans',
  properties: {
    id: p.integer().primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade').unique(),
    tasks: p.json<PlanTask[]>(),
    version: p.integer(),
    createdAt: p.datetime().onCreate(now),
    updatedAt: p.datetime().onCreate(now).onUpdate(now),
  },
});
