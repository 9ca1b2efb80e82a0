// The audit's fast scans against the plain regex reference, on generated outputs built from the
// pieces the rules look for (numbers, tallies, times, verbs, skill names in every case and inside
// longer words, comparisons), glued with the characters that decide word boundaries.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '@satprep/domain/bank';
import { SKILLS } from '@satprep/domain/taxonomy';
import { performanceView } from '../sources/performance.ts';
import { renderPerformance } from '../sources/render.ts';
import { groundingViolation, groundingViolationReference, hardRuleBroken, hardRuleBrokenReference, type AuditExample } from './checks.ts';

const rng = seededRandom;

const names = SKILLS.map((s) => s.name);
const PIECES = [
  '3', '10', '07', '2.5', '12345', '80', '65', '41', '71', '95', '0', '1.', '.5', '%', ' %', 'of', ' of ', '/', ' out of ', 'seconds', 'second', 'secs', 'min', 'minutes', 'hours', 'hour',
  'answered', 'Answered', 'ANSWERED', 'completed', 'Completed', 'did', 'Did', 'got', 'Got', 'finished', 'Finished', 'solved', 'Solved', 'unsolved', 'forgot', 'candid', 'answeredx',
  '[NAME]', '[EMAIL', '{skill}', '{{ x }}', 'M-ADV-NLF-03', 'RW-II-C05', 'M-', 'W-', 'T-shirt',
  'a ', 'e.g. ', 'like ', 'SAT', 'last session', 'Last practice', 'previous attempt', 'earlier time', 'prior session', 'so far', 'over all your practice', 'Up 5 points', 'up 12 point', '3 points below', '7 point higher',
  'you answered', 'Algebra', 'Craft and Structure', 'Session', 'correctly', 'ratios', 'nonlinear functions', 'inear functions', 'Linear Functions', 'LINEAR FUNCTIONS', 'circle', 'Circles', 'inferences',
  ' ', ' ', ' ', '  ', '\n', '.', '. ', '; ', ',', '-', '_', '(', ')', ':', '"', '\t', '\u00a0', '\u2028', '\u3000', 'é', 'ü', 'ſ', '\u0130', '\u212a', 'x', 'Q', '9x', 'x9', '_3',
];

function output(r: () => number): string {
  let s = '';
  const parts = 1 + Math.floor(r() * 14);
  for (let i = 0; i < parts; i++) {
    const x = r();
    if (x < 0.12) {
      // A skill name as written in sentences, upper-case, or glued into a longer word.
      const n = names[Math.floor(r() * names.length)]!;
      const form = Math.floor(r() * 5);
      s += form === 0 ? n : form === 1 ? n.toLowerCase() : form === 2 ? n.toUpperCase() : form === 3 ? `non${n.toLowerCase()}` : n.slice(0, 1 + Math.floor(r() * n.length));
    } else s += PIECES[Math.floor(r() * PIECES.length)]!;
  }
  return s;
}

const feedbackInput = renderPerformance(performanceView({ Math: { Algebra: { correct: 3, total: 5 }, 'Advanced Math': { correct: 4, total: 5 } } }));
const inputs = [
  feedbackInput,
  `${feedbackInput}\nPrevious session: 55% correct.\nTime per question: 41 seconds on average.\nSkills:\n- Linear functions: 4 of 5 correct (80%)\n- Words in context: 2 of 6 correct (33%)`,
  'Session: 7 of 16 correct; 15 of 16 answered. 10 seconds. 2.5 minutes.',
  '',
];

describe('audit fast scans', () => {
  it('grounding and the hard rules find exactly what the regex reference finds, on generated outputs', () => {
    const r = rng(20261204);
    let flagged = 0;
    for (let i = 0; i < 40_000; i++) {
      const ex: AuditExample = { source: i % 7 === 0 ? 'synthetic' as AuditExample['source'] : 'feedback_ratings', input: inputs[i % inputs.length]!, output: output(r) };
      const want = groundingViolationReference(ex);
      if (want) flagged++;
      expect(groundingViolation(ex), JSON.stringify(ex)).toBe(want);
      expect(hardRuleBroken(ex), JSON.stringify(ex)).toEqual(hardRuleBrokenReference(ex));
    }
    // The generated data exercises both outcomes.
    expect(flagged).toBeGreaterThan(5_000);
    expect(flagged).toBeLessThan(35_000);
  });

  it('the hard rules agree on the export benchmark\'s feedback rows', () => {
    for (let i = 0; i < 2_000; i++) {
      const input = `Session: ${i % 11} of 16 correct; 15 of 16 answered.\nPrevious session: ${i % 100}% correct.\nTime per question: ${20 + (i % 90)} seconds on average; ${i % 4} of 15 answers given in under 10 seconds. SAT pacing: about 71 seconds per Reading and Writing question and 95 seconds per Math question.`;
      const output = `Good effort: you answered ${i % 11} of 10 Algebra questions correctly and ${i % 7} of 6 in Craft and Structure. Tip: flip the inequality sign when dividing by a negative number (session ${i}).`;
      const ex: AuditExample = { source: 'feedback_ratings', input, output };
      expect(groundingViolation(ex)).toBe(groundingViolationReference(ex));
      expect(hardRuleBroken(ex)?.rule ?? null).toBe(groundingViolationReference(ex) ? 'grounding' : null);
    }
  });
});
