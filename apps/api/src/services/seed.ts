import type { Question } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import type { Em } from '@satprep/domain/db';
import { QuestionRow } from '@satprep/domain/entities';

/** Loads the question bank; items already present are updated in place, so re-seeding is safe. */
export async function seedQuestionBank(em: Em, bank: Question[] = buildQuestionBank()): Promise<{ items: number }> {
  const rows = bank.map((q) => ({
    id: q.id, section: q.section, domain: q.domain, skill: q.skill, difficulty: q.difficulty, format: q.format, passage: q.passage ?? null,
    stem: q.stem, choices: q.choices, answer: q.answer, acceptedAnswers: q.acceptedAnswers, rationale: q.rationale, source: q.source,
    choiceExplanations: q.choiceExplanations ?? null, updatedAt: new Date(),
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await em.upsertMany(QuestionRow, rows.slice(i, i + 200), { onConflictFields: ['id'], onConflictAction: 'merge' });
  }
  return { items: rows.length };
}

export async function questionCount(em: Em): Promise<number> {
  return em.count(QuestionRow, {});
}
