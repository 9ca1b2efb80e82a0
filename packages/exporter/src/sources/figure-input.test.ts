import { describeFigure } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import { describe, expect, it } from 'vitest';
import { itemFacts } from '../audit/checks.ts';
import { SOURCE_DEFS, type SourceRow } from './index.ts';
import { renderHelp, renderNote } from './render.ts';

// A model trained on an output that refers to "the graph shown" learns to invent graphs unless the
// input states what the graph shows: every input about a figure item carries its "Figure: …" line.
describe('inputs of items with a figure', () => {
  const items = buildQuestionBank().filter((q) => q.figure);
  const snapshot = (q: (typeof items)[number], studentAnswer: string | null) => ({
    skill: q.skill, passage: q.passage ?? null, stem: q.stem, choices: q.choices, correctAnswer: q.answer, studentAnswer, figure: q.figure ?? null,
  });

  it('the help and note inputs state the figure right after the question, and the audit still reads the item', () => {
    expect(items.length).toBeGreaterThan(20);
    for (const q of items) {
      const line = describeFigure(q.figure!);
      const help = renderHelp(snapshot(q, null), 'How do I read the graph?');
      expect(help, q.id).toContain(`Question: ${q.stem}\n${line}\n`);
      expect(renderNote('I misread the figure.', snapshot(q, null)), q.id).toContain(line);
      const facts = itemFacts(help)!;
      expect(facts.key, q.id).toBe(q.answer);
      expect(facts.choices.size, q.id).toBe(q.choices.length);
      expect(facts.question, q.id).toContain(line);
    }
  });

  it('items without a figure (and snapshots taken before figures) render as before', () => {
    const q = buildQuestionBank().find((x) => !x.figure)!;
    const { figure: _f, ...old } = snapshot(q, 'A');
    expect(renderHelp(old, 'why?')).not.toContain('Figure:');
    expect(renderHelp({ ...old, figure: null }, 'why?')).toBe(renderHelp(old, 'why?'));
  });

  it('a stored help snapshot with a figure exports it in the input', () => {
    const q = items[0]!;
    const row = { id: 1, user_id: 1, display_name: 'S', email: 's@example.com', created_at: new Date(), user_query: 'why?', ai_response: 'Because.', helpful: true, model_id: 'm', prompt_version: 'v',
      question_snapshot: { id: q.id, ...snapshot(q, 'B') } } as unknown as SourceRow;
    expect(SOURCE_DEFS.help_requests.toExample(row)!.input).toContain(describeFigure(q.figure!));
  });
});
