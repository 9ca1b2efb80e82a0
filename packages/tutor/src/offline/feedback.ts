import type { SessionFeedbackRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { lowerFirst, pct, skillName, strongest, weakest, type OfflineText } from './shared.ts';

export const SESSION_FEEDBACK_PROMPT_VERSION = 'session-feedback/v1';

/** Feedback on a submitted practice session. */
export function sessionFeedback(req: SessionFeedbackRequest): OfflineText {
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
  return { text: parts.join(' '), promptVersion: SESSION_FEEDBACK_PROMPT_VERSION };
}
