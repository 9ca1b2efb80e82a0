import { z } from 'zod';
import { DOMAINS, SKILL_IDS, type Domain } from '../taxonomy.ts';
import { ClientEventIdSchema, IdSchema, QuestionIdSchema, shortText, userText } from './common.ts';

export const StartPracticeInput = z.object({
  domain: z.enum(DOMAINS as [Domain, ...Domain[]]).optional(),
  skill: z.enum(SKILL_IDS).optional(),
  count: z.number().int().min(1, 'Pick at least 1 question').max(30, 'Sessions are limited to 30 questions').default(10),
});

export const SubmitPracticeInput = z.object({
  sessionId: IdSchema,
  answers: z
    .array(
      z.object({
        questionId: QuestionIdSchema,
        answer: shortText(40, 'Answer'),
        timeSpentMs: z.number().int().min(0).max(3_600_000),
      }),
    )
    .max(30),
});
export type SubmitPracticeInput = z.infer<typeof SubmitPracticeInput>;

/** One answer of an unsubmitted session, saved as the student gives it (an empty answer clears it); saving it again changes nothing. */
export const SaveAnswerInput = z.object({
  sessionId: IdSchema,
  questionId: QuestionIdSchema,
  answer: shortText(40, 'Answer'),
  timeSpentMs: z.number().int().min(0).max(3_600_000),
});
export type SaveAnswerInput = z.infer<typeof SaveAnswerInput>;

export const RateFeedbackInput = z.object({
  feedbackId: IdSchema,
  rating: z.number().int('Ratings are whole stars').min(1, 'Ratings go from 1 to 5 stars').max(5, 'Ratings go from 1 to 5 stars'),
  /**
   * The comment given with this rating; null when it has none (a comment stored with an earlier
   * rating is dropped). Absent keeps the stored comment, as before null was accepted.
   */
  comment: userText(1000, 'Comment').nullable().optional(),
  clientEventId: ClientEventIdSchema.optional(),
});
export type RateFeedbackInput = z.infer<typeof RateFeedbackInput>;

export const HelpInput = z.object({
  questionId: QuestionIdSchema,
  sessionId: IdSchema.optional(),
  query: userText(2000, 'Your question'),
  inputMode: z.enum(['text', 'speech']),
  clientEventId: ClientEventIdSchema.optional(),
});

export const RateHelpInput = z.object({ helpRequestId: IdSchema, helpful: z.boolean() });
