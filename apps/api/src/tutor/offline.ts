import {
  isCorrectAnswer,
  skillInfo,
  SKILLS,
  type ExplainRequest,
  type PlanAdjustmentRequest,
  type ReplyRequest,
  type SessionFeedbackRequest,
  type Tutor,
  type TutorText,
} from '@satprep/domain';
import { SKILL_KEYWORDS, SKILL_TIPS } from './skill-tips.ts';
import { writeSessionFeedback } from './feedback.ts';
import { writePlanAdjustment } from './plan.ts';

export const OFFLINE_MODEL_ID = 'satprep-offline-tutor-1';

export const PROMPT_VERSIONS = {
  sessionFeedback: 'session-feedback/v2',
  explain: 'help-explain/v1',
  hint: 'help-hint/v1',
  planAdjustment: 'plan-adjustment/v2',
  reply: 'ugc-reply/v1',
} as const;

const skillName = (skill: string) => skillInfo(skill).name;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** First sentence of a text (rationales start with the key step). */
function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m ? m[1]! : text).trim();
}

function choiceText(q: ExplainRequest['question'], label: string | null): string | null {
  if (!label) return null;
  return q.choices.find((c) => c.label === label.toUpperCase())?.text ?? null;
}

function answerPhrase(q: ExplainRequest['question'], answer: string): string {
  const text = choiceText(q, answer);
  return text ? `${answer.toUpperCase()} (${text})` : answer;
}

/** Finds the skill a free-text note or question is most likely about. */
export function detectSkill(text: string): string | null {
  const lower = ` ${text.toLowerCase()} `;
  let best: { skill: string; score: number } | null = null;
  for (const [skill, words] of Object.entries(SKILL_KEYWORDS)) {
    const score = words!.reduce((n, w) => n + (lower.includes(w) ? w.length : 0), 0);
    if (score > 0 && (!best || score > best.score)) best = { skill, score };
  }
  if (best) return best.skill;
  const byName = SKILLS.find((s) => lower.includes(s.name.toLowerCase()));
  return byName?.skill ?? null;
}

/**
 * The deterministic tutor: writes specific text from the item's rationale, the student's
 * answer and per-skill statistics. No network, same input → same output.
 */
export class OfflineTutor implements Tutor {
  readonly modelId = OFFLINE_MODEL_ID;

  private out(text: string, promptVersion: string): Promise<TutorText> {
    return Promise.resolve({ text, modelId: this.modelId, promptVersion });
  }

  sessionFeedback(req: SessionFeedbackRequest): Promise<TutorText> {
    return this.out(writeSessionFeedback(req), PROMPT_VERSIONS.sessionFeedback);
  }

  explain(req: ExplainRequest): Promise<TutorText> {
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
      return this.out(parts.join(' '), req.hintOnly ? PROMPT_VERSIONS.hint : PROMPT_VERSIONS.explain);
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
    return this.out(parts.join(' '), PROMPT_VERSIONS.explain);
  }

  planAdjustment(req: PlanAdjustmentRequest): Promise<TutorText> {
    return this.out(writePlanAdjustment(req), PROMPT_VERSIONS.planAdjustment);
  }

  reply(req: ReplyRequest): Promise<TutorText> {
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
    return this.out(parts.join(' '), PROMPT_VERSIONS.reply);
  }
}
