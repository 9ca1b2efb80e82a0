import { describe, expect, it } from 'vitest';
import { skillInfo } from '../taxonomy.ts';
import { adjustPlan, buildPlan } from './engine.ts';

const stat = (skill: string, correct: number, total: number) => ({ skill, correct, total, mastery: (correct + 1) / (total + 2) });

describe('study-plan engine', () => {
  it('builds 7 days of 2 tasks, one per section each day, weakest known skill first', () => {
    const plan = buildPlan([stat('boundaries', 1, 10), stat('percentages', 9, 10)]);
    expect(plan).toHaveLength(14);
    expect(plan[0]).toMatchObject({ skill: 'boundaries', day: 1, count: 10, baseline: { correct: 1, total: 10 } });
    for (let day = 2; day <= 7; day++) {
      const sections = plan.filter((t) => t.day === day).map((t) => skillInfo(t.skill).section).sort();
      expect(sections).toEqual(['Math', 'Reading and Writing']);
    }
    expect(plan.map((t) => t.skill)).not.toContain('percentages');
  });

  it('moves on after mastery: removes the skill\'s pending tasks and brings in the next needed skill', () => {
    const tasks = buildPlan([]);
    const skill = tasks[0]!.skill;
    tasks.push({ ...tasks[0]!, day: 9 });
    const { tasks: next, changes } = adjustPlan({ tasks, taskIndex: 0, action: 'completed', stats: [stat(skill, 19, 20)], previousSkips: 0 });
    expect(changes.map((c) => c.kind)).toEqual(['removed', 'added']);
    expect(next.filter((t) => t.skill === skill && t.status === 'pending')).toEqual([]);
    const added = changes[1]!.after!;
    expect(added.skill).not.toBe(skill);
    expect(tasks.filter((t) => t.status === 'pending').map((t) => t.skill)).not.toContain(added.skill);
  });

  it('adds a short spaced review after a solid but not mastered completion', () => {
    const tasks = buildPlan([]);
    const skill = tasks[0]!.skill;
    const { changes } = adjustPlan({ tasks, taskIndex: 0, action: 'completed', stats: [stat(skill, 4, 5)], previousSkips: 0 });
    expect(changes).toEqual([expect.objectContaining({ kind: 'added', after: expect.objectContaining({ skill, day: 4, count: 3 }) })]);
  });
});
