import { z } from 'zod';
import { IdSchema } from './common.ts';

/** Environment variables a candidate's key may be read from (see AddCandidateInput.apiKeyEnv). */
export const CANDIDATE_KEY_ENV = /^CANDIDATE_KEY_[A-Z0-9_]{1,80}$/;

/** A candidate tutor model an admin registers to try on a share of students. */
export const AddCandidateInput = z.object({
  name: z.string().trim().min(1, 'Give the candidate a name').max(100, 'A name has at most 100 characters'),
  baseUrl: z
    .string()
    .trim()
    .url('The endpoint must be a URL, e.g. http://models.internal:8000/v1')
    .refine((u) => /^https?:\/\//.test(u), 'The endpoint must be an http(s) URL')
    .refine((u) => !new URL(u).username && !new URL(u).password, 'Put the key in an environment variable, not in the URL'),
  model: z.string().trim().min(1, 'Give the model name the endpoint expects').max(200),
  /** A label of the prompts the candidate was trained with, kept with each comparison. */
  promptVersion: z.string().trim().max(100).optional(),
  /**
   * The name of the server's environment variable that holds the endpoint's key (keys are never
   * stored). Only variables named CANDIDATE_KEY_… are read, so no other secret of the server's
   * (its database URL, the pseudonym secret) can be sent to an endpoint an admin chose.
   */
  apiKeyEnv: z
    .string()
    .trim()
    .regex(CANDIDATE_KEY_ENV, 'An environment variable named CANDIDATE_KEY_…, like CANDIDATE_KEY_TUTOR_1B')
    .optional(),
});
export type AddCandidateInput = z.infer<typeof AddCandidateInput>;

/** Routes `sharePercent` of students (sticky per student) to a candidate; the rest stay with the configured tutor. */
export const StartExperimentInput = z.object({
  candidateId: IdSchema,
  sharePercent: z.number().int().min(1, 'Route at least 1% of students').max(50, 'Route at most half of the students to a candidate'),
});
export type StartExperimentInput = z.infer<typeof StartExperimentInput>;

export const ExperimentIdInput = z.object({ experimentId: IdSchema });

export const EXPERIMENT_ARMS = ['control', 'candidate'] as const;
export type ExperimentArm = (typeof EXPERIMENT_ARMS)[number];
