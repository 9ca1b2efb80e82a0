import type { QuestionSnapshot } from '@satprep/domain/entities';
import type { PlanAdjustment, PlanTask, SkillStat } from '@satprep/domain';
// The taxonomy alone: worker threads that render rows need nothing else of the domain package.
import { skillNameOf } from '@satprep/domain/taxonomy';
// And the figure's words (no zod): an input must state every fact the figure it refers to shows.
import { describeFigure } from '@satprep/domain/figure-text';
import type { PerformanceView } from './performance.ts';

/** Plain-text renderings of stored rows: the `input` side of training examples. */

const pct = (c: number, t: number) => (t ? Math.round((100 * c) / t) : 0);
const skillName = skillNameOf;

/**
 * The feedback input: the session's stats and, for feedback written with its context stored
 * (session-feedback/v2 on), that context as renderFeedbackContext wrote it: every fact the
 * feedback text may state.
 */
export function renderPerformance(perf: PerformanceView, contextText: string | null = null): string {
  // A plain loop: this runs once per exported rating.
  let lines = '';
  for (const t of perf.tallies) lines += `${lines ? '\n' : ''}- ${t.section} / ${t.domain}: ${t.correct} of ${t.total} correct (${pct(t.correct, t.total)}%)`;
  return `Write feedback for a student on this SAT practice session.\nPerformance:\n${lines}${contextText ? `\n${contextText}` : ''}\nStats JSON: ${perf.json}`;
}

// Moved to the domain package so the tutor's remote prompt states exactly what the exported input does.
export { renderFeedbackContext } from '@satprep/domain/feedback-context';

/** The stored help-request snapshot, without its id: everything a rendered question needs. */
export type QuestionForRender = Omit<QuestionSnapshot, 'id'>;

export function renderQuestion(q: QuestionForRender): string {
  return [
    `SAT question (${skillName(q.skill)}):`,
    q.passage ? `Passage: ${q.passage}` : null,
    `Question: ${q.stem}`,
    q.figure ? describeFigure(q.figure) : null,
    ...q.choices.map((c) => `${c.label}) ${c.text}`),
    `Correct answer: ${q.correctAnswer}`,
    `Student's answer: ${q.studentAnswer ?? 'not answered yet'}`,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

export function renderHelp(q: QuestionForRender, query: string): string {
  return `${renderQuestion(q)}\nStudent asks: ${query}`;
}

const stat = (s: Pick<SkillStat, 'correct' | 'total'>) => (s.total ? `${s.correct}/${s.total} (${pct(s.correct, s.total)}%)` : 'no answers yet');

/** One plan change as the input states it: what moved where, and the planner's reason. */
function renderPlanChange(c: PlanAdjustment['changes'][number], task: PlanTask): string {
  const a = c.after;
  const b = c.before;
  let line = `- ${c.kind}: `;
  if (c.kind === 'swapped' && a && b) line += `day ${a.day} ${skillName(b.skill)} → ${skillName(a.skill)} ×${a.count}`;
  else if (c.kind === 'resized' && a && b) line += `day ${a.day} ${skillName(a.skill)} ×${b.count} → ×${a.count}`;
  else if (a) line += `day ${a.day} ${skillName(a.skill)} ×${a.count}`;
  else line += `day ${b!.day} ${skillName(b!.skill)}${b!.skill === task.skill ? ' (skill mastered)' : ''}`;
  return a?.origin ? `${line} (reason: ${a.origin})` : line;
}

export function renderPlanAction(task: PlanTask, action: string, reason: string | null, before: SkillStat, after: SkillStat, adjustment: PlanAdjustment): string {
  const changes = adjustment.changes.map((c) => renderPlanChange(c, task));
  // What the student did since the task was set: the plan text may only claim these answers.
  const since = after.total - before.total;
  return [
    `Study plan task: day ${task.day}, ${skillName(task.skill)}, ${task.count} questions. Goal: ${task.goal}.`,
    `Student action: ${action}${reason ? ` (reason: ${reason})` : ''}.`,
    `Performance on this skill before: ${stat(before)}; now: ${stat(after)}.`,
    `New answers on this skill since the task was set: ${since > 0 ? `${since} (${after.correct - before.correct} correct)` : 'none'}.`,
    `Plan changes made by the planner:\n${changes.length ? changes.join('\n') : '- none'}`,
    'Explain the adjustment to the student.',
  ].join('\n');
}

export function renderNote(note: string, q: QuestionForRender | null): string {
  return q ? `${renderQuestion(q)}\nStudent's note: ${note}` : `Student's note: ${note}`;
}

export function renderCommunity(title: string, body: string, skill: string | null): string {
  return `Community question${skill ? ` (${skillName(skill)})` : ''}: ${title}\n${body}`;
}
