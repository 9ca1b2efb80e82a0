import { defineEntity, p } from '@mikro-orm/core';
import type { Choice } from '../schemas/question.ts';
import type { Figure } from '../schemas/figure.ts';

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
    /** The graph, scatterplot or diagram the stem refers to (schemas/figure.ts); null for items without one and before Migration0012. */
    figure: p.json<Figure>().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
