import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** Validates form values with the same zod schema the API uses; the first message per field. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A clientEventId that makes a collection write idempotent (the server dedupes on it). */
export const newEventId = () => crypto.randomUUID();
