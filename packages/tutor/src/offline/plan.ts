import type { PlanAdjustmentRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { lowerFirst, pct, skillName, type OfflineText } from './shared.ts';

export const PLAN_ADJUSTMENT_PROMPT_VERSION = 'plan-adjustment/v1';

/** Explains what the study-plan engine changed after a task was completed or skipped. */
export function planAdjustment(req: PlanAdjustmentRequest): OfflineText {
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
  return { text: parts.join(' '), promptVersion: PLAN_ADJUSTMENT_PROMPT_VERSION };
}
