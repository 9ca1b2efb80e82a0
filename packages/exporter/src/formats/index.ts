import type { Example, FormatName, SourceName, Split } from '../types.ts';
import { lineMetadata, string, type ParquetColumn } from './parquet-schema.ts';

export interface LineMetadata {
  example_id: string;
  source_table: SourceName;
  origin: 'real' | 'synthetic';
  model_id: string | null;
  prompt_version: string | null;
  created_date: string;
  user_key: string;
  rating?: number | null;
  helpful?: boolean | null;
  /** approved or corrected by a human reviewer; absent when never reviewed. */
  review_status?: 'approved' | 'corrected';
}

export interface FormattedLine {
  record: Record<string, unknown>;
  split: Split;
  metadata: LineMetadata | LineMetadata[];
}

export interface FormatOptions {
  /** SFT formats keep session feedback rated at least this (default 4). */
  minRating: number;
}

/** How a format's examples become lines: made once per export (dpo keeps state between examples). */
export interface Formatter {
  name: FormatName;
  /** Formats whose schema allows no extra keys put metadata in a side file (from the format's spec). */
  sideMetadata: boolean;
  /** Each example becomes at most one line, whatever came before it (the format keeps no state). */
  perExample: boolean;
  push(ex: Example, split: Split): FormattedLine[];
  flush(): FormattedLine[];
  /** dpo: pairs left out because chosen and rejected had the same text. */
  identicalPairs?(): number;
}

export const SYSTEM_PROMPTS: Record<SourceName, string> = {
  feedback_ratings: 'You are a supportive SAT tutor. Given a student\'s practice-session statistics, write specific feedback: name the weakest skill, compare with earlier work when known, and suggest the next step.',
  help_requests: 'You are a patient SAT tutor. Answer the student\'s question about this SAT item accurately and specifically.',
  study_plan_actions: 'You are an SAT study coach. Explain to the student how their study plan was adjusted and why.',
  user_notes: 'You are an SAT tutor. Reply to the student\'s study note with one concrete, correct next step.',
  community: 'You are an SAT tutor answering a question posted in a study community.',
};

export function metadataOf(ex: Example): LineMetadata {
  const m: LineMetadata = {
    example_id: ex.id,
    source_table: ex.source,
    origin: ex.origin,
    model_id: ex.modelId,
    prompt_version: ex.promptVersion,
    created_date: ex.createdAt.slice(0, 10),
    user_key: ex.userKey,
  };
  if (ex.rating !== undefined) m.rating = ex.rating;
  if (ex.helpful !== undefined) m.helpful = ex.helpful;
  if (ex.review) m.review_status = ex.review.status;
  return m;
}

/**
 * SFT keeps well-rated feedback and help answers not thumbed down; unrated sources pass. An
 * output a reviewer approved or corrected is kept whatever its rating: a human checked the target.
 */
export function goodForSft(ex: Example, minRating: number): boolean {
  if (ex.origin === 'synthetic' || ex.review) return true;
  if (ex.source === 'feedback_ratings') return (ex.rating ?? 0) >= minRating;
  if (ex.source === 'help_requests') return ex.helpful !== false;
  return true;
}

/** A formatter without name and sideMetadata, which its spec supplies. */
type FormatterBody = Omit<Formatter, 'name' | 'sideMetadata'>;

/** An SFT format: one record per example good for SFT (see goodForSft). */
function sft(build: (ex: Example) => Record<string, unknown>, opts: FormatOptions): FormatterBody {
  return {
    perExample: true,
    push: (ex, split) => (goodForSft(ex, opts.minRating) ? [{ record: build(ex), split, metadata: metadataOf(ex) }] : []),
    flush: () => [],
  };
}

/** How kto labels (and which side of a dpo pair an example is on) are chosen: stated in the manifest and the card. */
export const KTO_LABELS = 'The student\'s own signal decides when there is one: session feedback rated 4-5 stars is true, 1-2 stars false; a help answer thumbed up is true, thumbed down false. A reviewer\'s verdict decides only where the student gave none (no rating, a 3-star rating, no thumbs): approved is true. A corrected output is always true (its text is the reviewer\'s, which the student never rated). An accepted or well-voted community answer is true. Anything else has no label and is left out. `metadata` keeps both signals (rating or helpful, review_status) and `label_source` says which one decided.';

export type KtoLabelSource = 'rating' | 'thumbs' | 'review' | 'correction' | 'community';

/** The kto label of an example and the signal that decided it (see KTO_LABELS); null when it has none. */
export function ktoDecision(ex: Example): { label: boolean; source: KtoLabelSource } | null {
  if (ex.review?.status === 'corrected') return { label: true, source: 'correction' };
  if (ex.source === 'feedback_ratings' && ex.rating != null && ex.rating !== 3) return { label: ex.rating >= 4, source: 'rating' };
  if (ex.source === 'help_requests' && ex.helpful != null) return { label: ex.helpful, source: 'thumbs' };
  if (ex.review?.status === 'approved') return { label: true, source: 'review' };
  if (ex.source === 'community') return { label: true, source: 'community' };
  return null;
}

/** KTO label (see KTO_LABELS). */
export function ktoLabel(ex: Example): boolean | null {
  return ktoDecision(ex)?.label ?? null;
}

/** The `chosen_model` of a pair whose chosen text a human reviewer wrote. */
export const HUMAN_REVIEW_MODEL = 'human-review';

/**
 * DPO pairs from rated outputs for comparable inputs. Feedback: same weakest domain and
 * accuracy band (pairKey), rating ≥4 chosen vs ≤2 rejected. Help: same question, thumbs up vs
 * down. Pairs never cross splits. Memory: at most one waiting example per side per pair key.
 */
function dpo(): FormatterBody {
  const waiting = new Map<string, { good: Example[]; bad: Example[] }>();
  // A pair whose two texts are the same teaches nothing and fails validation: it is left out and counted.
  let identical = 0;
  const side = (ex: Example): 'good' | 'bad' | null => {
    const label = ex.source === 'feedback_ratings' || ex.source === 'help_requests' ? ktoLabel(ex) : null;
    return label === null ? null : label ? 'good' : 'bad';
  };
  return {
    perExample: false,
    push(ex, split) {
      // A reviewer's correction is a pair on its own: the correction over the model's text.
      if (ex.review?.status === 'corrected') {
        if (ex.output === ex.review.originalOutput) return void identical++, [];
        const original: Example = { ...ex, output: ex.review.originalOutput, review: null };
        return [{
          record: {
            prompt: ex.input,
            chosen: ex.output,
            rejected: ex.review.originalOutput,
            chosen_rating: null,
            rejected_rating: ex.rating ?? (ex.helpful === false ? 0 : null),
            chosen_model: HUMAN_REVIEW_MODEL,
            rejected_model: ex.modelId,
            metadata: { pair_key: `review:${ex.id}`, chosen: { ...metadataOf(ex), model_id: HUMAN_REVIEW_MODEL }, rejected: metadataOf(original) },
          },
          split,
          metadata: [{ ...metadataOf(ex), model_id: HUMAN_REVIEW_MODEL }, metadataOf(original)],
        }];
      }
      const s = side(ex);
      if (!s || !ex.pairKey) return [];
      const key = `${split}|${ex.pairKey}`;
      const slot = waiting.get(key) ?? { good: [], bad: [] };
      const other = s === 'good' ? slot.bad : slot.good;
      // A waiting example with the same text is no pair for this one: it keeps waiting for another.
      const at = other.findIndex((o) => o.output !== ex.output);
      if (at < 0 && other.length) identical++;
      const match = at < 0 ? undefined : other.splice(at, 1)[0];
      if (!match) {
        if (slot[s].length < 1) slot[s].push(ex);
        waiting.set(key, slot);
        return [];
      }
      if (slot.good.length === 0 && slot.bad.length === 0) waiting.delete(key);
      const chosen = s === 'good' ? ex : match;
      const rejected = s === 'good' ? match : ex;
      return [{
        record: {
          prompt: chosen.input,
          chosen: chosen.output,
          rejected: rejected.output,
          chosen_rating: chosen.rating ?? (chosen.helpful === true ? 1 : null),
          rejected_rating: rejected.rating ?? (rejected.helpful === false ? 0 : null),
          chosen_model: chosen.modelId,
          rejected_model: rejected.modelId,
          metadata: { pair_key: ex.pairKey, chosen: metadataOf(chosen), rejected: metadataOf(rejected) },
        },
        split,
        metadata: [metadataOf(chosen), metadataOf(rejected)],
      }];
    },
    flush: () => [],
    identicalPairs: () => identical,
  };
}

/** The example(s) a record of a format holds: input, output, and for kto its label (the audit reads them). */
export interface RecordTexts {
  input: string;
  output: string;
  label?: boolean;
  /** dpo: the rejected text too (audited as an output of its own). */
  rejected?: string;
}

/**
 * Everything about one export format but its id and label (the domain's EXPORT_FORMAT_LIST):
 * adding a format is an entry there, an entry in FORMAT_SPECS and its golden file (formats.test.ts).
 */
export interface FormatSpec {
  /** Records that allow no extra keys put their metadata in `metadata*.jsonl` side files (in Parquet: a `metadata` column). */
  sideMetadata: boolean;
  /** How examples become this format's lines, made once per export. */
  formatter(opts: FormatOptions): FormatterBody;
  /** Whether a record of a file of unknown format is of this one (validate-dataset and audit-dataset ask of its first record); no two formats claim the same record. */
  claims(record: Record<string, unknown>): boolean;
  /** What validate-dataset finds wrong with a record of this format, in the style of the OpenAI cookbook's checks (nothing: an empty list). */
  check(record: Record<string, unknown>): string[];
  /** The input and output of a record, for the audit. */
  texts(record: Record<string, unknown>): RecordTexts;
  /** The Parquet columns: the same fields as the JSONL record, typed and nested (see parquetSchema), plus `metadata`. */
  parquetColumns: ParquetColumn[];
  /** The dataset card's description of the JSONL records and of the Parquet columns. */
  card: { jsonl: string; parquet: string };
}

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

/** An error for each of `keys` that is not a non-empty string in `record`. */
function requireText(record: Record<string, unknown>, keys: string[], errs: string[] = []): string[] {
  for (const k of keys) if (!nonEmptyString(record[k])) errs.push(`missing_or_empty_${k}`);
  return errs;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

const METADATA_STRUCT = 'a struct: example_id, source_table, origin, model_id, prompt_version, created_date, user_key, rating, helpful, review_status';

/** The export formats, keyed by the domain's ids: the compiler asks for one entry per id. */
export const FORMAT_SPECS: Record<FormatName, FormatSpec> = {
  seed: {
    sideMetadata: true,
    formatter: (opts) => sft((ex) => ({ input: ex.input, output: ex.output }), opts),
    claims: (r) => 'input' in r && 'output' in r,
    check(r) {
      // Spelled out: an export checks every line it writes.
      const errs: string[] = [];
      if (!nonEmptyString(r.input)) errs.push('missing_or_empty_input');
      if (!nonEmptyString(r.output)) errs.push('missing_or_empty_output');
      for (const k in r) {
        if (Object.hasOwn(r, k) && k !== 'input' && k !== 'output') {
          errs.push('unexpected_key');
          break;
        }
      }
      return errs;
    },
    texts: (r) => ({ input: text(r.input), output: text(r.output) }),
    parquetColumns: [string('input'), string('output'), lineMetadata('metadata')],
    card: {
      jsonl: 'One JSON object per line: `{"input": ..., "output": ...}` (the product spec\'s format). Per-line metadata is in `metadata.jsonl`, same order.',
      parquet: `Columns \`input\`, \`output\` (strings) and \`metadata\` (${METADATA_STRUCT}).`,
    },
  },
  'openai-chat': {
    sideMetadata: true,
    formatter: (opts) => sft((ex) => ({
      messages: [
        { role: 'system', content: SYSTEM_PROMPTS[ex.source] },
        { role: 'user', content: ex.input },
        { role: 'assistant', content: ex.output },
      ],
    }), opts),
    claims: (r) => 'messages' in r,
    check(r) {
      const errs: string[] = [];
      const msgs = r.messages;
      if (!Array.isArray(msgs) || msgs.length === 0) return ['missing_messages'];
      for (const m of msgs as Record<string, unknown>[]) {
        if (!m || typeof m !== 'object') errs.push('message_not_object');
        else {
          if (!['system', 'user', 'assistant'].includes(m.role as string)) errs.push('unrecognized_role');
          if (!nonEmptyString(m.content)) errs.push('missing_content');
          if (Object.keys(m).some((k) => !['role', 'content', 'name', 'weight'].includes(k))) errs.push('message_unrecognized_key');
        }
      }
      if (!(msgs as Record<string, unknown>[]).some((m) => m?.role === 'assistant')) errs.push('example_missing_assistant_message');
      if (Object.keys(r).some((k) => k !== 'messages')) errs.push('unexpected_key');
      return errs;
    },
    texts(r) {
      const msgs = (r.messages ?? []) as { role: string; content: string }[];
      return { input: text(msgs.find((m) => m.role === 'user')?.content), output: text(msgs.find((m) => m.role === 'assistant')?.content) };
    },
    parquetColumns: [{ name: 'messages', listOf: [string('role'), string('content')] }, lineMetadata('metadata')],
    card: {
      jsonl: 'OpenAI chat fine-tuning format: `{"messages": [system, user, assistant]}`. Per-line metadata is in `metadata.jsonl`, same order.',
      parquet: `Columns \`messages\` (a list of \`{role, content}\` structs: system, user, assistant) and \`metadata\` (${METADATA_STRUCT}).`,
    },
  },
  'prompt-completion': {
    sideMetadata: false,
    formatter: (opts) => sft((ex) => ({ prompt: ex.input, completion: ex.output, metadata: metadataOf(ex) }), opts),
    // A kto record has a prompt and a completion too: its label tells them apart.
    claims: (r) => 'prompt' in r && 'completion' in r && !('label' in r),
    check: (r) => requireText(r, ['prompt', 'completion']),
    texts: (r) => ({ input: text(r.prompt), output: text(r.completion) }),
    parquetColumns: [string('prompt'), string('completion'), lineMetadata('metadata')],
    card: {
      jsonl: 'TRL SFT prompt-completion format: `{"prompt", "completion", "metadata"}`.',
      parquet: 'Columns `prompt`, `completion` (strings) and `metadata` (a struct, as in the TRL prompt-completion format).',
    },
  },
  dpo: {
    sideMetadata: false,
    formatter: () => dpo(),
    claims: (r) => 'chosen' in r && 'rejected' in r,
    check(r) {
      const errs = requireText(r, ['prompt', 'chosen', 'rejected']);
      if (r.chosen === r.rejected) errs.push('chosen_equals_rejected');
      return errs;
    },
    texts: (r) => ({ input: text(r.prompt), output: text(r.chosen), rejected: text(r.rejected) }),
    parquetColumns: [
      string('prompt'), string('chosen'), string('rejected'), { name: 'chosen_rating', type: 'int32' }, { name: 'rejected_rating', type: 'int32' },
      string('chosen_model'), string('rejected_model'),
      { name: 'metadata', struct: [string('pair_key'), lineMetadata('chosen'), lineMetadata('rejected')] },
    ],
    card: {
      jsonl: 'TRL DPO format: `{"prompt", "chosen", "rejected", "chosen_rating", "rejected_rating", "chosen_model", "rejected_model", "metadata"}`.',
      parquet: 'Columns `prompt`, `chosen`, `rejected`, `chosen_rating`, `rejected_rating`, `chosen_model`, `rejected_model` and `metadata` (a struct: pair_key and the chosen and rejected examples\' metadata).',
    },
  },
  kto: {
    sideMetadata: false,
    formatter: () => ({
      perExample: true,
      push: (ex, split) => {
        const d = ktoDecision(ex);
        if (!d) return [];
        const metadata = metadataOf(ex);
        // `label_source`: which signal decided the label (JSONL; the rating, thumbs and review status stay beside it).
        return [{ record: { prompt: ex.input, completion: ex.output, label: d.label, metadata: { ...metadata, label_source: d.source } }, split, metadata }];
      },
      flush: () => [],
    }),
    claims: (r) => 'label' in r && 'completion' in r,
    check(r) {
      const errs = requireText(r, ['prompt', 'completion']);
      if (typeof r.label !== 'boolean') errs.push('label_not_boolean');
      return errs;
    },
    texts: (r) => ({ input: text(r.prompt), output: text(r.completion), label: r.label === true }),
    // kto's metadata also says which signal decided the label (see KTO_LABELS).
    parquetColumns: [string('prompt'), string('completion'), { name: 'label', type: 'boolean' }, { name: 'metadata', struct: [...lineMetadata('metadata').struct, string('label_source')] }],
    card: {
      jsonl: 'TRL KTO format: `{"prompt", "completion", "label", "metadata"}`; how the label is chosen is below.',
      parquet: 'Columns `prompt`, `completion`, `label` (boolean) and `metadata` (a struct); label from star ratings (≥4 true, ≤2 false), help thumbs, and accepted community answers.',
    },
  },
};

/** A format's formatter for one export (its spec is looked up here, once, never per example). */
export function createFormatter(format: FormatName, opts: FormatOptions): Formatter {
  const spec = FORMAT_SPECS[format];
  return { name: format, sideMetadata: spec.sideMetadata, ...spec.formatter(opts) };
}
