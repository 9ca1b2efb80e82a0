// No zod here: the exporter's worker thread reads the format ids, and the schemas would cost it
// ~20 MB of memory (the domain's index loads every schema).

/**
 * The export formats: each id (the wire contract of the API, the CLI and manifests) with the label
 * a person picks it by. What a format writes is its entry in the exporter's FORMAT_SPECS
 * (packages/exporter/src/formats/index.ts), which the compiler holds to one entry per id here.
 */
export const EXPORT_FORMAT_LIST = [
  { id: 'seed', label: 'Seed JSONL (input / output)' },
  { id: 'openai-chat', label: 'OpenAI chat messages' },
  { id: 'prompt-completion', label: 'Prompt / completion (SFT)' },
  { id: 'dpo', label: 'Preference pairs (DPO)' },
  { id: 'kto', label: 'Labelled completions (KTO)' },
] as const satisfies readonly { id: string; label: string }[];
export type ExportFormat = (typeof EXPORT_FORMAT_LIST)[number]['id'];
export const EXPORT_FORMATS: readonly ExportFormat[] = EXPORT_FORMAT_LIST.map((f) => f.id);
export const EXPORT_FILE_FORMATS = ['jsonl', 'parquet'] as const;
