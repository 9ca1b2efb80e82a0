import { describe, expect, it } from 'vitest';
import type { Question } from '../schemas/question.ts';
import { buildQuestionBank, generateMathItems, MATH_GENERATORS } from './index.ts';
import { choiceLetterMention } from './letters.ts';
import { unexplainedWhy } from './math/shared.ts';

/** Texts of an item that explain it: they must stay right whatever order the choices end up in. */
function explanatoryTexts(q: Question): [string, string][] {
  return [['rationale', q.rationale], ...Object.entries(q.choiceExplanations ?? {}).map(([l, t]): [string, string] => [`explanation of ${l}`, t])];
}

/** Template artefacts a model trained on the bank's texts would copy. */
const ARTEFACTS: [string, RegExp][] = [
  ['a clause repeated after "so" ("x = 22, so x = 22")', /(\b[^,.;:()]{3,}), so \1(?=[,.;]|$)/],
  ['"1 times"', /(?<![\d.])1 times\b/],
  ['"times 1"', /\btimes 1(?![\d.])/],
  ['a coefficient of 1 written out ("1x")', /(?<![\d.\w^])1[a-z](?![\w(])/],
  ['a coefficient of 0 written out ("0x")', /(?<![\d.\w^])0[a-z](?![\w(])/],
  ['"+ −" or a doubled sign', /\+ [−-](?!\s*\d+\))|(?<![(\d\w] )[−-] [−-] |\+ \+/],
  ['"= 0 + "', /= 0 \+ /],
  ['"+ 0" or "− 0"', /[+−] 0(?![\d.,])/],
  ['a plural after 1 ("1 seconds")', /(?<![\d.,/])1 (?:seconds|minutes|hours|days|weeks|months|years|miles|games|shirts|points|dollars|students|books|tickets|pages|units|meters|inches|feet|gallons|items|people|cups|pounds|kilometers|liters|degrees|boxes|rows|seats|servings)\b/],
  ['a doubled word', /\b(\w{2,}) \1\b/i],
  ['an exponent of 1', /\^1(?![\d.])/],
  ['a division by 1', /\/1(?![\d.])/],
  ['a wrong ordinal ("21th", "3th")', /\b(?:\d*[02-9])?[123]th\b/],
  ['a leaked JavaScript value', /\b(?:NaN|undefined|Infinity|null)\b|\[object /],
];

function textsOf(q: Question): string[] {
  return [q.passage ?? '', q.stem, ...q.choices.map((c) => c.text), q.rationale, ...Object.values(q.choiceExplanations ?? {})];
}

describe('question bank quality (whole bank)', () => {
  const bank = buildQuestionBank();

  it('no rationale or choice explanation names a choice letter (choices are shuffled after writing)', () => {
    const hits: string[] = [];
    for (const q of bank) {
      for (const [what, text] of explanatoryTexts(q)) {
        const hit = choiceLetterMention(text);
        if (hit) hits.push(`${q.id} ${what}: "${hit}"`);
        // Reading and Writing texts have no points or variables called B, C or D: any such letter is a choice.
        if (q.section === 'Reading and Writing' && /(?<![\w'’-])[BCD](?![\w'’-])/.test(text)) hits.push(`${q.id} ${what}: a bare letter`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('every mcq item explains every wrong choice (and not the key); grid-ins have none', () => {
    const missing: string[] = [];
    for (const q of bank) {
      const explained = Object.keys(q.choiceExplanations ?? {}).sort();
      if (q.format === 'spr') {
        if (explained.length) missing.push(`${q.id}: a grid-in with choice explanations`);
        continue;
      }
      const wrong = q.choices.filter((c) => c.label !== q.answer).map((c) => c.label).sort();
      if (explained.join() !== wrong.join()) missing.push(`${q.id}: explains ${explained.join() || 'nothing'}, wrong choices are ${wrong.join()}`);
      for (const [l, why] of Object.entries(q.choiceExplanations ?? {})) if (why.trim().length < 20) missing.push(`${q.id} ${l}: too short`);
    }
    expect(missing).toEqual([]);
  });

  it('every generated distractor is explained by the mistake that produced it, not by a generic sentence', () => {
    const items = generateMathItems(MATH_GENERATORS, 24).map((g) => g.question).filter((q) => q.format === 'mcq');
    const generic = unexplainedWhy('').slice(1);
    const whys = items.flatMap((q) => Object.entries(q.choiceExplanations ?? {}).map(([l, why]) => ({ id: q.id, l, why })));
    expect(whys.filter((w) => w.why.endsWith(generic)).map((w) => `${w.id} ${w.l}`)).toEqual([]);
    const near = whys.filter((w) => w.why.includes('is close to the correct')).length;
    console.log(`math distractor explanations: ${whys.length}, of which ${near} (${((100 * near) / whys.length).toFixed(1)}%) are near misses without a named mistake`);
    expect(near / whys.length).toBeLessThan(0.1);
  });

  it('generated math texts carry no template artefacts (checked over four times the seeded bank)', () => {
    const items = generateMathItems(MATH_GENERATORS, 24).map((g) => g.question);
    const hits: string[] = [];
    for (const q of items) {
      for (const text of textsOf(q)) {
        for (const [name, re] of ARTEFACTS) {
          const m = re.exec(text);
          if (m) hits.push(`${q.id}: ${name}: …${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10)}…`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('the artefact scan catches the known cases', () => {
    const found = (t: string) => ARTEFACTS.some(([, re]) => re.test(t));
    for (const bad of ['Solving gives x = 22, so x = 22, and', 'the sides are PR = 11√2, so PR = 11√2.', 'It is 1 times as long.', 'y = 1x + 3', 'y = 3x + −2', 'x = 0 + 4', 'f(8) = 7 + (−4)(8 − 0)', 'after 1 seconds', 'the 23th value']) {
      expect(found(bad), bad).toBe(true);
    }
    for (const good of ['So f(8) = 7 + (−4)(8 − 2) = −17.', 'x = 22, and the angle measures 142°.', 'y = x − 3', '(−13 − 7)/(5 − 2)', 'after 1 second', 'the 13th value', 'the 21st value']) {
      expect(found(good), good).toBe(false);
    }
  });

  it('no boundaries item offers a comma plus coordinating conjunction as a wrong choice where the key joins two clauses', () => {
    // ", and" / ", but" / ", as" between two independent clauses is itself correct, so such a distractor makes a second right answer.
    const hits = bank
      .filter((q) => q.skill === 'boundaries')
      .flatMap((q) => q.choices.filter((c) => c.label !== q.answer && /^\S+, (?:and|but|or|so|yet|for|nor|as)$/.test(c.text.trim())).map((c) => `${q.id}: "${c.text}"`));
    expect(hits).toEqual([]);
  });

  it('Reading and Writing texts use the comparative, not the superlative, for two things', () => {
    const hits = bank
      .filter((q) => q.section === 'Reading and Writing')
      .flatMap((q) => [q.passage ?? '', q.stem, ...q.choices.map((c) => c.text)].filter((t) => /\b(?:\w+est|most \w+|least \w+) of (?:the )?(?:two|both)\b/i.test(t)).map(() => q.id));
    expect(hits).toEqual([]);
  });

  it('Reading and Writing passages are close to SAT length: median at least 60 words', () => {
    const counts = bank.filter((q) => q.section === 'Reading and Writing').map((q) => (q.passage ?? '').split(/\s+/).filter(Boolean).length).sort((a, b) => a - b);
    const median = counts.length % 2 ? counts[(counts.length - 1) / 2]! : (counts[counts.length / 2 - 1]! + counts[counts.length / 2]!) / 2;
    console.log(`Reading and Writing passages: ${counts.length} items, median ${median} words, shortest ${counts[0]}, longest ${counts.at(-1)}`);
    expect(median).toBeGreaterThanOrEqual(60);
  });
});
