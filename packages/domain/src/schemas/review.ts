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
