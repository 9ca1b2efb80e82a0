import type { PerformanceStats, SkillStat } from './schemas/performance.ts';
import type { FeedbackContext } from './schemas/feedback-context.ts';
import type { PlanChange, PlanTask } from './schemas/study-plan.ts';
import type { Question } from './schemas/question.ts';

/** Text written by a tutor model, with the lineage every stored AI output carries. */
export interface TutorText {
  text: string;
  modelId: string;
  promptVersion: string;
  /**
   * The tutor could not answer (off-topic, unclear or empty input) and said so briefly:
   * stored with the output so an export can leave the example out.
   */
  unanswerable?: true;
}

export interface SessionFeedbackRequest {
  /** Not used by the offline tutor since session-feedback/v2: no output names the student. */
  studentName?: string;
  /** What the feedback may state: stored with it and rendered into its exported input. */
  context: FeedbackContext;
  /** This session, in the spec's nested shape. */
  performance: PerformanceStats;
  /** This session, per skill. */
  sessionSkills: SkillStat[];
  /** All-time proficiency per skill, after this session. */
  overallSkills: SkillStat[];
  /** Accuracy of the previous submitted session, when there is one. */
  previousAccuracy: number | null;
  averageTimeMs: number;
}

export interface ExplainRequest {
  question: Pick<Question, 'id' | 'skill' | 'format' | 'passage' | 'stem' | 'choices' | 'answer' | 'rationale'> &
    Partial<Pick<Question, 'acceptedAnswers' | 'choiceExplanations' | 'figure'>>;
  studentAnswer: string | null;
  query: string;
  /**
   * The question is part of a practice session the student has not submitted yet: guide them
   * (a hint, the first step) without giving away the correct answer.
   */
  hintOnly?: boolean;
}

export interface PlanAdjustmentRequest {
  task: PlanTask;
  action: 'completed' | 'skipped';
  reason: string | null;
  before: SkillStat;
  after: SkillStat;
  changes: PlanChange[];
}

export interface ReplyRequest {
  kind: 'note' | 'community';
  text: string;
  title?: string;
  question?: ExplainRequest['question'] | null;
  skill?: string | null;
}

/**
 * Where a tutor that writes as it goes (a remote model asked to stream) sends its text: each piece
 * as it arrives, and `reset` when what was sent so far is void (the stream broke and another tutor
 * answers from the start). The promise of the call still resolves with the whole text, which is
 * what gets stored; a tutor that cannot stream ignores the sink.
 */
export interface TextSink {
  delta(text: string): void;
  reset(): void;
}

/** The tutor engine: offline by default, an OpenAI-compatible model when configured. */
export interface Tutor {
  readonly modelId: string;
  sessionFeedback(req: SessionFeedbackRequest): Promise<TutorText>;
  explain(req: ExplainRequest, sink?: TextSink): Promise<TutorText>;
  planAdjustment(req: PlanAdjustmentRequest): Promise<TutorText>;
  reply(req: ReplyRequest, sink?: TextSink): Promise<TutorText>;
}
