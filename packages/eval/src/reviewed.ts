/**
 * Evaluation cases from real, consented examples a reviewer approved or corrected, of the share
 * every export holds out (HELD_OUT_REVIEWED in @satprep/exporter). Each case asks the tutor the
 * request the stored row was answered from (the item and query of a help request, the note, the
 * plan change, the session's stats and context) and checks the answer against the input as an
 * export renders it. What the student wrote goes through the export's redaction first (names,
 * contacts), both in the input and in the request sent to the evaluated endpoint, which may not be
 * ours. Community answers are left out (their drafts come from the question alone,
 * which the generated community cases cover).
 */
import { isCorrectAnswer, type FeedbackContext, type PerformanceStats, type PlanAdjustment, type PlanTask, type Question, type SkillStat } from '@satprep/domain';
import type { QuestionSnapshot } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { emptyCounts, HELD_OUT_REVIEWED, redact, SOURCE_DEFS, type SourceRow } from '@satprep/exporter';
import type { EvalCase } from './set.ts';

type ReviewedSource = 'feedback_ratings' | 'help_requests' | 'study_plan_actions' | 'user_notes';
const KINDS = { feedback_ratings: 'feedback', help_requests: 'explain', study_plan_actions: 'plan', user_notes: 'note' } as const;

/** Held-out reviewed examples of consenting students, oldest review first, at most `limit`. */
export async function reviewedCases(em: Em, bank: readonly Question[], opts: { limit?: number } = {}): Promise<EvalCase[]> {
  const byId = new Map(bank.map((q) => [q.id, q]));
  const items = await em.execute<{ id: number; source_table: ReviewedSource; source_id: number }[]>(
    `select ri.id, ri.source_table, ri.source_id from review_items ri join users u on u.id = ri.student_id
      where u.training_consent and ${HELD_OUT_REVIEWED} and ri.source_table in ('feedback_ratings', 'help_requests', 'study_plan_actions', 'user_notes')
      order by ri.id limit ?`,
    [opts.limit ?? 200],
  );
  const cases: EvalCase[] = [];
  for (const item of items) {
    const def = SOURCE_DEFS[item.source_table];
    const [row] = await em.execute<SourceRow[]>(`${def.select} where t.id = ?`, [item.source_id]);
    const ex = row && def.toExample(row);
    if (!row || !ex) continue;
    const identities = [{ names: [String(row.display_name)], emails: [String(row.email)] }, ...(def.identities?.(row) ?? [])];
    const clean = (text: string) => redact(text, identities, emptyCounts());
    const input = def.inputWithoutFreeText ? ex.input : clean(ex.input);
    const base = { id: `reviewed:${item.source_table}:${item.id}`, source: item.source_table, skill: ex.skill ?? null, inBank: false } as const;
    const done = (t: { text: string; modelId: string; promptVersion: string }) => ({ input, output: t.text, promptVersion: t.promptVersion, modelId: t.modelId });

    if (item.source_table === 'help_requests') {
      const snap = row.question_snapshot as QuestionSnapshot;
      const q = byId.get(snap.id);
      if (!q) continue;
      const hintOnly = String(row.prompt_version ?? '').includes('hint');
      cases.push({
        ...base, kind: hintOnly ? 'hint' : 'explain', skill: q.skill, key: q.answer,
        ...(q.format === 'spr' ? { verify: (answer: string) => isCorrectAnswer(q, answer) } : {}),
        run: async (tutor) => done(await tutor.explain({ question: q, studentAnswer: snap.studentAnswer, query: clean(String(row.user_query)), ...(hintOnly ? { hintOnly: true } : {}) })),
      });
    } else if (item.source_table === 'user_notes') {
      const [n] = await em.execute<{ question_id: string | null }[]>('select question_id from user_notes where id = ?', [item.source_id]);
      const q = n?.question_id ? (byId.get(n.question_id) ?? null) : null;
      cases.push({ ...base, kind: KINDS.user_notes, run: async (tutor) => done(await tutor.reply({ kind: 'note', text: clean(String(row.note_text)), question: q })) });
    } else if (item.source_table === 'study_plan_actions') {
      const adjustment = row.adjustment as PlanAdjustment;
      cases.push({
        ...base, kind: KINDS.study_plan_actions,
        run: async (tutor) =>
          done(await tutor.planAdjustment({ task: row.task as PlanTask, action: row.action as 'completed' | 'skipped', reason: row.reason ? clean(String(row.reason)) : null, before: row.performance_before as SkillStat, after: row.performance_update as SkillStat, changes: adjustment.changes })),
      });
    } else {
      // Feedback is written from the session's tallies and its stored context (what both tutors read).
      const [fb] = await em.execute<{ context: FeedbackContext | null; performance_data: PerformanceStats }[]>(
        'select sf.context, sf.performance_data from feedback_ratings fr join session_feedback sf on sf.id = fr.feedback_id where fr.id = ?',
        [item.source_id],
      );
      if (!fb?.context) continue;
      const context = fb.context;
      cases.push({
        ...base, kind: KINDS.feedback_ratings,
        run: async (tutor) => done(await tutor.sessionFeedback({ context, performance: fb.performance_data, sessionSkills: [], overallSkills: [], previousAccuracy: null, averageTimeMs: 0 })),
      });
    }
  }
  return cases;
}
