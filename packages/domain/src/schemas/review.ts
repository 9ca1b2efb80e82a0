import { z } from 'zod';
import { IdSchema, userText } from './common.ts';

export const REVIEW_VERDICTS = ['approve', 'correct', 'reject'] as const;
export const REVIEW_REASON_TAGS = ['wrong_math', 'unclear', 'off_topic', 'unsafe', 'other'] as const;

/** A reviewer's verdict: a correction carries the corrected text; approve and reject do not. */
export const ReviewSubmitInput = z
  .object({
    itemId: IdSchema,
    verdict: z.enum(REVIEW_VERDICTS),
    correctedText: userText(20_000, 'Corrected text').optional(),
    reason: z.enum(REVIEW_REASON_TAGS).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.verdict === 'correct' && !v.correctedText) ctx.addIssue({ code: 'custom', path: ['correctedText'], message: 'A correction needs the corrected text.' });
    if (v.verdict !== 'correct' && v.correctedText !== undefined) ctx.addIssue({ code: 'custom', path: ['correctedText'], message: 'Only a correction carries corrected text.' });
  });
export type ReviewSubmitInput = z.infer<typeof ReviewSubmitInput>;

export const SetGuidelinesInput = z.object({ text: userText(20_000, 'Guidelines') });

export const ReviewItemIdInput = z.object({ itemId: IdSchema });

/** A reviewer's pseudonym as verdicts and manifests show it. */
export const ReviewerPseudonymInput = z.object({ pseudonym: z.string().regex(/^rev_[0-9a-f]{12}$/, 'A reviewer pseudonym looks like rev_0123456789ab') });

export const RevokeReviewerInput = ReviewerPseudonymInput.extend({
  /** Also take back every verdict the reviewer gave (the next export reflects it). */
  rollback: z.boolean().default(false),
});

/** Students whose items a tutor reviews: given ones and/or a share of the unassigned queue. */
export const AssignReviewStudentsInput = z
  .object({
    tutorId: IdSchema,
    studentIds: z.array(IdSchema).max(500).optional(),
    share: z.number().gt(0).max(1).optional(),
  })
  .refine((v) => (v.studentIds?.length ?? 0) > 0 || v.share !== undefined, { message: 'Give student ids or a share of the unassigned queue.', path: ['studentIds'] });

export const UnassignReviewStudentsInput = z.object({ tutorId: IdSchema, studentIds: z.array(IdSchema).max(500).optional() });

export const AccessLogInput = z.object({
  staffId: IdSchema.optional(),
  beforeId: IdSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
