import { describe, expect, it } from 'vitest';
import { DOMAINS, SKILLS } from '../taxonomy.ts';
import { QuestionSchema } from '../schemas/question.ts';
import { isCorrectAnswer } from './answers.ts';
import { buildQuestionBank, generateMathItems, MATH_GENERATORS, RW_ITEMS } from './index.ts';

describe('question bank', () => {
  const bank = buildQuestionBank();

  it('has at least 400 items and at least 30 per domain', () => {
    expect(bank.length).toBeGreaterThanOrEqual(400);
    for (const domain of DOMAINS) {
      expect(bank.filter((q) => q.domain === domain).length, domain).toBeGreaterThanOrEqual(30);
    }
  });

  it('covers every skill of the taxonomy', () => {
    const covered = new Set(bank.map((q) => q.skill));
    expect(SKILLS.filter((s) => !covered.has(s.skill)).map((s) => s.skill)).toEqual([]);
  });

  it('has unique ids and unique stems', () => {
    expect(new Set(bank.map((q) => q.id)).size).toBe(bank.length);
    // Items about a figure may share a stem ("In the triangle shown, what is the value of x?"): the figure tells them apart.
    const stems = bank.map((q) => `${q.passage ?? ''}|${q.stem}|${q.choices.map((c) => c.text).join('|')}|${JSON.stringify(q.figure ?? null)}`);
    expect(new Set(stems).size).toBe(bank.length);
  });

  it('every authored item is valid against the schema and its key is among its choices', () => {
    for (const item of RW_ITEMS) {
      const parsed = QuestionSchema.safeParse(item);
      expect(parsed.success, `${item.id}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('every key is accepted by the scorer and every other choice is rejected', () => {
    for (const q of bank) {
      expect(isCorrectAnswer(q, q.answer), q.id).toBe(true);
      for (const c of q.choices.filter((c) => c.label !== q.answer)) expect(isCorrectAnswer(q, c.label), q.id).toBe(false);
    }
  });

  it('verifies every generated key independently of the generator that computed it', () => {
    const generated = generateMathItems();
    expect(generated.length).toBe(bank.filter((q) => q.source.startsWith('generator:')).length);
    for (const { question, verify } of generated) {
      const key = question.format === 'mcq' ? question.choices.find((c) => c.label === question.answer)!.text : question.answer;
      expect(verify(key), `${question.id} key ${key}`).toBe(true);
      for (const c of question.choices.filter((c) => c.label !== question.answer)) {
        expect(verify(c.text), `${question.id} distractor ${c.text} must be wrong`).toBe(false);
      }
    }
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildQuestionBank())).toBe(JSON.stringify(bank));
    expect(MATH_GENERATORS.length).toBeGreaterThan(0);
  });
});
