import type { Choice, Figure, PlanAdjustment, PlanTask, SkillStat } from '@satprep/domain';
import type { QuestionSnapshot } from '@satprep/domain/entities';
import type { Example, Identity, SourceName } from '../types.ts';
import { performanceView } from './performance.ts';
import { renderCommunity, renderHelp, renderNote, renderPerformance, renderPlanAction } from './render.ts';

/** A row as the source query returns it: the example fields plus who it came from. */
export interface SourceRow {
  id: number;
  user_id: number;
  display_name: string;
  email: string;
  created_at: Date | string;
  [column: string]: unknown;
}

export interface SourceDef {
  name: SourceName;
  /** `select ... from <table> t join users u ...`; rows must expose id, user_id, display_name, email, created_at. */
  select: string;
  /** Conditions always applied (consent is added by the pipeline). */
  where: string[];
  /** Column the time window applies to. */
  timeColumn: string;
  /** Column of the student the example is about (experiment arms filter on it). */
  userColumn: string;
  /** Extra identities to redact (e.g. a community answer's author). */
  identities?: (row: SourceRow) => Identity[];
  /**
   * The question-bank text the example quotes (passage, stem, choices): names in it are the
   * passage's, and the student's name needles that it holds are not redacted (see `namesNotIn`).
   */
  publishedText?: (row: SourceRow) => string | undefined;
  /**
   * The input is rendered only from numbers and taxonomy names the server computed (no text a person
   * wrote, no name or contact): the export does not run the redactor over it. Outputs are redacted
   * always. A source sets this only when every stored value its input renders is of that kind (the
   * feedback source: see the test "the feedback input holds no free text").
   */
  inputWithoutFreeText?: true;
  toExample(row: SourceRow): Omit<Example, 'userKey' | 'origin' | 'id' | 'source' | 'createdAt'> | null;
}

/** ISO time in UTC with milliseconds; COPY rows already carry it in that form (see copyRows). */
const iso = (d: Date | string) =>
  typeof d === 'string' && d.length === 24 && d[10] === 'T' && d[23] === 'Z' ? d : (d instanceof Date ? d : new Date(d)).toISOString();
export const createdAtOf = iso;

const CONSENTED = 'u.training_consent = true';

/**
 * Outputs the tutor marked unanswerable (stored as `<version>+unanswerable`, see storedPromptVersion
 * in @satprep/tutor) are a refusal, not a training target: every source leaves them out in SQL,
 * so the COPY and the PGlite paths agree. Not counted in the manifest (they never reach the pipeline).
 */
const answered = (column: string) => `coalesce(${column}, '') not like '%+unanswerable'`;

/**
 * Reviewed outputs held out to evaluate models (`satprep eval`, @satprep/eval): one in ten review
 * items a reviewer approved or corrected, chosen by the item's id, marked `held_out_at` at that
 * decision (by a trigger, Migration0015HeldOutReviews) and never unmarked, so a later dispute or
 * rollback does not return them to training. No export holds them once marked (an export made
 * before the decision may).
 */
export const EVAL_HOLDOUT_EVERY = 10;
/** SQL over review_items `ri`: the item is held out for evaluation. */
export const HELD_OUT_REVIEWED = 'ri.held_out_at is not null';
/**
 * The row's output is not held out. An anti-join rather than a test of the left-joined `ri`: the
 * planner estimates "a nullable column of a left join is null" at 0.5% of rows and then walks the
 * users by index once a row (the 1M-row export fell from 52% to 16% of COPY).
 */
const notHeldOut = (source: string, idColumn: string) =>
  `not exists (select 1 from review_items h where h.source_table = '${source}' and h.source_id = ${idColumn} and h.held_out_at is not null)`;

/** The human review of the row's AI output, if any (see apps/api/src/services/review.ts). */
const reviewJoin = (source: string, idColumn: string) => `left join review_items ri on ri.source_table = '${source}' and ri.source_id = ${idColumn}`;
const REVIEW_COLUMNS = 'ri.status as review_status, ri.final_text as review_final_text';

export type ReviewStatus = 'pending' | 'approved' | 'corrected' | 'rejected' | 'disputed';

/** The review status of a source row (null when the output never entered the review queue). */
export function reviewOf(row: SourceRow): { status: ReviewStatus; finalText: string | null } | null {
  return row.review_status ? { status: row.review_status as ReviewStatus, finalText: (row.review_final_text as string | null) ?? null } : null;
}

/** An item's own words, as the question bank published them. */
function bankText(q: { passage?: string | null; stem: string; choices: readonly Choice[] }): string {
  return [q.passage ?? '', q.stem, ...q.choices.map((c) => c.text)].join('\n');
}

export const SOURCE_DEFS: Record<SourceName, SourceDef> = {
  feedback_ratings: {
    name: 'feedback_ratings',
    // The stats as text: performanceView reads the usual shape faster than JSON.parse.
    select: `select t.id, t.user_id, u.display_name, u.email, t.created_at, ${REVIEW_COLUMNS}, t.feedback_text, t.rating, t.performance_data::text as performance_data,
                    t.context_text, t.model_id, t.prompt_version
               from feedback_ratings t join users u on u.id = t.user_id ${reviewJoin('feedback_ratings', 't.id')}`,
    where: [CONSENTED, answered('t.prompt_version'), notHeldOut('feedback_ratings', 't.id')],
    timeColumn: 't.created_at',
    userColumn: 't.user_id',
    // Tallies by section and domain, and the context renderFeedbackContext wrote from FeedbackContext (numbers, skill ids).
    inputWithoutFreeText: true,
    toExample: (r) => {
      const perf = performanceView(r.performance_data);
      // The weakest domain (the first of the lowest accuracy) and the overall accuracy band, for DPO pairs.
      let weakest: string | undefined;
      let weakestRatio = 0;
      let correct = 0;
      let total = 0;
      for (const t of perf.tallies) {
        correct += t.correct;
        total += t.total;
        if (weakest === undefined || t.correct / t.total < weakestRatio) {
          weakest = t.domain;
          weakestRatio = t.correct / t.total;
        }
      }
      const band = total ? Math.floor((correct / total) * 5) : 0;
      return {
        input: renderPerformance(perf, (r.context_text as string | null) ?? null),
        output: String(r.feedback_text),
        modelId: r.model_id as string,
        promptVersion: r.prompt_version as string,
        rating: Number(r.rating),
        pairKey: `feedback:${weakest ?? 'none'}:${band}`,
      };
    },
  },
  help_requests: {
    name: 'help_requests',
    select: `select t.id, t.user_id, u.display_name, u.email, t.created_at, ${REVIEW_COLUMNS}, t.user_query, t.ai_response, t.question_snapshot, t.helpful, t.model_id, t.prompt_version
               from help_requests t join users u on u.id = t.user_id ${reviewJoin('help_requests', 't.id')}`,
    where: [CONSENTED, answered('t.prompt_version'), notHeldOut('help_requests', 't.id')],
    timeColumn: 't.created_at',
    userColumn: 't.user_id',
    publishedText: (r) => bankText(r.question_snapshot as QuestionSnapshot),
    toExample: (r) => {
      const q = r.question_snapshot as QuestionSnapshot;
      return {
        input: renderHelp({ ...q, choices: q.choices as Choice[] }, String(r.user_query)),
        output: String(r.ai_response),
        modelId: r.model_id as string,
        promptVersion: r.prompt_version as string,
        helpful: r.helpful as boolean | null,
        pairKey: `help:${q.id}`,
        skill: q.skill,
      };
    },
  },
  study_plan_actions: {
    name: 'study_plan_actions',
    select: `select t.id, t.user_id, u.display_name, u.email, t.created_at, ${REVIEW_COLUMNS}, t.task, t.action, t.reason, t.performance_before, t.performance_update, t.adjustment, t.model_id, t.prompt_version
               from study_plan_actions t join users u on u.id = t.user_id ${reviewJoin('study_plan_actions', 't.id')}`,
    where: [CONSENTED, answered('t.prompt_version'), notHeldOut('study_plan_actions', 't.id')],
    timeColumn: 't.created_at',
    userColumn: 't.user_id',
    toExample: (r) => {
      const task = r.task as PlanTask;
      const adjustment = r.adjustment as PlanAdjustment;
      return {
        input: renderPlanAction(task, String(r.action), (r.reason as string | null) ?? null, r.performance_before as SkillStat, r.performance_update as SkillStat, adjustment),
        output: adjustment.explanation,
        modelId: r.model_id as string,
        promptVersion: r.prompt_version as string,
        skill: task.skill,
      };
    },
  },
  user_notes: {
    name: 'user_notes',
    select: `select t.id, t.user_id, u.display_name, u.email, t.created_at, ${REVIEW_COLUMNS}, t.note_text, t.ai_response, t.model_id, t.prompt_version,
                    q.skill as q_skill, q.passage as q_passage, q.stem as q_stem, q.choices as q_choices, q.answer as q_answer, q.figure as q_figure
               from user_notes t join users u on u.id = t.user_id left join questions q on q.id = t.question_id ${reviewJoin('user_notes', 't.id')}`,
    where: [CONSENTED, 't.ai_response is not null', answered('t.prompt_version'), notHeldOut('user_notes', 't.id')],
    timeColumn: 't.created_at',
    userColumn: 't.user_id',
    publishedText: (r) => (r.q_stem ? bankText({ passage: r.q_passage as string | null, stem: r.q_stem as string, choices: r.q_choices as Choice[] }) : undefined),
    toExample: (r) => ({
      input: renderNote(
        String(r.note_text),
        r.q_stem ? { skill: r.q_skill as string, passage: (r.q_passage as string | null) ?? null, stem: r.q_stem as string, choices: r.q_choices as Choice[], correctAnswer: r.q_answer as string, studentAnswer: null, figure: (r.q_figure as Figure | null) ?? null } : null,
      ),
      output: String(r.ai_response),
      modelId: r.model_id as string,
      promptVersion: r.prompt_version as string,
      skill: (r.q_skill as string | null) ?? null,
    }),
  },
  community: {
    name: 'community',
    // The accepted answer, else the best answer with a score of at least 2; human answerers must have consented too.
    select: `select t.id, t.author_id as user_id, u.display_name, u.email, t.created_at, ${REVIEW_COLUMNS}, t.title, t.body, t.skill, a.id as answer_id,
                    a.body as answer_body, a.is_ai, a.model_id, a.prompt_version, a.score, au.display_name as answer_author_name, au.email as answer_author_email
               from community_questions t join users u on u.id = t.author_id
               join lateral (select * from community_answers a where a.question_id = t.id and (a.accepted or a.score >= 2)
                             order by a.accepted desc, a.score desc, a.id limit 1) a on true
               left join users au on au.id = a.author_id ${reviewJoin('community_answers', 'a.id')}`,
    where: [CONSENTED, '(a.is_ai or au.training_consent = true)', answered('a.prompt_version'), notHeldOut('community_answers', 'a.id')],
    timeColumn: 't.created_at',
    userColumn: 't.author_id',
    identities: (r) => (r.answer_author_name ? [{ names: [String(r.answer_author_name)], emails: [String(r.answer_author_email)] }] : []),
    toExample: (r) => ({
      input: renderCommunity(String(r.title), String(r.body), (r.skill as string | null) ?? null),
      output: String(r.answer_body),
      modelId: (r.model_id as string | null) ?? (r.is_ai ? null : 'human'),
      promptVersion: (r.prompt_version as string | null) ?? null,
      skill: (r.skill as string | null) ?? null,
    }),
  },
};
