import { AppError, notFound, type PlanTask, type StudyPlanActInput, type Tutor } from '@satprep/domain';
import { StudyPlan, StudyPlanAction } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { oncePerClientEvent } from './idempotency.ts';
import { skillStats } from './practice.ts';
import { adjustPlan, buildPlan, PLAN_DAYS } from '@satprep/domain/plan';

type PlanRow = import('@satprep/domain/entities').StudyPlanRow;

export function planView(plan: PlanRow) {
  const days = new Map<number, { index: number; task: PlanTask }[]>();
  plan.tasks.forEach((task, index) => days.set(task.day, [...(days.get(task.day) ?? []), { index, task }]));
  return {
    planId: plan.id,
    version: plan.version,
    updatedAt: plan.updatedAt,
    tasks: plan.tasks,
    days: [...days].sort(([a], [b]) => a - b).map(([day, tasks]) => ({ day, tasks })),
    nextTask: plan.tasks.map((task, index) => ({ index, task })).find((t) => t.task.status === 'pending') ?? null,
  };
}

/** The student's plan, built from proficiency on first call. */
export async function getOrCreatePlan(em: Em, userId: number) {
  const existing = await em.findOne(StudyPlan, { user: userId });
  if (existing) return planView(existing);
  const tasks = buildPlan(await skillStats(em, userId));
  await em.execute(
    'insert into study_plans (user_id, tasks, version, created_at, updated_at) values (?, ?, 1, now(), now()) on conflict (user_id) do nothing',
    [userId, JSON.stringify(tasks)],
  );
  return planView(await em.fork().findOneOrFail(StudyPlan, { user: userId }));
}

async function actionResult(em: Em, actionId: number) {
  const action = await em.findOneOrFail(StudyPlanAction, { id: actionId });
  const plan = await em.findOneOrFail(StudyPlan, { id: action.plan });
  return { actionId: action.id, performanceUpdate: action.performanceUpdate, adjustment: action.adjustment, plan: planView(plan) };
}

/** Another action changed the plan between reading it and writing the adjustment. */
class PlanChanged extends Error {}

/**
 * Records "Mark as completed" / "Skip", lets the engine adjust the plan, and logs what it really changed.
 * The adjustment and the tutor's explanation are worked out before the transaction (no row lock is held
 * while a remote model answers); the write then checks the plan's version and starts over if another
 * action got there first.
 */
export async function actOnPlan(em: Em, tutor: Tutor, userId: number, input: StudyPlanActInput) {
  const prepare = async () => {
    const plan = await em.fork().findOne(StudyPlan, { id: input.planId, user: userId });
    if (!plan) throw notFound('Study plan');
    const task = plan.tasks[input.taskIndex];
    if (!task) throw new AppError('NOT_FOUND', `Task ${input.taskIndex} does not exist in this plan (it has ${plan.tasks.length} tasks).`);
    if (task.status !== 'pending') throw new AppError('CONFLICT', `This task is already ${task.status}.`);

    const stats = await skillStats(em.fork(), userId);
    const now = stats.find((s) => s.skill === task.skill) ?? { skill: task.skill, correct: 0, total: 0, mastery: 0.5 };
    const before = { skill: task.skill, correct: task.baseline.correct, total: task.baseline.total, mastery: (task.baseline.correct + 1) / (task.baseline.total + 2) };
    const previousSkips: { n: number }[] = await em.fork().execute(
      `select count(*)::int as n from study_plan_actions where plan_id = ? and action = 'skipped' and task->>'skill' = ?`,
      [plan.id, task.skill],
    );
    const { tasks, changes } = adjustPlan({ tasks: plan.tasks, taskIndex: input.taskIndex, action: input.action, stats, previousSkips: previousSkips[0]?.n ?? 0 });
    const explanation = await tutor.planAdjustment({ task, action: input.action, reason: input.reason ?? null, before, after: now, changes });
    return { version: plan.version, task, tasks, changes, before, now, explanation };
  };

  const write = async (tx: Em, p: Awaited<ReturnType<typeof prepare>>) => {
    const locked: { version: number }[] = await tx.execute('select version from study_plans where id = ? and user_id = ? for update', [input.planId, userId]);
    if (locked.length === 0) throw notFound('Study plan');
    if (locked[0]!.version !== p.version) throw new PlanChanged();
    const plan = await tx.findOneOrFail(StudyPlan, { id: input.planId }, { refresh: true });
    plan.tasks = p.tasks;
    plan.version += 1;
    const action = tx.create(StudyPlanAction, {
      user: userId,
      plan: plan.id,
      taskIndex: input.taskIndex,
      task: p.task,
      action: input.action,
      reason: input.reason ?? null,
      performanceBefore: p.before,
      performanceUpdate: p.now,
      adjustment: { changes: p.changes, explanation: p.explanation.text },
      modelId: p.explanation.modelId,
      promptVersion: p.explanation.promptVersion,
    });
    await tx.flush();
    return { targetId: action.id, result: { actionId: action.id, performanceUpdate: p.now, adjustment: action.adjustment, plan: planView(plan) } };
  };

  for (let attempt = 1; ; attempt++) {
    try {
      return await oncePerClientEvent(em, userId, input.clientEventId, 'study-plan-action', write, actionResult, prepare);
    } catch (err) {
      if (!(err instanceof PlanChanged)) throw err;
      if (attempt === 3) throw new AppError('CONFLICT', 'Your study plan changed while we were updating it. Please try again.');
    }
  }
}

export { PLAN_DAYS };
