import { z } from 'zod';
import { EXPORT_FILE_FORMATS, EXPORT_FORMATS } from '../export-formats.ts';

export { EXPORT_FORMAT_LIST, EXPORT_FORMATS, EXPORT_FILE_FORMATS, type ExportFormat } from '../export-formats.ts';

export const StartExportInput = z
  .object({
    format: z.enum(EXPORT_FORMATS).default('seed'),
    /** Data files as JSON lines (default) or Parquet (`train.parquet` / `validation.parquet`). */
    fileFormat: z.enum(EXPORT_FILE_FORMATS).optional(),
    period: z.enum(['weekly', 'monthly']).optional(),
    since: z.coerce.date().optional(),
    until: z.coerce.date().optional(),
    incremental: z.boolean().default(false),
    /** Only outputs a human reviewer approved or corrected. */
    reviewedOnly: z.boolean().default(false),
    minRating: z.number().int().min(1).max(5).default(4),
    valRatio: z.number().min(0).max(0.5).default(0.1),
    mix: z.enum(['auto', 'real', 'synthetic']).default('auto'),
    /** Total examples the transition plan aims for (the spec's 50K by default). */
    target: z.number().int().min(1).max(1_000_000).optional(),
    /** Only real examples of one arm of an experiment (its students, while it ran). */
    experiment: z.object({ id: z.number().int().positive().max(2_147_483_647), arm: z.enum(['control', 'candidate']) }).optional(),
  })
  .refine((v) => !(v.period && (v.since || v.until)), 'Choose either a period or since/until, not both')
  .refine((v) => !(v.since && v.until) || v.since < v.until, 'since must be before until')
  .refine((v) => !(v.experiment && v.mix === 'synthetic'), 'An experiment arm is exported from real examples only: choose mix real or auto');
export type StartExportInput = z.infer<typeof StartExportInput>;

/** Sources of training examples, as the exporter names them. */
export const EXAMPLE_SOURCES = ['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'community'] as const;
export const EXAMPLE_REVIEW_FILTERS = ['unreviewed', 'pending', 'approved', 'corrected', 'rejected', 'disputed'] as const;

/** The admin dataset browser's filters. */
export const BrowseExamplesInput = z.object({
  source: z.enum(EXAMPLE_SOURCES).optional(),
  skill: z.string().regex(/^[a-z0-9-]{1,60}$/, 'Unknown skill').optional(),
  rating: z.number().int().min(1).max(5).optional(),
  reviewStatus: z.enum(EXAMPLE_REVIEW_FILTERS).optional(),
  origin: z.enum(['real', 'synthetic']).default('real'),
  search: z.string().trim().max(200, 'Search for at most 200 characters').optional(),
  page: z.number().int().min(0).max(10_000).default(0),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type BrowseExamplesInput = z.infer<typeof BrowseExamplesInput>;

export const ExampleIdInput = z.object({ id: z.string().min(3).max(120).regex(/^[a-z_]+(:[a-z_]+)?(:\d+){1,2}$/, 'Unknown example id') });
