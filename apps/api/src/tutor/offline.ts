import {
  isCorrectAnswer,
  skillInfo,
  SKILLS,
  type ExplainRequest,
  type PlanAdjustmentRequest,
  type ReplyRequest,
  type SessionFeedbackRequest,
  type SkillStat,
  type Tutor,
  type TutorText,
} from '@satprep/domain';
import { SKILL_KEYWORDS, SKILL_TIPS } from './skill-tips.ts';

export const OFFLINE_MODEL_ID = 'satprep-offline-tutor-1';

export const PROMPT_VERSIONS = {
  sessionFeedback: 'session-feedback/v1',
  explain: 'help-explain/v1',
  hint: 'help-hint/v1',
  planAdjustment: 'plan-adjustment/v1',
  reply: 'ugc-reply/v1',
} as const;

const pct = (correct: number, total: number) => (total === 0 ? 0 : Math.round((100 * correct) / total));
const skillName = (skill: string) => skillInfo(skill).name;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function weakest(stats: SkillStat[]): SkillStat | undefined {
  return [...stats].filter((s) => s.total > 0).sort((a, b) => a.correct / a.total - b.correct / b.total || b.total - a.total)[0];
}

function strongest(stats: SkillStat[]): SkillStat | undefined {
  return [...stats].filter((s) => s.total > 0).sort((a, b) => b.correct / b.total - a.correct / a.total || b.total - a.total)[0];
}

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
    const correct = req.sessionSkills.reduce((n, s) => n + s.correct, 0);
    const total = req.sessionSkills.reduce((n, s) => n + s.total, 0);
    const accuracy = pct(correct, total);
    const parts: string[] = [];
    const opener = accuracy >= 85 ? 'Excellent work' : accuracy >= 65 ? 'Solid session' : accuracy >= 40 ? 'Good effort' : 'Thanks for sticking with it';
    parts.push(`${opener}, ${req.studentName}: you answered ${correct} of ${total} questions correctly (${accuracy}%).`);

    if (req.previousAccuracy !== null) {
      const prev = Math.round(req.previousAccuracy * 100);
      const delta = accuracy - prev;
      parts.push(
        delta > 0
          ? `That is up ${delta} points from your last session (${prev}%).`
          : delta < 0
            ? `That is ${-delta} points below your last session (${prev}%), which usually means this set was harder or more new to you.`
            : `That matches your last session (${prev}%).`,
      );
    }

    const domainLines = Object.entries(req.performance).flatMap(([, domains]) =>
      Object.entries(domains ?? {}).map(([domain, t]) => `${domain} ${t!.correct}/${t!.total}`),
    );
    if (domainLines.length > 1) parts.push(`By domain: ${domainLines.join(', ')}.`);

    const best = strongest(req.sessionSkills);
    const weak = weakest(req.sessionSkills);
    if (best && weak && best.skill !== weak.skill && best.correct / best.total > weak.correct / weak.total) {
      parts.push(`Your strongest skill today was ${lowerFirst(skillName(best.skill))} (${best.correct}/${best.total}).`);
    }
    if (weak && weak.correct < weak.total) {
      const overall = req.overallSkills.find((s) => s.skill === weak.skill);
      const history = overall && overall.total > weak.total ? ` (${pct(overall.correct, overall.total)}% over all your practice)` : '';
      parts.push(
        `Focus next on ${lowerFirst(skillName(weak.skill))}, where you got ${weak.correct} of ${weak.total}${history}. Tip: ${SKILL_TIPS[weak.skill as keyof typeof SKILL_TIPS]}.`,
      );
    } else {
      const nextSkill = weakest(req.overallSkills.filter((s) => s.correct < s.total));
      parts.push(
        nextSkill
          ? `Every answer was right. A good next step is ${lowerFirst(skillName(nextSkill.skill))}, your weakest skill so far at ${pct(nextSkill.correct, nextSkill.total)}%.`
          : 'Every answer was right. Try a longer or harder set next to keep stretching.',
      );
    }
    const avgSec = Math.round(req.averageTimeMs / 1000);
    if (avgSec > 0) {
      parts.push(
        avgSec > 95
          ? `You averaged ${avgSec} seconds per question; the digital SAT allows about 71 seconds for Reading and Writing and 95 for Math, so practise moving on and coming back.`
          : `You averaged ${avgSec} seconds per question, which is within SAT pacing.`,
      );
    }
    return this.out(parts.join(' '), PROMPT_VERSIONS.sessionFeedback);
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
    const name = lowerFirst(skillName(req.task.skill));
    const before = req.before.total ? `${pct(req.before.correct, req.before.total)}% (${req.before.correct}/${req.before.total})` : 'not practised yet';
    const after = req.after.total ? `${pct(req.after.correct, req.after.total)}% (${req.after.correct}/${req.after.total})` : 'not practised yet';
    const parts: string[] = [];
    parts.push(
      req.action === 'completed'
        ? `You completed day ${req.task.day}: ${req.task.count} questions on ${name}. Your accuracy there is now ${after}, compared with ${before} when the task was set.`
        : `You skipped day ${req.task.day}'s ${name} task${req.reason ? ` ("${req.reason}")` : ''}. Your accuracy there is ${after}.`,
    );
    if (req.changes.length === 0) parts.push('No change to the rest of your plan was needed.');
    for (const c of req.changes) {
      const a = c.after;
      const b = c.before;
      if (c.kind === 'added' && a) parts.push(`Added to day ${a.day}: ${a.count} questions on ${lowerFirst(skillName(a.skill))}, because ${a.origin}.`);
      if (c.kind === 'removed' && b) parts.push(`Removed day ${b.day}'s ${lowerFirst(skillName(b.skill))} task, because ${b.skill === req.task.skill ? 'you have mastered it' : 'it is no longer needed'}.`);
      if (c.kind === 'rescheduled' && a) parts.push(`Moved ${lowerFirst(skillName(a.skill))} to day ${a.day} so it is not lost.`);
      if (c.kind === 'swapped' && a && b) parts.push(`Swapped ${lowerFirst(skillName(b.skill))} on day ${a.day} for ${lowerFirst(skillName(a.skill))}, a related skill in the same domain, since you skipped it more than once.`);
      if (c.kind === 'resized' && a && b) parts.push(`Changed day ${a.day}'s ${lowerFirst(skillName(a.skill))} task from ${b.count} to ${a.count} questions.`);
    }
    if (req.action === 'completed' && req.after.total > 0 && req.after.correct / req.after.total < 0.6) {
      parts.push(`Before the next set: ${SKILL_TIPS[req.task.skill as keyof typeof SKILL_TIPS]}.`);
    }
    return this.out(parts.join(' '), PROMPT_VERSIONS.planAdjustment);
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
