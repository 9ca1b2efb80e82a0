import { z } from 'zod';

// C0/C1 control characters other than tab, newline and carriage return.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Free text typed by a person: trimmed, not empty, no control characters, bounded. */
export function userText(max: number, what = 'Text') {
  return z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), `${what} contains control characters`);
}

export const IdSchema = z.number().int().positive().max(2_147_483_647);

/** Client-generated id that makes a write idempotent: a retry with the same id returns the first result. */
export const ClientEventIdSchema = z
  .string()
  .min(8, 'clientEventId must be 8–64 characters')
  .max(64, 'clientEventId must be 8–64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'clientEventId may only contain letters, digits, "-" and "_"');
