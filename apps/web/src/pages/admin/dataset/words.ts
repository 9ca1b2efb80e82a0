import type { EXAMPLE_REVIEW_FILTERS, EXAMPLE_SOURCES } from '@satprep/domain';
import type { RouterOutputs } from '../../../trpc.ts';

export type ExampleSummary = RouterOutputs['data']['examples']['items'][number];
export type ExampleDetailData = RouterOutputs['data']['example'];
type Source = (typeof EXAMPLE_SOURCES)[number];
type ReviewStatus = (typeof EXAMPLE_REVIEW_FILTERS)[number];

/** One example's kind, as a heading or a list row names it. */
export const SOURCE_NAMES: Record<Source, string> = {
  feedback_ratings: 'Session feedback',
  help_requests: 'Help answer',
  study_plan_actions: 'Study-plan explanation',
  user_notes: 'Reply to a note',
  community: 'Community answer',
};

/** The same kinds as a filter offers them. */
export const SOURCE_FILTER_NAMES: Record<Source, string> = {
  feedback_ratings: 'Session feedback',
  help_requests: 'Help answers',
  study_plan_actions: 'Study-plan explanations',
  user_notes: 'Replies to notes',
  community: 'Community answers',
};

export const REVIEW_STATUS_NAMES: Record<ReviewStatus, string> = {
  unreviewed: 'Not reviewed',
  pending: 'Waiting for review',
  approved: 'Approved',
  corrected: 'Corrected',
  rejected: 'Rejected',
  disputed: 'Reviewers disagree',
};

export const sourceName = (source: string) => SOURCE_NAMES[source as Source] ?? source;
export const reviewStatusName = (status: string) => REVIEW_STATUS_NAMES[status as ReviewStatus] ?? status;

/** What the student said about the output: stars for session feedback, a thumb for help answers; null when nothing. */
export function studentVerdict(e: Pick<ExampleSummary, 'rating' | 'helpful'>): { symbol: string; words: string } | null {
  if (e.rating !== null) return { symbol: `${'★'.repeat(e.rating)}${'☆'.repeat(Math.max(0, 5 - e.rating))}`, words: `Rated ${e.rating} of 5 stars` };
  if (e.helpful === true) return { symbol: '👍', words: 'Student found it helpful' };
  if (e.helpful === false) return { symbol: '👎', words: 'Student found it unhelpful' };
  return null;
}

// The lines the exporter writes for a student's own words (see packages/exporter/src/sources/render.ts).
const STUDENT_WORDS = /^(Student asks|Student's note|Community question[^:]*): .+$/m;

/**
 * A one-line preview of an example's input for the results list: the student's own words when the input
 * has them (a help question, a note, a community question), else the text with machine-only lines left out.
 */
export function inputGist(input: string): string {
  const own = STUDENT_WORDS.exec(input)?.[0];
  if (own) return own;
  return input
    .split('\n')
    .filter((line) => !line.startsWith('Stats JSON:'))
    .join(' ');
}

/** At most `max` characters on one line, cut at a word where possible. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
