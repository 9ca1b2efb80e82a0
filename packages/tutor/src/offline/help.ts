import { isCorrectAnswer, type ExplainRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { answerPhrase, choiceText, firstSentence, lowerFirst, skillName, type OfflineText } from './shared.ts';

export const HELP_PROMPT_VERSIONS = { explain: 'help-explain/v1', hint: 'help-hint/v1' } as const;

/** Answers a student's help request on one item: a full explanation, or a hint while the session is open. */
export function explain(req: ExplainRequest): OfflineText {
  const q = req.question;
  const query = req.query.toLowerCase();
  const parts: string[] = [];
  const key = answerPhrase(q, q.answer);
  const student = req.studentAnswer?.trim() ? req.studentAnswer.trim() : null;
  const wantsHint = /\b(hint|start|begin|first step|stuck|approach)\b/.test(query) && !student;

  if (req.hintOnly || wantsHint) {
    parts.push(`Here is a way to start without giving the answer away: ${SKILL_TIPS[q.skill as keyof typeof SKILL_TIPS]}.`);
    parts.push(`For this question, begin like this: ${firstSentence(q.rationale)}`);
    if (req.hintOnly) parts.push('Once you submit the session, ask again and I will go through the full solution with you.');
    return { text: parts.join(' '), promptVersion: req.hintOnly ? HELP_PROMPT_VERSIONS.hint : HELP_PROMPT_VERSIONS.explain };
  }

  if (student && isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: [] }, student)) {
    parts.push(`Your answer ${answerPhrase(q, student)} is correct.`);
  } else if (student) {
    parts.push(`You answered ${answerPhrase(q, student)}, but the correct answer is ${key}.`);
  } else {
    parts.push(`The correct answer is ${key}.`);
  }
  parts.push(q.rationale.trim());
  if (student && q.format === 'mcq' && student.toUpperCase() !== q.answer) {
    const chosen = choiceText(q, student);
    if (chosen && !q.rationale.includes(chosen)) {
      parts.push(`Choice ${student.toUpperCase()} is a tempting trap, but check it against the question: it does not satisfy what the stem asks for.`);
    }
  }
  if (/\bwhy\b/.test(query) && /\bnot\b|\bwrong\b|\bincorrect\b/.test(query) && student) {
    parts.push(`The quickest way to see your mistake is to test your answer directly in the question; it fails where the rationale above shows the key step.`);
  }
  parts.push(`Strategy for ${lowerFirst(skillName(q.skill))} next time: ${SKILL_TIPS[q.skill as keyof typeof SKILL_TIPS]}.`);
  return { text: parts.join(' '), promptVersion: HELP_PROMPT_VERSIONS.explain };
}
