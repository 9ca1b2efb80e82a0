import type { PlanTask } from '@satprep/domain';
import { Link } from 'wouter';
import { plural, skillName } from '../lib/format.ts';

export const practiseHref = (task: Pick<PlanTask, 'skill' | 'count'>) => `/practice?skill=${encodeURIComponent(task.skill)}&count=${task.count}&start=1`;

/** The next pending study-plan task, for the home screen. */
export function NextTaskCard({ task }: { task: PlanTask }) {
  return (
    <div className="next-task">
      <p className="eyebrow">Day {task.day} · {plural(task.count, 'question')}</p>
      <p className="next-task-skill">{skillName(task.skill)}</p>
      <p className="next-task-goal">{task.goal}</p>
      <div className="row">
        <Link href={practiseHref(task)} className="btn btn-primary">
          Practise this
        </Link>
        <Link href="/plan" className="btn btn-ghost">
          See the whole plan
        </Link>
      </div>
    </div>
  );
}
