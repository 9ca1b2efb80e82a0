import { z } from 'zod';

export const EXPORT_FORMATS = ['seed', 'openai-chat', 'prompt-completion', 'dpo', 'kto'] as const;
export const EXPORT_FILE_FORMATS = ['jsonl', 'parquet'] as const;

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
  })
  .refine((v) => !(v.period && (v.since || v.until)), 'Choose either a period or since/until, not both')
  .refine((v) => !(v.since && v.until) || v.since < v.until, 'since must be before until');
export type StartExportInput = z.infer<typeof StartExportInput>;
