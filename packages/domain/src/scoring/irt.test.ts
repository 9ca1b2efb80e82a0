import { describe, expect, it } from 'vitest';
import { seededRandom } from '../bank/random.ts';
import { estimateAbility, pCorrect, scoreEstimate, type ItemResponse } from './irt.ts';

/** A simulated student of true ability θ answering `n` items of mixed difficulty and format. */
function simulate(theta: number, n: number, seed: number): ItemResponse[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const item = { difficulty: 1 + (i % 3), format: (i % 4 === 3 ? 'spr' : 'mcq') as 'mcq' | 'spr' };
    return { ...item, correct: random() < pCorrect(theta, item) };
  });
}

describe('score estimate (3PL, EAP)', () => {
  it('starts at the prior: 500, wide range, with no answers', () => {
    expect(scoreEstimate([])).toMatchObject({ score: 500, low: 370, high: 630, responses: 0 });
  });

  it('converges toward the true ability of simulated students as they answer more', () => {
    const trueThetas = [-2, -1, -0.3, 0, 0.6, 1.2, 2];
    const meanError = (n: number) => {
      let sum = 0;
      let count = 0;
      for (const [k, theta] of trueThetas.entries()) for (let rep = 0; rep < 20; rep++) {
        sum += Math.abs(estimateAbility(simulate(theta, n, 1000 * k + rep + 1)).theta - theta);
        count++;
      }
      return sum / count;
    };
    const errors = [10, 40, 160, 640].map(meanError);
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]!);
    expect(errors.at(-1)).toBeLessThan(0.2);
  });

  it('narrows its range with more answers, and the 80% range holds the truth about 80% of the time', () => {
    expect(estimateAbility(simulate(0.5, 200, 3)).sd).toBeLessThan(estimateAbility(simulate(0.5, 20, 3)).sd);
    let inside = 0;
    const trials = 300;
    const random = seededRandom(99);
    for (let t = 0; t < trials; t++) {
      // True abilities drawn from the prior: the interval is calibrated for them.
      const theta = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
      const e = estimateAbility(simulate(theta, 30, 5000 + t));
      if (Math.abs(e.theta - theta) <= 1.28 * e.sd) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.72);
    expect(inside / trials).toBeLessThan(0.88);
  });

  it('keeps scores within 200–800', () => {
    expect(scoreEstimate(simulate(4, 300, 7)).high).toBeLessThanOrEqual(800);
    expect(scoreEstimate(Array.from({ length: 100 }, () => ({ difficulty: 1, format: 'spr' as const, correct: false }))).low).toBe(200);
  });
});
