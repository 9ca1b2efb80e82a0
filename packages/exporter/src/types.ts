import { EXPORT_FORMATS, type ExportFormat } from '@satprep/domain/export-formats';

export const SOURCES = ['feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes', 'community'] as const;
export type SourceName = (typeof SOURCES)[number];

/** The export formats' ids, the domain's (with their labels); what each writes is its FORMAT_SPECS entry (formats/index.ts). */
export const FORMATS = EXPORT_FORMATS;
export type FormatName = ExportFormat;

/** How the data files are written: JSON lines, or Parquet as dataset hubs store them. */
export const FILE_FORMATS = ['jsonl', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export type Split = 'train' | 'validation';

/** One self-contained training example, before formatting. */
export interface Example {
  /** `<source>:<row id>` for real rows, `synthetic:<source>:<n>` for generated ones. */
  id: string;
  source: SourceName;
  origin: 'real' | 'synthetic';
  /** Pseudonymous user key (HMAC); never the user id. */
  userKey: string;
  createdAt: string;
  input: string;
  output: string;
  modelId: string | null;
  promptVersion: string | null;
  /** Star rating (1–5) for session feedback. */
  rating?: number | null;
  /** Thumbs for help answers. */
  helpful?: boolean | null;
  /** Groups inputs that are comparable, for DPO pairing. */
  pairKey?: string | null;
  /**
   * A human review of the output: approved as written, or corrected (then `output` is the
   * reviewer's text and `originalOutput` the model's). Rejected outputs are never examples.
   */
  review?: { status: 'approved' | 'corrected'; originalOutput: string } | null;
  skill?: string | null;
}

/** Text of the person an example came from, removed from every field by redaction. */
export interface Identity {
  names: string[];
  emails: string[];
}
