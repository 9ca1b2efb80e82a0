import type { QuestionGenerator } from '../types.ts';
import { ADVANCED_MATH_GENERATORS } from './advanced-math.ts';
import { ALGEBRA_GENERATORS } from './algebra.ts';
import { GEOMETRY_TRIG_GENERATORS } from './geometry-trig.ts';
import { PROBLEM_SOLVING_GENERATORS } from './problem-solving-data.ts';

/** Parametric math generators for every Math skill of the taxonomy, grouped by domain. */
export const MATH_GENERATORS: QuestionGenerator[] = [
  ...ALGEBRA_GENERATORS,
  ...ADVANCED_MATH_GENERATORS,
  ...PROBLEM_SOLVING_GENERATORS,
  ...GEOMETRY_TRIG_GENERATORS,
];
