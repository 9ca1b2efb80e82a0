import { QuestionSchema, type Question, type QuestionInput } from '../schemas/question.ts';
import { hashString, seededRandom } from './random.ts';
import type { QuestionGenerator } from './types.ts';
import { MATH_GENERATORS } from './math/index.ts';
import { RW_ITEMS } from './rw/index.ts';

export { isCorrectAnswer, parseNumericAnswer } from './answers.ts';
export type { QuestionGenerator, GeneratedQuestion } from './types.ts';
export { MATH_GENERATORS, RW_ITEMS };

/** How many items each math generator contributes to the seeded bank. */
export const ITEMS_PER_GENERATOR = 6;

export interface GeneratedBankItem {
  question: Question;
  verify: (answer: string) => boolean;
}

/** Every generated math item with its independent key check; deterministic across runs. */
export function generateMathItems(generators: readonly QuestionGenerator[] = MATH_GENERATORS, perGenerator = ITEMS_PER_GENERATOR): GeneratedBankItem[] {
  return generators.flatMap((gen) => {
    const rand = seededRandom(hashString(gen.id));
    return Array.from({ length: perGenerator }, (_, i) => {
      const { item, verify } = gen.generate(rand, i);
      const input: QuestionInput = { ...item, id: `${gen.id}-${String(i + 1).padStart(2, '0')}`, source: `generator:${gen.id}` };
      return { question: QuestionSchema.parse(input), verify };
    });
  });
}

/** The full question bank: authored Reading and Writing items plus generated math items. */
export function buildQuestionBank(): Question[] {
  const authored = RW_ITEMS.map((item) => QuestionSchema.parse(item));
  return [...authored, ...generateMathItems().map((g) => g.question)];
}
export { seededRandom, randomInt, pick, shuffle, hashString } from './random.ts';
