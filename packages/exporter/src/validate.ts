import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FormatName } from './types.ts';

/**
 * Format checks in the style of the OpenAI cookbook's fine-tuning data validation:
 * every line is a JSON object with the format's keys, roles in order, no empty content;
 * plus size and token estimates (about 4 characters per token).
 */
export interface ValidationReport {
  ok: boolean;
  format: FormatName | 'unknown';
  lines: number;
  errors: { line: number; message: string }[];
  errorCounts: Record<string, number>;
  bytes: number;
  estimatedTokens: number;
  maxTokensPerLine: number;
}

const MAX_REPORTED = 50;

export function detectFormat(obj: Record<string, unknown>): FormatName | 'unknown' {
  if ('messages' in obj) return 'openai-chat';
  if ('chosen' in obj && 'rejected' in obj) return 'dpo';
  if ('label' in obj && 'completion' in obj) return 'kto';
  if ('prompt' in obj && 'completion' in obj) return 'prompt-completion';
  if ('input' in obj && 'output' in obj) return 'seed';
  return 'unknown';
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** What validate-dataset finds wrong with one record of a known format (nothing: an empty list). */
export function recordErrors(obj: unknown, format: FormatName): string[] {
  return isRecord(obj) ? checkLine(obj, format) : ['not_an_object'];
}

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/** Adds an error for each of `keys` that is not a non-empty string in `obj`. */
function requireText(obj: Record<string, unknown>, keys: string[], errs: string[]): void {
  for (const k of keys) if (!nonEmptyString(obj[k])) errs.push(`missing_or_empty_${k}`);
}

function checkLine(obj: Record<string, unknown>, format: FormatName): string[] {
  const errs: string[] = [];
  switch (format) {
    case 'seed':
      // Spelled out: an export checks every line it writes.
      if (!nonEmptyString(obj.input)) errs.push('missing_or_empty_input');
      if (!nonEmptyString(obj.output)) errs.push('missing_or_empty_output');
      for (const k in obj) {
        if (Object.hasOwn(obj, k) && k !== 'input' && k !== 'output') {
          errs.push('unexpected_key');
          break;
        }
      }
      break;
    case 'prompt-completion':
      requireText(obj, ['prompt', 'completion'], errs);
      break;
    case 'kto':
      requireText(obj, ['prompt', 'completion'], errs);
      if (typeof obj.label !== 'boolean') errs.push('label_not_boolean');
      break;
    case 'dpo':
      requireText(obj, ['prompt', 'chosen', 'rejected'], errs);
      if (obj.chosen === obj.rejected) errs.push('chosen_equals_rejected');
      break;
    case 'openai-chat': {
      const msgs = obj.messages;
      if (!Array.isArray(msgs) || msgs.length === 0) {
        errs.push('missing_messages');
        break;
      }
      for (const m of msgs as Record<string, unknown>[]) {
        if (!m || typeof m !== 'object') errs.push('message_not_object');
        else {
          if (!['system', 'user', 'assistant'].includes(m.role as string)) errs.push('unrecognized_role');
          if (!nonEmptyString(m.content)) errs.push('missing_content');
          if (Object.keys(m).some((k) => !['role', 'content', 'name', 'weight'].includes(k))) errs.push('message_unrecognized_key');
        }
      }
      if (!(msgs as Record<string, unknown>[]).some((m) => m?.role === 'assistant')) errs.push('example_missing_assistant_message');
      if (Object.keys(obj).some((k) => k !== 'messages')) errs.push('unexpected_key');
      break;
    }
  }
  return errs;
}

/**
 * Checks lines one at a time, so an export can validate what it writes as it writes it and a
 * file can be validated by reading it once.
 */
export class DatasetValidator {
  readonly report: ValidationReport;

  constructor(expected?: FormatName) {
    this.report = { ok: true, format: expected ?? 'unknown', lines: 0, errors: [], errorCounts: {}, bytes: 0, estimatedTokens: 0, maxTokensPerLine: 0 };
  }

  private fail(message: string) {
    const r = this.report;
    r.ok = false;
    r.errorCounts[message] = (r.errorCounts[message] ?? 0) + 1;
    if (r.errors.length < MAX_REPORTED) r.errors.push({ line: r.lines, message });
  }

  /** One line of a file, as read. */
  line(raw: string): void {
    this.report.lines++;
    this.report.bytes += Buffer.byteLength(raw) + 1;
    if (raw.trim() === '') return this.fail('empty_line');
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      return this.fail('invalid_json');
    }
    this.checkRecord(obj, raw.length);
  }

  /**
   * A record about to be written as `JSON.stringify(record)` (`chars` long): the same checks
   * as `line` without parsing the text back (a stringified plain object always parses).
   */
  record(obj: unknown, chars: number, bytes: number): void {
    this.report.lines++;
    this.report.bytes += bytes + 1;
    this.checkRecord(obj, chars);
  }

  /** A line checked elsewhere (e.g. on another thread): `errors` are `recordErrors` of its record. */
  checked(chars: number, bytes: number, errors: readonly string[]): void {
    this.report.lines++;
    this.report.bytes += bytes + 1;
    for (const e of errors) this.fail(e);
    this.countTokens(chars);
  }

  private countTokens(chars: number) {
    const r = this.report;
    const tokens = Math.ceil(chars / 4);
    r.estimatedTokens += tokens;
    if (tokens > r.maxTokensPerLine) r.maxTokensPerLine = tokens;
  }

  private checkRecord(obj: unknown, chars: number) {
    const r = this.report;
    if (!isRecord(obj)) return this.fail('not_an_object');
    if (r.format === 'unknown') r.format = detectFormat(obj);
    if (r.format === 'unknown') return this.fail('unknown_format');
    for (const e of checkLine(obj, r.format)) this.fail(e);
    this.countTokens(chars);
  }
}

export async function validateDataset(file: string, expected?: FormatName): Promise<ValidationReport> {
  const validator = new DatasetValidator(expected);
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of rl) validator.line(raw);
  // An empty split is allowed (e.g. no validation users yet).
  return validator.report;
}
