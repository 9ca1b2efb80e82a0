import type { Question } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import type { Em } from '@satprep/domain/db';
import { QuestionRow } from '@satprep/domain/entities';

function rowOf(q: Question) {
  return {
    id: q.id, section: q.section, domain: q.domain, skill: q.skill, difficulty: q.difficulty, format: q.format, passage: q.passage ?? null,
    stem: q.stem, choices: q.choices, answer: q.answer, acceptedAnswers: q.acceptedAnswers, rationale: q.rationale, source: q.source,
    choiceExplanations: q.choiceExplanations ?? null, figure: q.figure ?? null,
  };
}
type BankRow = ReturnType<typeof rowOf>;

/** Loads the question bank; items already present are updated in place, so re-seeding is safe. */
export async function seedQuestionBank(em: Em, bank: Question[] = buildQuestionBank()): Promise<{ items: number }> {
  await upsertRows(em, bank.map(rowOf));
  return { items: bank.length };
}

async function upsertRows(em: Em, rows: BankRow[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < rows.length; i += 200) {
    await em.upsertMany(QuestionRow, rows.slice(i, i + 200).map((r) => ({ ...r, updatedAt: now })), { onConflictFields: ['id'], onConflictAction: 'merge' });
  }
}

/** JSON with object keys sorted, so a jsonb value read back (which reorders keys) compares equal to the one written. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/**
 * Brings the stored bank up to date with the code's bank: inserts the items it lacks and updates
 * the items whose content differs (new figures, corrected texts), leaving current rows untouched,
 * so running it on every start changes nothing once the bank is current. Items no longer in the
 * code's bank stay (past answers refer to them).
 */
export async function syncQuestionBank(em: Em, bank: Question[] = buildQuestionBank()): Promise<{ added: number; updated: number }> {
  const stored = new Map((await em.find(QuestionRow, {})).map((r) => [r.id, r]));
  const added: BankRow[] = [];
  const updated: BankRow[] = [];
  for (const q of bank) {
    const want = rowOf(q);
    const have = stored.get(q.id);
    if (!have) added.push(want);
    else {
      const current = Object.fromEntries(Object.keys(want).map((k) => [k, (have as unknown as Record<string, unknown>)[k] ?? null]));
      if (canonical(current) !== canonical(want)) updated.push(want);
    }
  }
  em.clear();
  await upsertRows(em, [...added, ...updated]);
  return { added: added.length, updated: updated.length };
}

export async function questionCount(em: Em): Promise<number> {
  return em.count(QuestionRow, {});
}
