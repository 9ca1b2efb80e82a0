import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FORMAT_SPECS } from './formats/index.ts';
import { FORMATS, type FormatName } from './types.ts';

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

/** The format a record is of (see FormatSpec.claims). */
export function detectFormat(obj: Record<string, unknown>): FormatName | 'unknown' {
  return FORMATS.find((f) => FORMAT_SPECS[f].claims(obj)) ?? 'unknown';
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * What validate-dataset finds wrong with a record of `format` (nothing: an empty list), as a
 * function made once per export or file: the format's checks are looked up here, not per line.
 */
export function recordCheck(format: FormatName): (record: unknown) => string[] {
  const spec = FORMAT_SPECS[format];
  return (record) => (isRecord(record) ? spec.check(record) : ['not_an_object']);
}

/**
 * Counts checked lines into a report. One way in, wherever the line's record was checked (by
 * `recordCheck`): as an export writes it, on a worker thread, or read back from a file.
 */
export class DatasetValidator {
  readonly report: ValidationReport;

  constructor(format: FormatName | 'unknown') {
    this.report = { ok: true, format, lines: 0, errors: [], errorCounts: {}, bytes: 0, estimatedTokens: 0, maxTokensPerLine: 0 };
  }

  /**
   * One line: `chars` is its UTF-16 length (the token estimate; 0 for a line that holds no record),
   * `bytes` its UTF-8 length without the newline, `errors` what is wrong with it.
   */
  line(chars: number, bytes: number, errors: readonly string[]): void {
    const r = this.report;
    r.lines++;
    r.bytes += bytes + 1;
    for (const message of errors) {
      r.ok = false;
      r.errorCounts[message] = (r.errorCounts[message] ?? 0) + 1;
      if (r.errors.length < MAX_REPORTED) r.errors.push({ line: r.lines, message });
    }
    const tokens = Math.ceil(chars / 4);
    r.estimatedTokens += tokens;
    if (tokens > r.maxTokensPerLine) r.maxTokensPerLine = tokens;
  }
}

/** Checks a JSONL file line by line; its format, unless given, is the first record's. */
export async function validateDataset(file: string, expected?: FormatName): Promise<ValidationReport> {
  const validator = new DatasetValidator(expected ?? 'unknown');
  let check = expected ? recordCheck(expected) : null;
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of rl) {
    const bytes = Buffer.byteLength(raw);
    let obj: unknown;
    try {
      obj = raw.trim() === '' ? undefined : JSON.parse(raw);
    } catch {
      obj = undefined;
    }
    if (obj === undefined) {
      validator.line(0, bytes, [raw.trim() === '' ? 'empty_line' : 'invalid_json']);
      continue;
    }
    if (!check && isRecord(obj)) {
      const format = detectFormat(obj);
      validator.report.format = format;
      if (format !== 'unknown') check = recordCheck(format);
    }
    if (!isRecord(obj)) validator.line(0, bytes, ['not_an_object']);
    else if (!check) validator.line(0, bytes, ['unknown_format']);
    else validator.line(raw.length, bytes, check(obj));
  }
  // An empty split is allowed (e.g. no validation users yet).
  return validator.report;
}
