import { summarizeResults } from '@satprep/domain';
import { buildFeedbackContext, renderFeedbackContext } from '@satprep/domain/feedback-context';
import { DOMAINS, SECTIONS, SKILLS } from '@satprep/domain/taxonomy';
import { describe, expect, it } from 'vitest';
import { RowPreparer } from '../prepare.ts';
import { Hasher } from '../transforms/dedup.ts';
import { SOURCE_DEFS, type SourceRow } from './index.ts';

/** Every string anywhere in `value`, with its path. */
function strings(value: unknown, path = '$'): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[`${path}.${k} (key)`, k] as [string, string], ...strings(v, `${path}.${k}`)]);
  return [];
}

// The export skips the redactor on inputs a source declares free of free text (SourceDef.inputWithoutFreeText):
// these tests fail as soon as what such an input renders could carry text a person wrote.
describe('the feedback input holds no free text', () => {
  const answers = SKILLS.slice(0, 8).flatMap((s, i) => [
    { skill: s.skill, answer: 'B', isCorrect: i % 2 === 0, timeSpentMs: 4_000 + i * 9_000 },
    { skill: s.skill, answer: '', isCorrect: false, timeSpentMs: 0 },
  ]);

  it('is declared by the feedback source alone: every other source renders what students wrote', () => {
    expect(Object.values(SOURCE_DEFS).filter((d) => d.inputWithoutFreeText).map((d) => d.name)).toEqual(['feedback_ratings']);
  });

  it('stores a context of numbers and skill ids only, and stats keyed by section and domain names', () => {
    const context = buildFeedbackContext({ answers, overall: SKILLS.slice(0, 8).map((s) => ({ skill: s.skill, correct: 3, total: 9 })), previousAccuracy: 0.4 });
    const skillIds = new Set<string>(SKILLS.map((s) => s.skill));
    const keys = new Set(Object.keys(context).concat(Object.keys(context.skills[0]!)));
    for (const [path, s] of strings(context)) {
      if (path.endsWith('(key)')) expect(keys.has(s), path).toBe(true);
      else expect(skillIds.has(s), `${path} = ${JSON.stringify(s)}: not a skill id`).toBe(true);
    }
    const names = new Set<string>([...SECTIONS, ...DOMAINS, 'correct', 'total']);
    for (const [path, s] of strings(summarizeResults(answers).performance)) expect(names.has(s), `${path} = ${s}`).toBe(true);
  });

  it('still redacts the output, and leaves the rendered input as it was rendered', () => {
    const context = buildFeedbackContext({ answers, overall: [], previousAccuracy: null });
    const row: SourceRow = {
      id: 1, user_id: 7, display_name: 'Quincy Zebulon', email: 'quincy.z@school.example', created_at: '2026-12-01T10:00:00.000Z',
      feedback_text: 'Well done, Quincy: you answered 4 of 16 correctly. Write to quincy.z@school.example with questions.', rating: 4,
      performance_data: JSON.stringify(summarizeResults(answers).performance), context_text: renderFeedbackContext(context),
      model_id: 'm', prompt_version: 'session-feedback/v2',
    };
    const p = new RowPreparer({ secret: 's', reviewedOnly: false, minLength: 1, maxLength: 100_000, models: null, excludeModels: null, auditRules: 'count' });
    const prepared = p.prepare('feedback_ratings', row);
    expect(prepared.example?.output).toBe('Well done, [NAME]: you answered 4 of 16 correctly. Write to [EMAIL] with questions.');
    expect(prepared.example?.input).toBe(SOURCE_DEFS.feedback_ratings.toExample(row)!.input);
  });
});

describe('Hasher', () => {
  it('fingerprints the second text of a pair as it fingerprints that text alone', () => {
    const h = new Hasher();
    for (const [a, b] of [['Stats: 3 of 4', 'Good work, you got 3 of 4.'], ['x', 'Ünïcödé — “quotes”'], ['', 'a'], ['abc', '']] as const) {
      h.hash(a, b);
      const second = { ...h.second };
      h.hash(b);
      expect(second).toEqual({ h1: h.h1, h2: h.h2, exact: h.exact });
    }
  });

  it('tells inputs apart by case and punctuation only when they are hashed verbatim', () => {
    const h = new Hasher();
    const print = (input: string, verbatim: boolean) => (h.hash(input, 'same output', verbatim), `${h.h1}:${h.h2}`);
    expect(print('Session: 3 of 4.', false)).toBe(print('session 3 of 4', false));
    expect(print('Session: 3 of 4.', true)).not.toBe(print('session 3 of 4', true));
    expect(print('Session: 3 of 4.', true)).toBe(print('Session: 3 of 4.', true));
    // Text beyond ASCII is normalised even when asked verbatim (its Latin-1 bytes would not tell it apart).
    expect(print('Ψ 3 of 4', true)).toBe(print('ψ 3 of 4', false));
  });
});

// A student's name needles used to be applied to the bank text the example quotes as well: a student
// named Maria reading a passage on Maria Sibylla Merian got "[NAME] Sibylla Merian" in the input and
// in the tutor's answer, and the placeholder rule then dropped the example (the cohort found it).
describe('names the question bank itself holds', () => {
  const passage = 'Maria Sibylla Merian (1647–1717) drew caterpillars on the plants they ate, which let readers see each stage of a life cycle together.';
  const row = (display_name: string, user_query: string, ai_response: string): SourceRow => ({
    id: 3, user_id: 9, display_name, email: 'maria.lopez@school.example', created_at: '2026-12-01T10:00:00.000Z',
    user_query, ai_response, helpful: true, model_id: 'm', prompt_version: 'help/v4',
    question_snapshot: { id: 'RW-TEST-1', skill: 'CENTRAL-IDEAS', passage, stem: 'Which choice best states the main idea of the text?', choices: [
      { label: 'A', text: 'Merian showed whole life cycles in one picture.' }, { label: 'B', text: 'Merian painted only flowers.' },
      { label: 'C', text: 'Merian wrote about birds.' }, { label: 'D', text: 'Merian never travelled.' },
    ], correctAnswer: 'A', studentAnswer: 'B', figure: null },
  });
  const preparer = () => new RowPreparer({ secret: 's', reviewedOnly: false, minLength: 1, maxLength: 100_000, models: null, excludeModels: null });

  it('keeps the passage\'s names in the input and where the answer quotes them, and still redacts the student', () => {
    const prepared = preparer().prepare('help_requests', row(
      'Maria Lopez',
      "Hi, I'm Maria Lopez (maria.lopez@school.example). Why does the text say Maria Sibylla Merian drew caterpillars?",
      'The text says Maria Sibylla Merian drew each caterpillar on the plant it ate, so a reader sees the whole life cycle at once: that is choice A.',
    ));
    expect(prepared.drop).toBeNull();
    const { input, output } = prepared.example!;
    expect(input).toContain(passage);
    expect(input).toContain("Hi, I'm [NAME] ([EMAIL]). Why does the text say Maria Sibylla Merian drew caterpillars?");
    expect(input).not.toMatch(/Lopez|maria\.lopez/);
    expect(output).toContain('Maria Sibylla Merian drew each caterpillar');
  });

  it('still redacts a name part the bank text does not hold, and names of students the bank text does not hold', () => {
    const counting = new RowPreparer({ secret: 's', reviewedOnly: false, minLength: 1, maxLength: 100_000, models: null, excludeModels: null, auditRules: 'count' });
    const own = counting.prepare('help_requests', row('Maria Lopez', 'Lopez here. Is it A?', 'Yes, Lopez: Merian drew whole life cycles, so A.'));
    expect(own.example!.input).toContain('[NAME] here. Is it A?');
    expect(own.example!.output).toBe('Yes, [NAME]: Merian drew whole life cycles, so A.');
    const other = preparer().prepare('help_requests', row('Quincy Zebulon', 'Quincy here: my friend Tyler Brooks says A?', 'Merian drew whole life cycles, so A.'));
    expect(other.example!.input).toContain('[NAME] here: my friend [NAME] says A?');
    expect(other.example!.input).toContain(passage);
  });
});
