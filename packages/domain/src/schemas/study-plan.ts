import { z } from 'zod';
import { ClientEventIdSchema, IdSchema, userText } from './common.ts';

export const PlanTaskSchema = z.object({
  day: z.number().int().min(1),
  skill: z.string(),
  count: z.number().int().min(1),
  goal: z.string(),
  status: z.enum(['pending', 'completed', 'skipped', 'removed']),
  /** Why the engine put this task here, phrased to follow "because" (shown to the student). */
  origin: z.string(),
  /** The student's tally on this skill when the task was set, so completion can be judged on what came after. */
  baseline: z.object({ correct: z.number().int().min(0), total: z.number().int().min(0) }),
});
export type PlanTask = z.infer<typeof PlanTaskSchema>;

export const StudyPlanActInput = z.object({
  planId: IdSchema,
  taskIndex: z.number().int().min(0).max(500),
  action: z.enum(['completed', 'skipped']),
  reason: userText(500, 'Reason').optional(),
  clientEventId: ClientEventIdSchema.optional(),
});
export type StudyPlanActInput = z.infer<typeof StudyPlanActInput>;

export const PlanChangeSchema = z.object({
  kind: z.enum(['added', 'removed', 'rescheduled', 'swapped', 'resized']),
  taskIndex: z.number().int(),
  before: PlanTaskSchema.nullable(),
  after: PlanTaskSchema.nullable(),
});
export type PlanChange = z.infer<typeof PlanChangeSchema>;

export const PlanAdjustmentSchema = z.object({ changes: z.array(PlanChangeSchema), explanation: z.string() });
export type PlanAdjustment = z.infer<typeof PlanAdjustmentSchema>;
