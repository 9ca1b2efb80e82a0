import { it } from 'vitest';
import { generateMathItems } from './index.ts';
it('generic', () => {
  const items = generateMathItems().map((g) => g.question).filter((q) => q.format === 'mcq');
  const per = new Map<string, [number, number, number]>();
  for (const q of items) {
    const gen = q.source.slice(10);
    const e = per.get(gen) ?? [0, 0, 0];
    for (const why of Object.values(q.choiceExplanations ?? {})) {
      if (why.includes('comes from a slip in setting up')) e[0]++;
      else if (why.includes('is close to the correct value')) e[1]++;
      else e[2]++;
    }
    per.set(gen, e);
  }
  let t = [0, 0, 0];
  for (const [g, e] of per) { console.log(g, e.join(' ')); t = t.map((x, i) => x + e[i]!); }
  console.log('TOTAL unexplained/near/specific', t.join(' '));
});
