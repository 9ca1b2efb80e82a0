import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { buildQuestionBank } from './index.ts';
it('dump', () => {
  const bank = buildQuestionBank();
  const lines: string[] = [];
  for (const q of bank) lines.push(`### ${q.id} [${q.answer}]\n${q.passage ?? ''}\n${q.stem}\n${q.choices.map((c) => c.label + ') ' + c.text).join('\n')}\nR: ${q.rationale}\nX: ${JSON.stringify(q.choiceExplanations ?? {})}`);
  writeFileSync('/tmp/bank.txt', lines.join('\n\n'));
});
