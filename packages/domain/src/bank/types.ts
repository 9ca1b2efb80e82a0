import type { QuestionInput } from '../schemas/question.ts';

/**
 * A parametric math generator. `generate` builds one item from a seeded random
 * source; `verify` re-checks a generated key independently (by substitution or a
 * different computation), so tests can prove every generated answer is right.
 */
export interface QuestionGenerator {
  id: string;
  skill: QuestionInput['skill'];
  generate(rand: () => number, index: number): GeneratedQuestion;
}

export interface GeneratedQuestion {
  item: Omit<QuestionInput, 'id' | 'source'>;
  /** Returns true when `answer` is correct for this item, computed without reusing the generator's solution. */
  verify(answer: string): boolean;
}
