import { z } from 'zod';
import { DOMAINS, SECTIONS, skillInfo, type Domain, type Section } from '../taxonomy.ts';

export const SkillTallySchema = z.object({
  correct: z.number().int().min(0),
  total: z.number().int().min(1),
}).refine((t) => t.correct <= t.total, 'correct cannot exceed total');
export type SkillTally = z.infer<typeof SkillTallySchema>;

/**
 * The spec's nested performance shape, section → domain → tally:
 * `{ "Math": { "Algebra": { "correct": 7, "total": 10 } } }`.
 */
export const PerformanceStatsSchema = z.partialRecord(
  z.enum(SECTIONS),
  z.partialRecord(z.enum(DOMAINS as [Domain, ...Domain[]]), SkillTallySchema),
);
export type PerformanceStats = Partial<Record<Section, Partial<Record<Domain, SkillTally>>>>;

/** Per-skill view used by the tutor and the study-plan engine. */
export const SkillStatSchema = z.object({
  skill: z.string(),
  correct: z.number().int().min(0),
  total: z.number().int().min(0),
  mastery: z.number().min(0).max(1),
});
export type SkillStat = z.infer<typeof SkillStatSchema>;

/** Builds the nested section → domain tally and the per-skill list from scored answers. */
export function summarizeResults(results: readonly { skill: string; isCorrect: boolean }[]): { performance: PerformanceStats; skills: SkillStat[] } {
  const performance: PerformanceStats = {};
  const bySkill = new Map<string, { correct: number; total: number }>();
  for (const r of results) {
    const info = skillInfo(r.skill);
    const domains = (performance[info.section] ??= {});
    const tally = (domains[info.domain] ??= { correct: 0, total: 0 });
    tally.total += 1;
    tally.correct += r.isCorrect ? 1 : 0;
    const s = bySkill.get(r.skill) ?? { correct: 0, total: 0 };
    s.total += 1;
    s.correct += r.isCorrect ? 1 : 0;
    bySkill.set(r.skill, s);
  }
  const skills = [...bySkill].map(([skill, t]) => ({ skill, ...t, mastery: masteryOf(t.correct, t.total) }));
  return { performance, skills };
}

/** Smoothed accuracy: one imagined right and one wrong answer keep a single lucky guess from reading as mastery. */
export function masteryOf(correct: number, total: number): number {
  return (correct + 1) / (total + 2);
}
