import type { FormatName } from './types.ts';

export interface Manifest {
  schema_version: 1;
  app_version: string;
  run_id: number | null;
  format: FormatName;
  created_at: string;
  window: { since: string | null; until: string };
  transition: { stage: string; active_users: number; real_cap: number | null; synthetic_target: number };
  counts: {
    total: number;
    by_source: Record<string, number>;
    by_split: Record<string, number>;
    by_origin: Record<string, number>;
    dropped: Record<string, number>;
  };
  redactions: Record<string, number>;
  files: { name: string; bytes: number; sha256: string; lines: number }[];
  filters: Record<string, unknown>;
  dpo_pairing?: string;
}

const FORMAT_NOTES: Record<FormatName, string> = {
  seed: 'One JSON object per line: `{"input": ..., "output": ...}` (the product spec\'s format). Per-line metadata is in `metadata.jsonl`, same order.',
  'openai-chat': 'OpenAI chat fine-tuning format: `{"messages": [system, user, assistant]}`. Per-line metadata is in `metadata.jsonl`, same order.',
  'prompt-completion': 'TRL SFT prompt-completion format: `{"prompt", "completion", "metadata"}`.',
  dpo: 'TRL DPO format: `{"prompt", "chosen", "rejected", "chosen_rating", "rejected_rating", "chosen_model", "rejected_model", "metadata"}`.',
  kto: 'TRL KTO format: `{"prompt", "completion", "label", "metadata"}`; label from star ratings (≥4 true, ≤2 false), help thumbs, and accepted community answers.',
};

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
on the SAT Prep platform (window ${m.window.since ?? 'start'} → ${m.window.until}), mixed with synthetic
pairs according to the transition plan (stage: **${m.transition.stage}**, ${m.transition.active_users} active users).

## Format
${FORMAT_NOTES[m.format]}

Load with: \`datasets.load_dataset("json", data_files={"train": "${dataFiles.train}", "validation": "${dataFiles.validation}"})\`.
${m.dpo_pairing ? `\n## How DPO pairs are formed\n${m.dpo_pairing}\n` : ''}
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
- Every text field was redacted for emails, phone numbers, URLs, street addresses and the user's own name and email:
${Object.entries(m.redactions).map(([k, v]) => `  ${k}: ${v}`).join('\n')}
- Exact and normalised-text duplicates were removed; examples outside the length bounds were dropped (${JSON.stringify(m.counts.dropped)}).
- Each example records the model id and prompt version that produced its output (\`metadata\`), so training can filter by lineage.

## Limitations
Outputs of the offline tutor are template-based; student-written text may contain residual personal information
that pattern-based redaction misses. Review before publishing outside the organisation.
`;
}
