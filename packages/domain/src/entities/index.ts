import { AuthSession, ConsentChange, GuardianLink, LinkInvite, RateLimitHit, StaffApplication, StaffInvite, User } from './users.ts';
import { QuestionRow } from './questions.ts';
import { PracticeSession, Response, SessionFeedback, SkillProficiency, StudyPlan } from './practice.ts';
import { ExportRun } from './export-runs.ts';
import { EvalResult, EvalRun } from './eval-runs.ts';
import { Review, ReviewGuideline, Reviewer, ReviewItem, ReviewSweep } from './review.ts';
import { ReviewAssignment, StaffAccess } from './staff-access.ts';
import { ClientEvent, CommunityAnswer, CommunityQuestion, CommunityVote, FeedbackRating, HelpRequest, StudyPlanAction, UserNote } from './collection.ts';

export * from './users.ts';
export * from './questions.ts';
export * from './practice.ts';
export * from './collection.ts';
export * from './export-runs.ts';
export * from './eval-runs.ts';
export * from './review.ts';
export * from './staff-access.ts';

export const ENTITIES = [
  User, ConsentChange, AuthSession, GuardianLink, LinkInvite, RateLimitHit, StaffInvite, StaffApplication,
  QuestionRow, PracticeSession, Response, SkillProficiency, SessionFeedback, StudyPlan,
  ClientEvent, FeedbackRating, HelpRequest, StudyPlanAction, UserNote, CommunityQuestion, CommunityAnswer, CommunityVote,
  ExportRun, EvalRun, EvalResult,
  ReviewGuideline, ReviewItem, Review, ReviewSweep, Reviewer, ReviewAssignment, StaffAccess,
];

import type { InferEntity } from '@mikro-orm/core';
export type UserRow = InferEntity<typeof User>;
export type QuestionEntity = InferEntity<typeof QuestionRow>;
export type PracticeSessionRow = InferEntity<typeof PracticeSession>;
export type StudyPlanRow = InferEntity<typeof StudyPlan>;
export type UserNoteRow = InferEntity<typeof UserNote>;
export type ExportRunRow = InferEntity<typeof ExportRun>;
export type ReviewItemRow = InferEntity<typeof ReviewItem>;
