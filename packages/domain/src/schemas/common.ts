import { z } from 'zod';

// C0/C1 control characters other than tab, newline and carriage return. PostgreSQL cannot store NUL at all.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Half of a UTF-16 surrogate pair on its own (with the u flag a whole pair is one code point and does not match).
// It has no UTF-8 form: the database would store U+FFFD instead, so the text would not come back as sent.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Free text typed by a person: trimmed, not empty, no control characters or broken characters, bounded. */
export function userText(max: number, what = 'Text') {
  return z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), `${what} contains control characters`)
    .refine((s) => !LONE_SURROGATE.test(s), `${what} contains a broken character (an unpaired surrogate)`);
}

/** Short text that may be empty (an answer, a search term), held to the same characters as `userText`. */
export function shortText(max: number, what = 'Text') {
  return z
    .string()
    .trim()
    .max(max, `${what} must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s) && !LONE_SURROGATE.test(s), `${what} contains control or broken characters`);
}

/** The id of a question-bank item (upper-case letters, digits and dashes, as in QuestionSchema). */
export const QuestionIdSchema = z.string().min(1).max(40).regex(/^[A-Z0-9-]+$/, 'Question ids are upper-case letters, digits and dashes');

export const IdSchema = z.number().int().positive().max(2_147_483_647);

/** Client-generated id that makes a write idempotent: a retry with the same id returns the first result. */
export const ClientEventIdSchema = z
  .string()
  .min(8, 'clientEventId must be 8–64 characters')
  .max(64, 'clientEventId must be 8–64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'clientEventId may only contain letters, digits, "-" and "_"');
