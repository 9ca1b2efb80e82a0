/**
 * Score estimate from practice responses: a three-parameter logistic item-response model with
 * fixed item parameters and an expected-a-posteriori (EAP) ability estimate per section.
 *
 * - An item's difficulty b comes from the bank's difficulty level (1 easier, 2 medium, 3 harder →
 *   b = −1, 0, +1 on the ability scale); discrimination a = 1.2 for every item; a multiple-choice
 *   item can be guessed (c = 0.2; four choices, a guess is a little worse than chance), a
 *   student-produced response cannot (c = 0).
 *   P(correct | θ) = c + (1 − c) / (1 + e^(−a(θ − b))).
 * - Ability θ has a standard normal prior (the population the SAT scale is built around); the
 *   posterior over a grid from −4 to 4 gives its mean (the estimate) and standard deviation.
 * - Section score = 500 + 100 θ, rounded to 10 and kept within 200–800 (the SAT reports each
 *   section on 200–800 with a mean near 500 and a standard deviation near 100); the range is the
 *   80% interval θ ± 1.28 sd, in the same units.
 *
 * Without calibration data the item parameters are a prior, not fitted values: the estimate says
 * how a student does on this bank, on the SAT's scale, and its range says how sure it is.
 */

export interface ItemResponse {
  /** The bank's difficulty level: 1, 2 or 3. */
  difficulty: number;
  format: 'mcq' | 'spr';
  correct: boolean;
}

export interface AbilityEstimate {
  /** Posterior mean and standard deviation of θ. */
  theta: number;
  sd: number;
  responses: number;
}

export interface ScoreEstimate extends AbilityEstimate {
  score: number;
  low: number;
  high: number;
}

const DISCRIMINATION = 1.2;
const GUESS_MCQ = 0.2;
const GRID = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
const LOG_PRIOR = GRID.map((t) => -0.5 * t * t);

/** The item's difficulty on the ability scale. */
export const itemDifficulty = (level: number) => Math.max(1, Math.min(3, level)) - 2;

/** Probability that a student of ability θ answers the item correctly. */
export function pCorrect(theta: number, item: Pick<ItemResponse, 'difficulty' | 'format'>): number {
  const c = item.format === 'mcq' ? GUESS_MCQ : 0;
  return c + (1 - c) / (1 + Math.exp(-DISCRIMINATION * (theta - itemDifficulty(item.difficulty))));
}

/** EAP estimate of θ from responses (the prior's mean and sd, 0 and 1, with none). */
export function estimateAbility(responses: readonly ItemResponse[]): AbilityEstimate {
  const logPost = LOG_PRIOR.slice();
  for (const r of responses) {
    for (let i = 0; i < GRID.length; i++) {
      const p = pCorrect(GRID[i]!, r);
      logPost[i]! += Math.log(r.correct ? p : 1 - p);
    }
  }
  const max = Math.max(...logPost);
  let total = 0;
  let mean = 0;
  const w = logPost.map((l) => Math.exp(l - max));
  for (let i = 0; i < GRID.length; i++) {
    total += w[i]!;
    mean += w[i]! * GRID[i]!;
  }
  mean /= total;
  let variance = 0;
  for (let i = 0; i < GRID.length; i++) variance += (w[i]! * (GRID[i]! - mean) ** 2) / total;
  return { theta: mean, sd: Math.sqrt(variance), responses: responses.length };
}

const toScale = (theta: number) => Math.max(200, Math.min(800, Math.round((500 + 100 * theta) / 10) * 10));

/** The section score (200–800) and its 80% range from responses in that section. */
export function scoreEstimate(responses: readonly ItemResponse[]): ScoreEstimate {
  const a = estimateAbility(responses);
  return { ...a, score: toScale(a.theta), low: toScale(a.theta - 1.28 * a.sd), high: toScale(a.theta + 1.28 * a.sd) };
}

/** The bank difficulty level whose items a student of ability θ answers correctly about 60–70% of the time. */
export function targetDifficulty(theta: number): 1 | 2 | 3 {
  return theta < -0.5 ? 1 : theta > 0.5 ? 3 : 2;
}
