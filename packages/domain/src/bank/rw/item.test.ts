import { describe, expect, it } from 'vitest';
import { rw } from './item.ts';

describe('authored item builder', () => {
  it('rotates choices so the key text and the rationale\'s choice letters stay consistent', () => {
    const rationale = 'Choice B is right. Choices A, C and D are wrong; choice C is a trap.';
    for (const id of ['RW-T-1', 'RW-T-2', 'RW-T-3', 'RW-T-4', 'RW-T-5', 'RW-T-6']) {
      const q = rw(id, 'Craft and Structure', 'words-in-context', 1, 'p', 's', ['wrong1', 'right', 'trap', 'wrong2'], 'B', rationale);
      const text = (l: string) => q.choices.find((c) => c.label === l)!.text;
      expect(text(q.answer)).toBe('right');
      const m = /^Choice ([A-D]) is right\. Choices ([A-D]), ([A-D]) and ([A-D]) are wrong; choice ([A-D]) is a trap\.$/.exec(q.rationale!)!;
      expect(m).not.toBeNull();
      expect(text(m[1]!)).toBe('right');
      expect([m[2], m[3], m[4]].map((l) => text(l!)).sort()).toEqual(['trap', 'wrong1', 'wrong2']);
      expect(text(m[5]!)).toBe('trap');
    }
  });
});
