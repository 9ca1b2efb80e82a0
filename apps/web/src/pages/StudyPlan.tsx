import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { StudyPlanActInput, type PlanChange, type PlanTask } from '@satprep/domain';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { practiseHref } from '../components/TaskSummary.tsx';
import { ErrorNote, Field, Loading, PageHeader } from '../components/ui.tsx';
import { plural, skillName } from '../lib/format.ts';
import { newEventId, validate } from '../lib/forms.ts';
import { deliveredOf, isRetryable, pendingOf, queueOnFailure, useOutbox } from '../lib/outbox.ts';
import { useTitle } from '../lib/useTitle.ts';
import { errorMessage, useTRPC, type RouterOutputs } from '../trpc.ts';

type ActResult = RouterOutputs['studyPlan']['act'];

const STATUS_LABEL: Record<PlanTask['status'], string> = { pending: 'To do', completed: 'Completed', skipped: 'Skipped', removed: 'Removed' };

export default function StudyPlan() {
  useTitle('Study plan');
  const trpc = useTRPC();
  const plan = useQuery(trpc.studyPlan.get.queryOptions());
  const outbox = useOutbox();
  // "How your plan changed" follows the latest action: one answered at once, or one the outbox
  // delivered (it was made offline) while this page is open.
  const [openedAt] = useState(() => Date.now());
  const [answered, setAnswered] = useState<{ result: ActResult; at: number } | null>(null);
  const [dismissedAt, setDismissedAt] = useState(0);
  const delivered = deliveredOf(outbox, 'studyPlan.act').at(-1);
  const late = delivered && delivered.at >= openedAt ? delivered : null;
  const latest = late && (!answered || late.at > answered.at) ? late : answered;
  const lastResult = latest && latest.at > dismissedAt ? latest.result : null;
  // The plan as the last delivered action left it, until the refetch that follows each delivery lands.
  const data = delivered && delivered.at > plan.dataUpdatedAt ? delivered.result.plan : plan.data;

  return (
    <div className="page">
      <PageHeader title="Your study plan">
        <p className="lead">Tasks are picked from the skills where practice will help most. Mark each as completed or skip it, and the plan adjusts.</p>
      </PageHeader>
      {lastResult && <AdjustmentCard result={lastResult} onDismiss={() => setDismissedAt(Date.now())} />}
      {!data && plan.isPending && <Loading label="Loading your study plan…" />}
      {!data && plan.isError && <ErrorNote error={plan.error} onRetry={() => void plan.refetch()} />}
      {data && (
        <ol className="plan-days">
          {data.days.map(({ day, tasks }) => (
            <li key={day} className="plan-day">
              <h2>Day {day}</h2>
              <ul className="plan-tasks">
                {tasks.map(({ index, task }) => (
                  <TaskCard
                    key={`${index}-${task.skill}-${task.status}`}
                    planId={data.planId}
                    index={index}
                    task={task}
                    onActed={(result) => setAnswered({ result, at: Date.now() })}
                  />
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function TaskCard({ planId, index, task, onActed }: { planId: number; index: number; task: PlanTask; onActed: (r: ActResult) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outbox = useOutbox();
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const act = useMutation(
    trpc.studyPlan.act.mutationOptions({
      onError: queueOnFailure('studyPlan.act'),
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.studyPlan.get.queryKey(), result.plan);
        void queryClient.invalidateQueries({ queryKey: trpc.me.progress.queryKey() });
        onActed(result);
      },
    }),
  );

  const send = (action: 'completed' | 'skipped') => {
    const clientEventId = newEventId();
    const checked = validate(StudyPlanActInput, { planId, taskIndex: index, action, clientEventId, ...(action === 'skipped' && reason.trim() ? { reason } : {}) });
    if (!checked.ok) return setReasonError(checked.errors.reason ?? Object.values(checked.errors)[0]);
    setReasonError(undefined);
    act.mutate(checked.data);
  };
  const skip = (e: FormEvent) => {
    e.preventDefault();
    send('skipped');
  };

  // Waiting in the outbox, also after a reload or a visit to another page.
  const queued = pendingOf(outbox, 'studyPlan.act').some((e) => e.input.planId === planId && e.input.taskIndex === index);
  const pending = task.status === 'pending' && !queued;

  return (
    <li className={`task task-${task.status}`}>
      <div className="task-main">
        <div className="task-text">
          <p className="task-skill">{skillName(task.skill)}</p>
          <p className="task-goal">
            {plural(task.count, 'question')} · {task.goal}
          </p>
          <p className="task-origin">Because {task.origin}</p>
        </div>
        <span className={`status status-${task.status}`}>{queued ? 'Waiting to send' : STATUS_LABEL[task.status]}</span>
      </div>
      {pending && (
        <div className="task-actions">
          <Link href={practiseHref(task)} className="btn btn-primary btn-small">
            Practise this
          </Link>
          <button type="button" className="btn btn-secondary btn-small" disabled={act.isPending} onClick={() => send('completed')}>
            {act.isPending && act.variables?.action === 'completed' ? 'Saving…' : 'Mark as completed'}
          </button>
          <button type="button" className="btn btn-ghost btn-small" aria-expanded={skipping} onClick={() => setSkipping((s) => !s)}>
            Skip
          </button>
        </div>
      )}
      {pending && skipping && (
        <form className="skip-form" onSubmit={skip}>
          <Field label="Why are you skipping it? (optional)" hint="For example: I already know this, or I ran out of time." error={reasonError}>
            {(p) => <input {...p} type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-secondary btn-small" disabled={act.isPending}>
            {act.isPending ? 'Saving…' : 'Skip this task'}
          </button>
        </form>
      )}
      <div role="status" aria-live="polite">
        {queued && <p className="notice notice-wait">You are offline. This is saved on this device and the plan will update once you are back online.</p>}
      </div>
      {act.isError && !isRetryable(act.error) && (
        <p className="notice notice-error" role="alert">
          {errorMessage(act.error)}
        </p>
      )}
    </li>
  );
}

function describeChange(c: PlanChange): string {
  const before = c.before;
  const after = c.after;
  const name = skillName((after ?? before)?.skill);
  switch (c.kind) {
    case 'added':
      return `Added ${name}${after ? ` on day ${after.day} (${plural(after.count, 'question')})` : ''}.`;
    case 'removed':
      return `Removed ${name}${before ? ` from day ${before.day}` : ''}.`;
    case 'rescheduled':
      return `Moved ${name}${before && after ? ` from day ${before.day} to day ${after.day}` : ''}.`;
    case 'swapped':
      return `Swapped ${skillName(before?.skill)} for ${skillName(after?.skill)}${after ? ` on day ${after.day}` : ''}.`;
    case 'resized':
      return `Changed ${name}${before && after ? ` from ${before.count} to ${plural(after.count, 'question')}` : ''}.`;
  }
}

function AdjustmentCard({ result, onDismiss }: { result: ActResult; onDismiss: () => void }) {
  const { explanation, changes } = result.adjustment;
  return (
    <section className="card adjustment" aria-labelledby="adjustment-heading" role="status">
      <div className="adjustment-head">
        <h2 id="adjustment-heading">How your plan changed</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <p>{explanation}</p>
      {changes.length > 0 ? (
        <ul className="change-list">
          {changes.map((c, i) => (
            <li key={i}>
              <span className={`change-kind change-${c.kind}`}>{c.kind}</span> {describeChange(c)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No other tasks needed to change.</p>
      )}
    </section>
  );
}
