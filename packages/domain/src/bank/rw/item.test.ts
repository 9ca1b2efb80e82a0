import { describe, expect, it } from 'vitest';
import { rw } from './item.ts';

describe('authored item builder', () => {
  it('rotates choices and carries each wrong choice\'s explanation to its new label', () => {
    for (const id of ['RW-T-1', 'RW-T-2', 'RW-T-3', 'RW-T-4', 'RW-T-5', 'RW-T-6']) {
      const q = rw(id, 'Craft and Structure', 'words-in-context', 1, 'p', 's', ['wrong1', 'right', 'trap', 'wrong2'], 'B',
        'The right choice is right because the text says so.', { A: 'why wrong1 fails', C: 'why trap fails', D: 'why wrong2 fails' });
      const text = (l: string) => q.choices.find((c) => c.label === l)!.text;
      expect(text(q.answer)).toBe('right');
      const byText = Object.fromEntries(Object.entries(q.choiceExplanations!).map(([l, why]) => [text(l), why]));
      expect(byText).toEqual({ wrong1: 'why wrong1 fails', trap: 'why trap fails', wrong2: 'why wrong2 fails' });
    }
  });

  it('refuses a rationale or an explanation that names a choice letter', () => {
    const make = (rationale: string, why = 'fails') =>
      rw('RW-T-1', 'Craft and Structure', 'words-in-context', 1, 'p', 's', ['w1', 'right', 'w2', 'w3'], 'B', rationale, { A: why });
    expect(() => make('The text supports it, so A is wrong.')).toThrow(/choice letter/);
    expect(() => make('Choice B is right because the text says so.')).toThrow(/choice letter/);
    expect(() => make('The text says so, which rules out choices C and D.')).toThrow(/choice letter/);
    expect(() => make('The text says so clearly.', 'Unlike (C), it fails.')).toThrow(/choice letter/);
    expect(() => make('A careful reading of the text supports it.')).not.toThrow();
  });
});
