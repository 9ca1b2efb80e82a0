import type { QuestionInput } from '../../schemas/question.ts';
import { CONVENTIONS_ITEMS } from './set-conventions.ts';
import { CRAFT_ITEMS } from './set-craft.ts';
import { EXPRESSION_ITEMS } from './set-expression.ts';
import { INFORMATION_ITEMS } from './set-information.ts';

/** Authored Reading and Writing items, one file per domain. */
export const RW_ITEMS: QuestionInput[] = [...INFORMATION_ITEMS, ...CRAFT_ITEMS, ...EXPRESSION_ITEMS, ...CONVENTIONS_ITEMS];
