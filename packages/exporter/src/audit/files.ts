import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SOURCES, type FormatName, type SourceName, type Split } from '../types.ts';
import { FORMAT_SPECS } from '../formats/index.ts';
import { detectFormat } from '../validate.ts';
import { hardRuleBroken, HARD_RULES, type HardRule } from './checks.ts';
import { AuditCollector, type AuditReport } from './stats.ts';

/** The source and prompt version a line's metadata gives (dpo: its chosen example's). */
export function lineLineage(metadata: unknown): { source: SourceName | null; promptVersion: string | null } {
  const m = (metadata && typeof metadata === 'object' ? ((metadata as { chosen?: unknown }).chosen ?? metadata) : null) as { source_table?: string; prompt_version?: string | null } | null;
  const source = m?.source_table && (SOURCES as readonly string[]).includes(m.source_table) ? (m.source_table as SourceName) : null;
  return { source, promptVersion: m?.prompt_version ?? null };
}

export interface DatasetAudit extends AuditReport {
  format: FormatName | 'unknown';
  files: Record<Split, string | null>;
  /** Examples of each hard rule, a few per rule, for a person to read. */
  samples: Record<HardRule, { source: string; detail: string; output: string }[]>;
}

const SAMPLES_PER_RULE = 3;

/** The train and validation data files of an export directory (JSONL), and their side metadata. */
function dataFilesIn(dir: string): { train: string | null; validation: string | null; meta: Record<Split, string | null> } {
  const names = readdirSync(dir);
  const pick = (...c: string[]) => c.find((n) => names.includes(n)) ?? null;
  const train = pick('real_sat_data.jsonl', 'training_mix.jsonl', 'train.jsonl');
  const validation = pick('real_sat_data.validation.jsonl', 'training_mix.validation.jsonl', 'validation.jsonl');
  return {
    train: train && path.join(dir, train),
    validation: validation && path.join(dir, validation),
    meta: {
      train: names.includes('metadata.jsonl') ? path.join(dir, 'metadata.jsonl') : null,
      validation: names.includes('metadata.validation.jsonl') ? path.join(dir, 'metadata.validation.jsonl') : null,
    },
  };
}

async function* linesOf(file: string | null): AsyncGenerator<string> {
  if (!file) return;
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield line;
}

/**
 * The audit of an export directory (`satprep audit-dataset DIR`): every line of the train and
 * validation files through the hard rules and the figures, per source (from each line's
 * metadata, or the side metadata file of formats that keep it apart; "unknown" without either).
 */
export async function auditDataset(dir: string): Promise<DatasetAudit> {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  const files = dataFilesIn(dir);
  if (!files.train && !files.validation) throw new Error(`${dir} holds no JSONL data files (real_sat_data.jsonl, training_mix.jsonl or train.jsonl)`);
  const collector = new AuditCollector();
  const samples = Object.fromEntries(HARD_RULES.map((r) => [r, []])) as unknown as DatasetAudit['samples'];
  let format: FormatName | 'unknown' = 'unknown';
  for (const split of ['train', 'validation'] as const) {
    const meta = linesOf(files.meta[split]);
    for await (const raw of linesOf(files[split])) {
      const record = JSON.parse(raw) as Record<string, unknown>;
      const sideMeta = files.meta[split] ? (await meta.next()).value : undefined;
      if (format === 'unknown') format = detectFormat(record);
      if (format === 'unknown') continue;
      const texts = FORMAT_SPECS[format].texts(record);
      const { source, promptVersion } = lineLineage(sideMeta ? JSON.parse(sideMeta) : record.metadata);
      const name = source ?? 'unknown';
      // dpo: the chosen text is the target; a rejected text is meant to be bad.
      const broken = hardRuleBroken({ source: source ?? 'community', input: texts.input, output: texts.output, promptVersion });
      if (broken) {
        collector.violation(name, broken.rule);
        if (samples[broken.rule].length < SAMPLES_PER_RULE) samples[broken.rule].push({ source: name, detail: broken.detail, output: texts.output.slice(0, 300) });
      }
      collector.output(name, split, texts.output);
      if (texts.label !== undefined) collector.label(name, texts.label);
      if (format === 'dpo') collector.pair(name);
    }
  }
  return { ...collector.report(), format, files: { train: files.train, validation: files.validation }, samples };
}
