import type { QuestionGenerator } from '../types.ts';
import { ADVANCED_MATH_GENERATORS } from './advanced-math.ts';
import { ALGEBRA_GENERATORS } from './algebra.ts';
import { GEOMETRY_TRIG_GENERATORS } from './geometry-trig.ts';
import { PROBLEM_SOLVING_GENERATORS } from './problem-solving-data.ts';
import { FIGURE_GENERATORS } from './figures.ts';

/** Parametric math generators for every Math skill of the taxonomy, grouped by domain. */
export const MATH_GENERATORS: QuestionGenerator[] = [
  ...ALGEBRA_GENERATORS,
  ...ADVANCED_MATH_GENERATORS,
  ...PROBLEM_SOLVING_GENERATORS,
  ...GEOMETRY_TRIG_GENERATORS,
  // Items about a figure (graph, scatterplot, triangle, circle); last, so the ids and order of the items before them stay as they were.
  ...FIGURE_GENERATORS,
];
