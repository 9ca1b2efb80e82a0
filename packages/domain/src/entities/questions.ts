import { defineEntity, p } from '@mikro-orm/core';
import type { Choice } from '../schemas/question.ts';

export const QuestionRow = defineEntity({
  name: 'QuestionRow',
  tableName: 'questions',
  indexes: [{ properties: ['skill'] }, { properties: ['domain'] }],
  properties: {
    id: p.string().length(40).primary(),
    section: p.string().length(40),
    domain: p.string().length(60),
    skill: p.string().length(60),
    difficulty: p.smallint(),
    format: p.string().length(8),
    passage: p.text().nullable(),
    stem: p.text(),
    choices: p.json<Choice[]>(),
    answer: p.string().length(40),
    acceptedAnswers: p.json<string[]>(),
    rationale: p.text(),
    /** Choice label → why that wrong choice tempts and fails; null for grid-ins and items seeded before Migration0010. */
    choiceExplanations: p.json<Record<string, string>>().nullable(),
    source: p.string().length(80),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
