import { buildFeedbackContext, masteryOf, skillInfo, SKILLS, summarizeResults, type PlanChange, type PlanTask, type Question, type SkillStat, type Tutor } from '@satprep/domain';
import { pick, randomInt, seededRandom } from '@satprep/domain/bank';
import type { SourceName } from '../types.ts';
import type { Example } from '../types.ts';
import { performanceView } from '../sources/performance.ts';
import { renderFeedbackContext, renderHelp, renderNote, renderPerformance, renderPlanAction } from '../sources/render.ts';
import { helpQuery, skipReason, studentNote } from './queries.ts';

/** What the generator needs from the app: the bank, the tutor engine and the study-plan engine. */
export interface SyntheticDeps {
  bank: readonly Question[];
  tutor: Tutor;
  buildPlan: (stats: readonly SkillStat[]) => PlanTask[];
  adjustPlan: (input: { tasks: PlanTask[]; taskIndex: number; action: 'completed' | 'skipped'; stats: readonly SkillStat[]; previousSkips: number }) => { tasks: PlanTask[]; changes: PlanChange[] };
}

/** Share of each source, from the spec's volumes at 10K users (10K ratings, 20K help, 5K plans, 2K notes). */
const MIX: [SourceName, number][] = [['feedback_ratings', 10], ['help_requests', 20], ['study_plan_actions', 5], ['user_notes', 2]];
const MIX_TOTAL = MIX.reduce((n, [, w]) => n + w, 0);

export function sourceForIndex(i: number, seed: number): SourceName {
  const r = seededRandom(seed * 7919 + i)() * MIX_TOTAL;
  let acc = 0;
  for (const [source, w] of MIX) {
    acc += w;
    if (r < acc) return source;
  }
  return 'help_requests';
}

/**
 * Deterministic synthetic examples for the four sources, built with the real tutor and plan
 * engines from the question bank. The same seed and index always give the same example.
 */
export async function syntheticExample(deps: SyntheticDeps, seed: number, i: number): Promise<Example> {
  const rand = seededRandom((seed * 1_000_003 + i * 2_654_435_761) >>> 0);
  const source = sourceForIndex(i, seed);
  const base = { id: `synthetic:${source}:${seed}:${i}`, source, origin: 'synthetic' as const, userKey: `synthetic-${i % 997}`, createdAt: '2025-01-01T00:00:00.000Z' };

  if (source === 'feedback_ratings') {
    const count = randomInt(rand, 5, 20);
    // A student's style: careful, quick, or clicking through (which real sessions show too).
    const style = rand();
    const results = Array.from({ length: count }, () => {
      const q = pick(rand, deps.bank);
      const guessed = style < 0.1 || (style < 0.3 && rand() < 0.3);
      const blank = rand() < 0.04;
      const seconds = guessed ? randomInt(rand, 1, 9) : randomInt(rand, 20, style > 0.85 ? 160 : 110);
      return { skill: q.skill, answer: blank ? '' : 'x', isCorrect: !blank && rand() < (guessed ? 0.25 : 0.35 + rand() * 0.55), timeSpentMs: seconds * 1000 + randomInt(rand, 0, 999) };
    });
    const { performance, skills } = summarizeResults(results);
    const overall = skills.map((s) => {
      const extra = rand() < 0.3 ? 0 : randomInt(rand, 0, 30);
      const correct = s.correct + Math.round(extra * rand());
      return { skill: s.skill, correct, total: s.total + extra, mastery: masteryOf(correct, s.total + extra) };
    });
    const previousAccuracy = rand() < 0.6 ? Math.round(rand() * 100) / 100 : null;
    const context = buildFeedbackContext({ answers: results, overall, previousAccuracy });
    const fb = await deps.tutor.sessionFeedback({
      context, performance, sessionSkills: skills, overallSkills: overall, previousAccuracy,
      averageTimeMs: results.reduce((n, r) => n + r.timeSpentMs, 0) / results.length,
    });
    return { ...base, input: renderPerformance(performanceView(performance), renderFeedbackContext(context)), output: fb.text, modelId: fb.modelId, promptVersion: fb.promptVersion, rating: null };
  }

  if (source === 'help_requests') {
    const q = pick(rand, deps.bank);
    const wrong = q.choices.filter((c) => c.label !== q.answer);
    const studentAnswer = q.format === 'mcq' ? (rand() < 0.6 && wrong.length ? pick(rand, wrong).label : rand() < 0.5 ? q.answer : null) : rand() < 0.5 ? String(randomInt(rand, -5, 40)) : null;
    // An output the tutor marks unanswerable is a refusal, not a training target (real exports
    // leave those out in SQL): draw another query, deterministically, until one is answered.
    let query = helpQuery(rand, q.answer, studentAnswer);
    let answer = await deps.tutor.explain({ question: q, studentAnswer, query });
    for (let tries = 0; answer.unanswerable && tries < 8; tries++) {
      query = helpQuery(rand, q.answer, studentAnswer);
      answer = await deps.tutor.explain({ question: q, studentAnswer, query });
    }
    if (answer.unanswerable) answer = await deps.tutor.explain({ question: q, studentAnswer, query: (query = 'Can you explain this one?') });
    return {
      ...base,
      input: renderHelp({ skill: q.skill, passage: q.passage ?? null, stem: q.stem, choices: q.choices, correctAnswer: q.answer, studentAnswer, figure: q.figure ?? null }, query),
      output: answer.text, modelId: answer.modelId, promptVersion: answer.promptVersion, helpful: null, pairKey: `help:${q.id}`, skill: q.skill,
    };
  }

  if (source === 'study_plan_actions') {
    const stats: SkillStat[] = SKILLS.filter(() => rand() < 0.4).map((s) => {
      const total = randomInt(rand, 1, 25);
      const correct = randomInt(rand, 0, total);
      return { skill: s.skill, correct, total, mastery: masteryOf(correct, total) };
    });
    const tasks = deps.buildPlan(stats);
    const taskIndex = randomInt(rand, 0, Math.min(3, tasks.length - 1));
    const task = tasks[taskIndex]!;
    const action = rand() < 0.7 ? 'completed' : 'skipped';
    // Answers since the task was set: real students mark tasks done without the questions, do
    // fewer or more than asked, and practise a skill they then skip.
    const practised = action === 'completed' ? (rand() < 0.15 ? 0 : randomInt(rand, Math.max(1, task.count - 4), task.count + 3)) : rand() < 0.2 ? randomInt(rand, 1, 6) : 0;
    const gained = Math.round(practised * (0.3 + rand() * 0.7));
    const reason = action === 'skipped' ? skipReason(rand) : null;
    const after = { skill: task.skill, correct: task.baseline.correct + gained, total: task.baseline.total + practised, mastery: masteryOf(task.baseline.correct + gained, task.baseline.total + practised) };
    const statsAfter = [...stats.filter((s) => s.skill !== task.skill), after];
    const { changes } = deps.adjustPlan({ tasks, taskIndex, action, stats: statsAfter, previousSkips: action === 'skipped' && rand() < 0.3 ? 1 : 0 });
    const before = { skill: task.skill, ...task.baseline, mastery: masteryOf(task.baseline.correct, task.baseline.total) };
    const text = await deps.tutor.planAdjustment({ task, action, reason, before, after, changes });
    return { ...base, input: renderPlanAction(task, action, reason, before, after, { changes, explanation: text.text }), output: text.text, modelId: text.modelId, promptVersion: text.promptVersion, skill: task.skill };
  }

  const withQuestion = rand() < 0.5;
  const q = pick(rand, deps.bank);
  const skill = withQuestion ? q.skill : pick(rand, SKILLS).skill;
  let note = studentNote(rand, skillInfo(skill).name.toLowerCase());
  let reply = await deps.tutor.reply({ kind: 'note', text: note, question: withQuestion ? q : null, skill });
  for (let tries = 0; reply.unanswerable && tries < 8; tries++) {
    note = studentNote(rand, skillInfo(skill).name.toLowerCase());
    reply = await deps.tutor.reply({ kind: 'note', text: note, question: withQuestion ? q : null, skill });
  }
  if (reply.unanswerable) reply = await deps.tutor.reply({ kind: 'note', text: (note = `I don't get ${skillInfo(skill).name.toLowerCase()} questions.`), question: withQuestion ? q : null, skill });
  return {
    ...base,
    input: renderNote(note, withQuestion ? { skill: q.skill, passage: q.passage ?? null, stem: q.stem, choices: q.choices, correctAnswer: q.answer, studentAnswer: null, figure: q.figure ?? null } : null),
    output: reply.text, modelId: reply.modelId, promptVersion: reply.promptVersion, skill,
  };
}
