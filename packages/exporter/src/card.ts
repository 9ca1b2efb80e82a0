import type { HardRule } from './audit/checks.ts';
import type { AuditReport } from './audit/stats.ts';
import { FORMAT_SPECS } from './formats/index.ts';
import { ROW_GROUP_ROWS } from './sinks/parquet-file.ts';
import type { FileFormat, FormatName } from './types.ts';

export interface Manifest {
  schema_version: 1;
  app_version: string;
  run_id: number | null;
  format: FormatName;
  /** jsonl: one JSON record per line; parquet: `train.parquet` / `validation.parquet`, records as typed (nested) columns plus a `metadata` column. */
  file_format: FileFormat;
  created_at: string;
  window: { since: string | null; until: string };
  /** `active_users` is null when a run with a forced mix could not count them. */
  /**
   * `real_cap`: real examples the stage asks for (null: all); `real_taken`: real examples written (after every filter);
   * `mixed`: synthetic examples may be in the files (then a seed export names them `training_mix*.jsonl`).
   */
  transition: { stage: string; active_users: number | null; real_cap: number | null; synthetic_target: number; real_taken: number; mixed: boolean };
  counts: {
    total: number;
    by_source: Record<string, number>;
    by_split: Record<string, number>;
    by_origin: Record<string, number>;
    dropped: Record<string, number>;
    /** Examples a human reviewer approved or corrected, and reviewed outputs left out as rejected. */
    review: { reviewed: number; approved: number; corrected: number; rejected_excluded: number };
  };
  /** What is kept out of the dataset for evaluating models trained on it. */
  held_out: string;
  /** The review guidelines in force for the reviews behind this dataset. */
  review_guidelines: { version: number; text: string }[];
  /** Verdicts behind the review decisions, per reviewer pseudonym (rolled-back verdicts left out). */
  review_verdicts_by_reviewer: Record<string, { approve: number; correct: number; reject: number }>;
  redactions: Record<string, number>;
  /**
   * The quality audit (see audit/): per source, the figures of the written outputs; `dropped`, the
   * examples each hard rule left out; `decontaminated`, outputs dropped from a split because the
   * other split has their text.
   */
  audit: AuditReport & { dropped: Record<HardRule, number>; decontaminated: { train: number; validation: number } };
  /** `lines` counts lines of JSONL files and rows of Parquet files. */
  files: { name: string; bytes: number; sha256: string; lines: number }[];
  filters: Record<string, unknown>;
  dpo_pairing?: string;
  /** How kto labels (and dpo sides) combine star ratings, thumbs and reviews. */
  kto_labels?: string;
}

function formatSection(m: Manifest, dataFiles: { train: string; validation: string }): string {
  const spec = FORMAT_SPECS[m.format];
  const files = `{"train": "${dataFiles.train}", "validation": "${dataFiles.validation}"}`;
  if (m.file_format === 'parquet') {
    return `Parquet files, one per split (the Hugging Face hub layout), in row groups of up to ${ROW_GROUP_ROWS.toLocaleString('en')} rows. ${spec.card.parquet}
Lists and structs are Parquet nested types, not JSON text. Each row is the record of one line of this format's JSONL export;
fields a JSON line leaves out (\`rating\` outside session feedback, \`helpful\` outside help answers, \`review_status\` where no reviewer saw the output) are null.${spec.sideMetadata ? ' The JSONL export keeps the metadata in `metadata.jsonl` because these records allow no extra keys; here it is the `metadata` column: drop it before training with `ds.remove_columns("metadata")`.' : ''}

Load with: \`datasets.load_dataset("parquet", data_files=${files})\`
(or pandas \`pd.read_parquet("${dataFiles.train}")\`, DuckDB \`SELECT * FROM '${dataFiles.train}'\`). In \`manifest.json\`, \`lines\` of a Parquet file is its row count.`;
  }
  return `${spec.card.jsonl}

Load with: \`datasets.load_dataset("json", data_files=${files})\`.`;
}

const pctOf = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The quality audit's figures: what the hard rules dropped, and per source what was written. */
function auditSection(m: Manifest): string {
  const a = m.audit;
  const sources = Object.entries(a.by_source);
  const sampled = sources.some(([, s]) => s.sampled_one_in > 1) ? `\nDuplicate and skeleton figures are estimated from one output in ${sources[0]![1].sampled_one_in} (chosen by its text).` : '';
  return `## Quality audit
Every example passed the hard rules before it was written; these were dropped (no placeholders such as "[NAME]" or "{skill}",
no internal item ids, no fact about the student absent from the input, no hint that gives the key away, no verdict on the
student's answer that the input contradicts): ${Object.entries(a.dropped).map(([k, v]) => `${k} ${v}`).join(', ')}.
Validation is decontaminated: ${a.decontaminated.validation} validation and ${a.decontaminated.train} train outputs were dropped because the other split had their text.

| source | outputs | near-duplicate rate (train) | train/validation overlap | skeleton share | length p10 / p50 / p90 | labels (true/false) | dpo pairs |
|---|---|---|---|---|---|---|---|
${sources.map(([k, s]) => `| ${k} | ${s.outputs} | ${pctOf(s.near_duplicate_rate)} | ${s.train_validation_overlap} | ${pctOf(s.skeleton_share)} | ${s.length.p10} / ${s.length.p50} / ${s.length.p90} | ${s.kto_labels ? `${s.kto_labels.true}/${s.kto_labels.false}` : '-'} | ${s.dpo_pairs ?? '-'} |`).join('\n')}
${sampled}
Skeleton share: the share of outputs that another output matches once numbers, skill names, names, quoted text and choice letters are masked.
`;
}

/** A Hugging Face style dataset card for one export. */
export function datasetCard(m: Manifest, dataFiles: { train: string; validation: string }): string {
  const rows = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `| ${k} | ${v} |`).join('\n');
  return `---
license: other
language:
- en
task_categories:
- text-generation
pretty_name: SAT Prep tutoring interactions (${m.format})
configs:
- config_name: default
  data_files:
  - split: train
    path: ${dataFiles.train}
  - split: validation
    path: ${dataFiles.validation}
---

# SAT Prep tutoring interactions — ${m.format}

Training pairs for a small SAT tutoring model, exported ${m.created_at} from student interactions
on the SAT Prep platform (window ${m.window.since ?? 'start'} → ${m.window.until}), ${m.transition.mixed ? 'mixed with synthetic\npairs' : 'real interactions only, no synthetic\npairs'} according to the transition plan (stage: **${m.transition.stage}**, ${m.transition.active_users ?? 'an unknown number of'} active users).

## Format
${formatSection(m, dataFiles)}
\n## Held out for evaluation\n${m.held_out}\n${m.dpo_pairing ? `\n## How DPO pairs are formed\n${m.dpo_pairing}\n` : ''}${m.kto_labels ? `\n## How labels are chosen\n${m.kto_labels}\n` : ''}
${auditSection(m)}
## Sources
| source | examples |
|---|---|
${rows(m.counts.by_source)}

| split | examples |
|---|---|
${rows(m.counts.by_split)}

| origin | examples |
|---|---|
${rows(m.counts.by_origin)}

## Collection and consent
- Only students whose training-data consent was on at export time are included; deleted accounts are gone from the database and never exported.
- Users are identified only by a keyed pseudonym (HMAC); the train/validation split is by user, so no user appears in both.
- Every text field was redacted for emails (spelled-out ones too), phone numbers, URLs, social handles, dates of birth, id numbers, street addresses with their city, the user's own name and email, and names of other people the text introduces (public figures quoted by passages are kept):
${Object.entries(m.redactions).map(([k, v]) => `  ${k}: ${v}`).join('\n')}
- Exact and normalised-text duplicates were removed; examples outside the length bounds were dropped (${JSON.stringify(m.counts.dropped)}).
- Each example records the model id and prompt version that produced its output (\`metadata\`), so training can filter by lineage.

## Human review
Tutors review AI outputs in the product's review queue (low ratings, thumbs-down and follow-up questions first,
plus a random sample). An approved output is kept as written, a corrected one trains on the reviewer's text
(the model's original is kept for DPO pairs), and a rejected one is left out${m.filters.reviewed_only ? '; this export holds reviewed outputs only' : ''}.
Approved: ${m.counts.review.approved}, corrected: ${m.counts.review.corrected}, rejected and left out: ${m.counts.review.rejected_excluded}.
${m.review_guidelines.length ? `
The reviews were made under these guidelines:

${m.review_guidelines.map((g) => `### Guidelines version ${g.version}

${g.text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n')}`).join('\n\n')}
` : ''}
## Limitations
Outputs of the offline tutor are template-based; student-written text may contain residual personal information
that pattern-based redaction misses. Review before publishing outside the organisation.
`;
}
