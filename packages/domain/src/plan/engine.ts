/**
 * The study-plan engine: builds a week's plan from skill stats and adjusts it when a task is completed
 * or skipped. Pure (no database, no clock), so the API, the synthetic generator and the evaluation set
 * share it.
 */
import { masteryOf, type SkillStat } from '../schemas/performance.ts';
import type { PlanChange, PlanTask } from '../schemas/study-plan.ts';
import { nameInRunningText, skillInfo, SKILLS } from '../taxonomy.ts';

export const PLAN_DAYS = 7;
export const TASKS_PER_DAY = 2;
/** Accuracy below which a completed task earns a reinforcement task. */
export const REINFORCE_BELOW = 0.6;
/** Smoothed mastery, with at least MASTERY_MIN_ANSWERS answers, at which a skill is considered done. */
export const MASTERED_AT = 0.85;
export const MASTERY_MIN_ANSWERS = 8;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const nameOf = (skill: string) => nameInRunningText(skillInfo(skill).name).toLowerCase();

/** Skills in the order the student most needs them: known-weak first, then unpractised, then the rest. */
export function rankSkills(stats: readonly SkillStat[]): string[] {
  const bySkill = new Map(stats.map((s) => [s.skill, s]));
  const need = (skill: string) => {
    const s = bySkill.get(skill);
    if (!s || s.total === 0) return 0.55;
    return s.mastery;
  };
  // Among equally needed skills, interleave the sections (Math, Reading and Writing, Math, ...)
  // so a plan is never all one section, and spread each section's domains.
  const order = SKILLS.map((s) => {
    const sameSection = SKILLS.filter((x) => x.section === s.section);
    const domains = [...new Set(sameSection.map((x) => x.domain))];
    const inDomain = sameSection.filter((x) => x.domain === s.domain).findIndex((x) => x.skill === s.skill);
    return { skill: s.skill, need: need(s.skill), round: inDomain * domains.length + domains.indexOf(s.domain), section: s.section === 'Math' ? 0 : 1 };
  });
  return order.sort((a, b) => a.need - b.need || a.round - b.round || a.section - b.section).map((x) => x.skill);
}

function taskFor(skill: string, day: number, stat: SkillStat | undefined, origin: string): PlanTask {
  const total = stat?.total ?? 0;
  const accuracy = total ? stat!.correct / total : null;
  const count = accuracy === null ? 5 : accuracy < 0.5 ? 10 : accuracy < 0.75 ? 8 : 5;
  const goal =
    accuracy === null
      ? `Answer ${count} questions on ${nameOf(skill)} to find your starting level`
      : `Raise ${nameOf(skill)} from ${pct(accuracy)} toward 80% accuracy`;
  return { day, skill, count, goal, status: 'pending', origin, baseline: { correct: stat?.correct ?? 0, total } };
}

function originFor(stat: SkillStat | undefined): string {
  if (!stat || stat.total === 0) return 'you have not practised this skill yet';
  return `your accuracy here is ${pct(stat.correct / stat.total)}, one of your lowest`;
}

/** A fresh plan: PLAN_DAYS days × TASKS_PER_DAY tasks on the skills the student most needs. */
export function buildPlan(stats: readonly SkillStat[]): PlanTask[] {
  const bySkill = new Map(stats.map((s) => [s.skill, s]));
  const ranked = rankSkills(stats).slice(0, PLAN_DAYS * TASKS_PER_DAY);
  return ranked.map((skill, i) => taskFor(skill, Math.floor(i / TASKS_PER_DAY) + 1, bySkill.get(skill), originFor(bySkill.get(skill))));
}

/** Accuracy on a task's skill since the task was set, or over all time when nothing was practised since. */
export function accuracySince(task: PlanTask, now: SkillStat): { correct: number; total: number } {
  const total = now.total - task.baseline.total;
  if (total > 0) return { correct: now.correct - task.baseline.correct, total };
  return { correct: now.correct, total: now.total };
}

export interface AdjustInput {
  tasks: PlanTask[];
  taskIndex: number;
  action: 'completed' | 'skipped';
  stats: readonly SkillStat[];
  /** How many times this skill was skipped before, in this plan's history. */
  previousSkips: number;
}

/**
 * The study-plan engine's reaction to one action. Rules, in order:
 * - skipped twice or more: swap the skill's pending tasks for the next-needed skill of the same domain;
 * - skipped once: reschedule a copy of the task to the day after the last planned day;
 * - completed with accuracy below REINFORCE_BELOW: add a reinforcement task on the next day;
 * - completed and mastered: drop the skill's remaining tasks and bring in the next-needed skill not yet planned;
 * - completed otherwise: add a short spaced review three days later.
 */
export function adjustPlan(input: AdjustInput): { tasks: PlanTask[]; changes: PlanChange[] } {
  const tasks = input.tasks.map((t) => ({ ...t, baseline: { ...t.baseline } }));
  const task = tasks[input.taskIndex]!;
  const bySkill = new Map(input.stats.map((s) => [s.skill, s]));
  const stat = bySkill.get(task.skill) ?? { skill: task.skill, correct: 0, total: 0, mastery: masteryOf(0, 0) };
  const changes: PlanChange[] = [];
  const lastDay = () => Math.max(...tasks.map((t) => t.day));
  const add = (t: PlanTask) => {
    tasks.push(t);
    changes.push({ kind: 'added', taskIndex: tasks.length - 1, before: null, after: t });
  };
  task.status = input.action;

  if (input.action === 'skipped') {
    if (input.previousSkips >= 1) {
      const domain = skillInfo(task.skill).domain;
      const planned = new Set(tasks.filter((t) => t.status === 'pending').map((t) => t.skill));
      const replacement = rankSkills(input.stats).find((s) => s !== task.skill && skillInfo(s).domain === domain && !planned.has(s))
        ?? rankSkills(input.stats).find((s) => s !== task.skill && !planned.has(s))!;
      const pending = tasks.map((t, i) => ({ t, i })).filter(({ t }) => t.skill === task.skill && t.status === 'pending');
      if (pending.length === 0) {
        add(taskFor(replacement, lastDay() + 1, bySkill.get(replacement), `it replaces ${nameOf(task.skill)}, which you skipped ${input.previousSkips + 1} times`));
      }
      for (const { t, i } of pending) {
        const swapped = taskFor(replacement, t.day, bySkill.get(replacement), `it replaces ${nameOf(task.skill)}, which you skipped ${input.previousSkips + 1} times`);
        tasks[i] = swapped;
        changes.push({ kind: 'swapped', taskIndex: i, before: t, after: swapped });
      }
    } else {
      const moved: PlanTask = { ...task, status: 'pending', day: lastDay() + 1, origin: `you skipped it on day ${task.day} and it is still one of your priorities` };
      tasks.push(moved);
      changes.push({ kind: 'rescheduled', taskIndex: tasks.length - 1, before: task, after: moved });
    }
    return { tasks, changes };
  }

  const acc = accuracySince(task, stat);
  const accuracy = acc.total ? acc.correct / acc.total : 0;
  if (acc.total === 0 || accuracy < REINFORCE_BELOW) {
    add({
      ...taskFor(task.skill, task.day + 1, stat, ''),
      count: 5,
      goal: `Reinforce ${nameOf(task.skill)} with 5 easier questions and read each explanation`,
      origin: acc.total === 0 ? 'no answers on this skill were recorded for the completed task' : `you scored ${pct(accuracy)} on it, below ${pct(REINFORCE_BELOW)}`,
    });
  } else if (stat.mastery >= MASTERED_AT && stat.total >= MASTERY_MIN_ANSWERS) {
    tasks.forEach((t, i) => {
      if (i !== input.taskIndex && t.skill === task.skill && t.status === 'pending') {
        changes.push({ kind: 'removed', taskIndex: i, before: { ...t }, after: null });
        t.status = 'removed';
      }
    });
    const planned = new Set(tasks.filter((t) => t.status === 'pending').map((t) => t.skill));
    const next = rankSkills(input.stats).find((s) => s !== task.skill && !planned.has(s));
    if (next) add(taskFor(next, task.day + 1, bySkill.get(next), `you mastered ${nameOf(task.skill)} (${pct(stat.correct / stat.total)} over ${stat.total} answers) and this is your next most needed skill`));
  } else {
    add({
      ...taskFor(task.skill, task.day + 3, stat, ''),
      count: 3,
      goal: `Spaced review: 3 questions on ${nameOf(task.skill)} to lock in ${pct(accuracy)}`,
      origin: `a short review three days later keeps ${pct(accuracy)} from fading`,
    });
  }
  return { tasks, changes };
}
