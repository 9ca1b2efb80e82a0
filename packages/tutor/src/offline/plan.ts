import type { PlanAdjustmentRequest, SkillStat } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { pct, skillInText, type OfflineText } from './shared.ts';
import { variation } from './vary.ts';

export const PLAN_ADJUSTMENT_PROMPT_VERSION = 'plan-adjustment/v3';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const lowerName = skillInText;
const stat = (s: Pick<SkillStat, 'correct' | 'total'>) => `${pct(s.correct, s.total)}% (${s.correct}/${s.total})`;

/**
 * plan-adjustment/v2: says only what happened, from what the exported input renders (the task,
 * the action, the tallies when the task was set and now, the answers in between, each change and
 * its reason). "Completed" with no new answers is not "you completed 10 questions", and a skill
 * never practised is said so once, not compared with itself.
 * v3: skill names with a subtitle in running text as "command of evidence (textual)" (see skillInText).
 */
export function planAdjustment(req: PlanAdjustmentRequest): OfflineText {
  return { text: writePlanAdjustment(req), promptVersion: PLAN_ADJUSTMENT_PROMPT_VERSION };
}

function writePlanAdjustment(req: PlanAdjustmentRequest): string {
  const pick = variation(JSON.stringify([req.task, req.action, req.reason, req.before, req.after, req.changes]));
  const name = lowerName(req.task.skill);
  const day = req.task.day;
  const newAnswers = Math.max(0, req.after.total - req.before.total);
  const newCorrect = Math.max(0, req.after.correct - req.before.correct);
  const parts: string[] = [];

  if (req.action === 'completed') {
    if (newAnswers === 0) {
      parts.push(pick('done-empty', [
        `You marked day ${day}'s ${name} task as done, but no new answers on ${name} have been recorded since it was set.`,
        `Day ${day}'s ${name} task is checked off, though no ${name} questions were answered since the plan set it.`,
        `You closed day ${day}'s task on ${name} without new answers on that skill since it was set.`,
      ]));
      parts.push(req.after.total
        ? pick('unchanged', [`Your accuracy there is unchanged at ${stat(req.after)}.`, `So your ${name} record stays at ${stat(req.after)}.`, `Your ${name} accuracy is still ${stat(req.after)}.`, `Nothing new to score, so you remain at ${stat(req.after)} on ${name}.`])
        : pick('never', [`You have not answered any ${name} questions yet.`, `There are still no ${name} answers on record.`, `So far there are no ${name} answers to judge your level from.`, `Your ${name} level is still unknown: no answers yet.`]));
    } else {
      const asked = req.task.count;
      parts.push(pick('done', [
        `You completed day ${day}'s ${name} task: ${plural(newAnswers, 'new answer', 'new answers')} since it was set, ${newCorrect} correct.`,
        `Day ${day} is done. Since the task was set you answered ${newAnswers} ${name} ${newAnswers === 1 ? 'question' : 'questions'} and got ${newCorrect} right.`,
        `Nice work finishing day ${day}'s ${name} task, with ${newCorrect} of ${newAnswers} new answers correct.`,
        `Day ${day}'s ${name} task: done, with ${newCorrect} right out of ${newAnswers} since it was set.`,
        `You worked through day ${day}'s ${name} practice: ${newCorrect} correct of ${plural(newAnswers, 'answer', 'answers')}.`,
      ]));
      if (newAnswers < asked) parts.push(pick('short', [`The task asked for ${asked} questions, so there is room for a few more.`, `That is fewer than the ${asked} the task asked for.`, `The plan had ${asked} in mind; a few more would give a clearer picture.`]));
      parts.push(req.before.total
        ? pick('compare', [
          `Your accuracy there is now ${stat(req.after)}, compared with ${stat(req.before)} when the task was set.`,
          `On ${name} you moved from ${stat(req.before)} to ${stat(req.after)}.`,
          `Before the task you stood at ${stat(req.before)}; now it is ${stat(req.after)}.`,
          `Your ${name} accuracy went from ${stat(req.before)} when the task was set to ${stat(req.after)}.`,
          `That puts you at ${stat(req.after)} on ${name}, against ${stat(req.before)} before.`,
        ])
        : pick('first', [`These were your first ${name} answers: ${stat(req.after)} so far.`, `That gives you a starting level on ${name} of ${stat(req.after)}.`, `Your first ${name} results: ${stat(req.after)}.`, `Now there is a starting point for ${name}: ${stat(req.after)}.`]));
    }
  } else {
    const reason = req.reason ? ` ("${req.reason}")` : '';
    parts.push(pick('skip', [
      `You skipped day ${day}'s ${name} task${reason}.`,
      `Day ${day}'s ${name} task was skipped${reason}.`,
      `You passed on the ${name} task for day ${day}${reason}.`,
      `No ${name} practice for day ${day}: you skipped it${reason}.`,
      `Day ${day}'s ${name} task is set aside for now${reason}.`,
    ]));
    if (req.after.total) parts.push(pick('skip-stat', [`Your accuracy there is ${stat(req.after)}.`, `On ${name} you stand at ${stat(req.after)}.`, `Your ${name} record is ${stat(req.after)}.`, `For reference, ${name} is at ${stat(req.after)} for you.`]));
  }

  if (req.changes.length === 0) parts.push(pick('no-change', ['No change to the rest of your plan was needed.', 'The rest of your plan stays as it was.', 'Nothing else in the plan changes.', 'Your other tasks stay where they are.', 'The plan needs no other changes.']));
  const because = pick('because', ['because', 'since', 'as']);
  const lead = req.changes.length ? pick('lead', ['', '', 'Plan update: ', 'In your plan: ', 'What changes: ', 'So the plan adjusts. ']) : '';
  const firstChange = parts.length;
  for (const c of req.changes) {
    const a = c.after;
    const b = c.before;
    if (c.kind === 'added' && a) {
      parts.push(pick(`added-${parts.length}`, [
        `Added to day ${a.day}: ${a.count} questions on ${lowerName(a.skill)}, ${because} ${a.origin}.`,
        `Day ${a.day} now has ${a.count} ${lowerName(a.skill)} questions, ${because} ${a.origin}.`,
        `I put ${a.count} questions on ${lowerName(a.skill)} on day ${a.day}, ${because} ${a.origin}.`,
        `New on day ${a.day}: ${lowerName(a.skill)}, ${a.count} questions, ${because} ${a.origin}.`,
        `Expect ${a.count} ${lowerName(a.skill)} questions on day ${a.day}, ${because} ${a.origin}.`,
      ]));
    }
    if (c.kind === 'removed' && b) {
      parts.push(b.skill === req.task.skill
        ? pick(`removed-own-${parts.length}`, [`Removed day ${b.day}'s ${lowerName(b.skill)} task, since you have mastered the skill.`, `Day ${b.day}'s ${lowerName(b.skill)} task is gone: the skill counts as mastered.`])
        : pick(`removed-${parts.length}`, [`Removed day ${b.day}'s ${lowerName(b.skill)} task.`, `Day ${b.day} no longer has a ${lowerName(b.skill)} task.`]));
    }
    if (c.kind === 'rescheduled' && a) {
      parts.push(pick(`moved-${parts.length}`, [`Moved ${lowerName(a.skill)} to day ${a.day} so it is not lost.`, `The ${lowerName(a.skill)} task moves to day ${a.day}.`, `You will see ${lowerName(a.skill)} again on day ${a.day}.`, `It is now on day ${a.day}, so ${lowerName(a.skill)} stays in your plan.`, `Day ${a.day} picks up the ${lowerName(a.skill)} task instead.`]));
    }
    if (c.kind === 'swapped' && a && b) {
      parts.push(pick(`swapped-${parts.length}`, [
        `Swapped ${lowerName(b.skill)} on day ${a.day} for ${lowerName(a.skill)}, ${because} ${a.origin}.`,
        `Day ${a.day} now practises ${lowerName(a.skill)} instead of ${lowerName(b.skill)}, ${because} ${a.origin}.`,
        `In place of ${lowerName(b.skill)}, day ${a.day} gets ${lowerName(a.skill)}, ${because} ${a.origin}.`,
      ]));
    }
    if (c.kind === 'resized' && a && b) parts.push(`Changed day ${a.day}'s ${lowerName(a.skill)} task from ${b.count} to ${a.count} questions.`);
  }
  if (req.action === 'completed' && newAnswers > 0 && newCorrect / newAnswers < 0.6) {
    parts.push(pick('tip', ['Before the next set', 'For the next set', 'Next time', 'One thing to try', 'A strategy for next time']) + `: ${SKILL_TIPS[req.task.skill as keyof typeof SKILL_TIPS]}.`);
  }
  // A closing line with no facts in it, sometimes: the same plan change need not always read the same.
  const closing = pick('closing', ['', '', '', 'Keep going.', 'Small steps add up.', 'You can change the plan again any time.', 'Steady practice is what moves the score.', 'See you at the next task.']);
  if (closing) parts.push(closing);
  const first = parts[firstChange];
  if (lead && first) parts[firstChange] = lead.endsWith('. ') || first.startsWith('I ') ? lead + first : lead + first.charAt(0).toLowerCase() + first.slice(1);
  return parts.join(' ');
}
