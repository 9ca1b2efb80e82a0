import type { Example, FormatName, SourceName, Split } from '../types.ts';

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

export interface Formatter {
  name: FormatName;
  /** Formats whose schema allows no extra keys put metadata in a side file. */
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

function sft(name: FormatName, sideMetadata: boolean, build: (ex: Example) => Record<string, unknown>, opts: FormatOptions): Formatter {
  return {
    name,
    sideMetadata,
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
function dpo(): Formatter {
  const waiting = new Map<string, { good: Example[]; bad: Example[] }>();
  // A pair whose two texts are the same teaches nothing and fails validation: it is left out and counted.
  let identical = 0;
  const side = (ex: Example): 'good' | 'bad' | null => {
    const label = ex.source === 'feedback_ratings' || ex.source === 'help_requests' ? ktoLabel(ex) : null;
    return label === null ? null : label ? 'good' : 'bad';
  };
  return {
    name: 'dpo',
    sideMetadata: false,
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

export function createFormatter(format: FormatName, opts: FormatOptions): Formatter {
  switch (format) {
    case 'seed':
      return sft('seed', true, (ex) => ({ input: ex.input, output: ex.output }), opts);
    case 'openai-chat':
      return sft('openai-chat', true, (ex) => ({
        messages: [
          { role: 'system', content: SYSTEM_PROMPTS[ex.source] },
          { role: 'user', content: ex.input },
          { role: 'assistant', content: ex.output },
        ],
      }), opts);
    case 'prompt-completion':
      return sft('prompt-completion', false, (ex) => ({ prompt: ex.input, completion: ex.output, metadata: metadataOf(ex) }), opts);
    case 'kto':
      return {
        name: 'kto',
        sideMetadata: false,
        perExample: true,
        push: (ex, split) => {
          const d = ktoDecision(ex);
          if (!d) return [];
          const metadata = metadataOf(ex);
          // `label_source`: which signal decided the label (JSONL; the rating, thumbs and review status stay beside it).
          return [{ record: { prompt: ex.input, completion: ex.output, label: d.label, metadata: { ...metadata, label_source: d.source } }, split, metadata }];
        },
        flush: () => [],
      };
    case 'dpo':
      return dpo();
  }
}
