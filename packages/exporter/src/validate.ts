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

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

function checkLine(obj: Record<string, unknown>, format: FormatName): string[] {
  const errs: string[] = [];
  const need = (keys: string[]) => keys.forEach((k) => { if (!nonEmptyString(obj[k])) errs.push(`missing_or_empty_${k}`); });
  switch (format) {
    case 'seed':
      need(['input', 'output']);
      if (Object.keys(obj).some((k) => k !== 'input' && k !== 'output')) errs.push('unexpected_key');
      break;
    case 'prompt-completion':
      need(['prompt', 'completion']);
      break;
    case 'kto':
      need(['prompt', 'completion']);
      if (typeof obj.label !== 'boolean') errs.push('label_not_boolean');
      break;
    case 'dpo':
      need(['prompt', 'chosen', 'rejected']);
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

export async function validateDataset(file: string, expected?: FormatName): Promise<ValidationReport> {
  const report: ValidationReport = { ok: true, format: expected ?? 'unknown', lines: 0, errors: [], errorCounts: {}, bytes: 0, estimatedTokens: 0, maxTokensPerLine: 0 };
  const fail = (line: number, message: string) => {
    report.ok = false;
    report.errorCounts[message] = (report.errorCounts[message] ?? 0) + 1;
    if (report.errors.length < MAX_REPORTED) report.errors.push({ line, message });
  };
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of rl) {
    report.lines++;
    report.bytes += Buffer.byteLength(raw) + 1;
    if (raw.trim() === '') {
      fail(report.lines, 'empty_line');
      continue;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      fail(report.lines, 'invalid_json');
      continue;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      fail(report.lines, 'not_an_object');
      continue;
    }
    if (report.format === 'unknown') report.format = detectFormat(obj as Record<string, unknown>);
    if (report.format === 'unknown') {
      fail(report.lines, 'unknown_format');
      continue;
    }
    for (const e of checkLine(obj as Record<string, unknown>, report.format)) fail(report.lines, e);
    const tokens = Math.ceil(raw.length / 4);
    report.estimatedTokens += tokens;
    report.maxTokensPerLine = Math.max(report.maxTokensPerLine, tokens);
  }
  if (report.lines === 0) {
    // An empty split is allowed (e.g. no validation users yet), but say so.
    report.format = report.format === 'unknown' && expected ? expected : report.format;
  }
  return report;
}
