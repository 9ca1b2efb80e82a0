import type { ReplyRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { detectSkill, firstSentence, lowerFirst, sentenceCase, skillName, type OfflineText } from './shared.ts';

export const REPLY_PROMPT_VERSION = 'ugc-reply/v1';

/** Replies to a student's study note or community post. */
export function reply(req: ReplyRequest): OfflineText {
  const skill = req.question?.skill ?? req.skill ?? detectSkill(`${req.title ?? ''} ${req.text}`);
  const parts: string[] = [];
  const confused = /(don'?t|do not|can'?t|cannot) (get|understand)|confus|lost|struggl|hard|stuck/i.test(req.text);
  if (skill) {
    const name = lowerFirst(skillName(skill));
    parts.push(confused ? `It is common to find ${name} tricky at first, so here is a concrete way in.` : `Good note on ${name}.`);
    parts.push(`${sentenceCase(SKILL_TIPS[skill as keyof typeof SKILL_TIPS])}.`);
  } else {
    parts.push(confused ? 'That sounds frustrating; let us make it concrete.' : 'Thanks for writing this down; notes like this make review faster.');
    parts.push('Pick one question you missed, cover the answer, and solve it again out loud, naming the rule or step you use at each point.');
  }
  if (req.question) {
    parts.push(`On question ${req.question.id}, the key step is: ${firstSentence(req.question.rationale)}`);
  }
  parts.push(
    skill
      ? `Next, practise 5 questions on ${lowerFirst(skillName(skill))} and write one sentence about any you miss.`
      : 'Next, practise a short set of 5 questions and add a note about each one you miss.',
  );
  return { text: parts.join(' '), promptVersion: REPLY_PROMPT_VERSION };
}
