import type { ExplainRequest, PlanAdjustmentRequest, ReplyRequest, SessionFeedbackRequest, Tutor, TutorText } from '@satprep/domain';
import { SESSION_FEEDBACK_PROMPT_VERSION, sessionFeedback } from './feedback.ts';
import { HELP_PROMPT_VERSIONS, explain } from './help.ts';
import { PLAN_ADJUSTMENT_PROMPT_VERSION, planAdjustment } from './plan.ts';
import { REPLY_PROMPT_VERSION, reply } from './reply.ts';
import { OFFLINE_MODEL_ID, type OfflineText } from './shared.ts';

export { OFFLINE_MODEL_ID, detectSkill } from './shared.ts';

/** The prompt version each text kind is written with now; stored rows keep the version they were written with. */
export const PROMPT_VERSIONS = {
  sessionFeedback: SESSION_FEEDBACK_PROMPT_VERSION,
  explain: HELP_PROMPT_VERSIONS.explain,
  hint: HELP_PROMPT_VERSIONS.hint,
  planAdjustment: PLAN_ADJUSTMENT_PROMPT_VERSION,
  reply: REPLY_PROMPT_VERSION,
} as const;

/**
 * The deterministic tutor: writes specific text from the item's rationale, the student's
 * answer and per-skill statistics. No network, same input → same output. One file per text kind.
 */
export class OfflineTutor implements Tutor {
  readonly modelId = OFFLINE_MODEL_ID;

  private out(t: OfflineText): Promise<TutorText> {
    return Promise.resolve({ ...t, modelId: this.modelId });
  }

  sessionFeedback(req: SessionFeedbackRequest): Promise<TutorText> {
    return this.out(sessionFeedback(req));
  }

  explain(req: ExplainRequest): Promise<TutorText> {
    return this.out(explain(req));
  }

  planAdjustment(req: PlanAdjustmentRequest): Promise<TutorText> {
    return this.out(planAdjustment(req));
  }

  reply(req: ReplyRequest): Promise<TutorText> {
    return this.out(reply(req));
  }
}
