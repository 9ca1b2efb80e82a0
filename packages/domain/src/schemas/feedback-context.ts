import { skillNameOf } from '../taxonomy.ts';
import type { SkillStat } from './performance.ts';

/** An answer given faster than this cannot have been read and worked: guessing or rushing. */
export const FAST_ANSWER_MS = 10_000;

/** One skill of a session: this session's tally and all practice up to and including it. */
export interface FeedbackSkillContext {
  skill: string;
  correct: number;
  total: number;
  allCorrect: number;
  allTotal: number;
}

/**
 * Everything the tutor is given to write session feedback, stored with the feedback and rendered
 * into the exported input, so every fact a feedback text states is in its training input.
 */
export interface FeedbackContext {
  v: 1;
  correct: number;
  total: number;
  /** Questions with a non-empty answer. */
  answered: number;
  /** Whole seconds per question on average; null when no time was recorded. */
  averageSeconds: number | null;
  /** Answers given in under `fastSeconds` seconds. */
  fastAnswers: number;
  fastSeconds: number;
  /** Accuracy of the previous submitted session, as a whole percentage; null when there is none. */
  previousPercent: number | null;
  /** Per skill, in the order the session first met them. */
  skills: FeedbackSkillContext[];
}

/** The feedback context of a scored session. `overall` holds all-time tallies after this session. */
export function buildFeedbackContext(input: {
  answers: readonly { skill: string; answer: string; isCorrect: boolean; timeSpentMs: number }[];
  overall: readonly Pick<SkillStat, 'skill' | 'correct' | 'total'>[];
  previousAccuracy: number | null;
}): FeedbackContext {
  const bySkill = new Map<string, FeedbackSkillContext>();
  const overall = new Map(input.overall.map((s) => [s.skill, s]));
  let correct = 0;
  let answered = 0;
  let timeMs = 0;
  let fastAnswers = 0;
  for (const a of input.answers) {
    let s = bySkill.get(a.skill);
    if (!s) {
      const all = overall.get(a.skill);
      bySkill.set(a.skill, (s = { skill: a.skill, correct: 0, total: 0, allCorrect: all?.correct ?? 0, allTotal: all?.total ?? 0 }));
    }
    s.total += 1;
    if (a.isCorrect) {
      s.correct += 1;
      correct += 1;
    }
    if (a.answer.trim()) {
      answered += 1;
      if (a.timeSpentMs > 0 && a.timeSpentMs < FAST_ANSWER_MS) fastAnswers += 1;
    }
    timeMs += Math.max(0, a.timeSpentMs);
  }
  const skills = [...bySkill.values()].map((s) => ({ ...s, allCorrect: Math.max(s.allCorrect, s.correct), allTotal: Math.max(s.allTotal, s.total) }));
  const total = input.answers.length;
  return {
    v: 1,
    correct,
    total,
    answered,
    averageSeconds: timeMs > 0 && total ? Math.max(1, Math.round(timeMs / total / 1000)) : null,
    fastAnswers,
    fastSeconds: FAST_ANSWER_MS / 1000,
    previousPercent: input.previousAccuracy === null ? null : Math.round(input.previousAccuracy * 100),
    skills,
  };
}

const pct = (c: number, t: number) => (t ? Math.round((100 * c) / t) : 0);
const skillName = skillNameOf;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The feedback context as lines of the input (see FeedbackContext), written once when the feedback
 * is stored (session_feedback.context_text), by the synthetic generator, and into the remote
 * tutor's feedback prompt (so a remote model is told only what the exported input states).
 */
export function renderFeedbackContext(c: FeedbackContext): string {
  let out = `Session: ${c.correct} of ${c.total} correct (${pct(c.correct, c.total)}%); ${c.answered} of ${c.total} answered.`;
  out += c.previousPercent === null ? '\nPrevious session: none (first session).' : `\nPrevious session: ${c.previousPercent}% correct.`;
  out +=
    c.averageSeconds === null
      ? '\nTime per question: not recorded.'
      : `\nTime per question: ${plural(c.averageSeconds, 'second', 'seconds')} on average; ${c.fastAnswers} of ${c.answered} answers given in under ${c.fastSeconds} seconds. SAT pacing: about 71 seconds per Reading and Writing question and 95 seconds per Math question.`;
  out += '\nSkills (this session; all practice including it):';
  for (const k of c.skills) {
    out += `\n- ${skillName(k.skill)}: ${k.correct} of ${k.total} correct (${pct(k.correct, k.total)}%); all practice ${k.allCorrect} of ${k.allTotal} (${pct(k.allCorrect, k.allTotal)}%)`;
  }
  return out;
}
