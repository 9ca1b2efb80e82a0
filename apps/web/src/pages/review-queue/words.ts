import { REVIEW_REASON_TAGS } from '@satprep/domain';
import type { RouterOutputs } from '../../trpc.ts';

/** One item as the queue and the disagreements list show it. */
export type ReviewItemData = NonNullable<RouterOutputs['review']['next']>;
export type ReasonTag = (typeof REVIEW_REASON_TAGS)[number];

/** Why the item is in the queue, as the reviewer reads it. */
export const ENTRY_REASONS: Record<string, string> = {
  low_rating: 'Rated 1–2 stars',
  thumbs_down: 'Thumbs down',
  follow_up: 'Student asked again',
  sample: 'Random sample',
};

/** What kind of AI text the item is. */
export const SOURCES: Record<string, string> = {
  feedback_ratings: 'Session feedback',
  help_requests: 'Help answer',
  study_plan_actions: 'Study-plan explanation',
  user_notes: 'Reply to a student’s note',
  community_answers: 'Community answer (AI draft)',
};

export const VERDICTS: Record<string, string> = { approve: 'Approved', correct: 'Corrected', reject: 'Rejected' };

export const REASON_TAGS: Record<ReasonTag, string> = {
  wrong_math: 'Wrong math',
  unclear: 'Unclear',
  off_topic: 'Off-topic',
  unsafe: 'Unsafe',
  other: 'Other',
};

export const inWords = (words: Record<string, string>, key: string | null | undefined) => (key ? (words[key] ?? key) : '');

/** The line after a review is saved: decided, waiting for another reviewer, or sent to an admin. */
export function outcomeText(result: { status: string; reviews: number; requiredReviews: number }): string {
  switch (result.status) {
    case 'approved':
      return 'Approved.';
    case 'corrected':
      return 'Correction saved; the model’s original text is kept beside it.';
    case 'rejected':
      return 'Rejected.';
    case 'disputed':
      return 'Saved. The reviewers disagree, so an admin will decide this item.';
    case 'awaiting_confirmation':
      return 'Correction saved. It reaches training data once a second reviewer agrees or an admin confirms it.';
    default: {
      const left = Math.max(1, result.requiredReviews - result.reviews);
      return `Saved. ${left === 1 ? 'One more reviewer needs' : `${left} more reviewers need`} to agree before the item is decided.`;
    }
  }
}
