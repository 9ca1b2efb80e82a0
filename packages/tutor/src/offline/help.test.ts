import { buildQuestionBank } from '@satprep/domain/bank';
import type { ExplainRequest, Question } from '@satprep/domain';
import { describe, expect, it } from 'vitest';
import { SKILL_TIPS } from '../skill-tips.ts';
import { explain, HELP_PROMPT_VERSIONS } from './help.ts';
import { askSentence, setupClause } from './item.ts';
import { reply } from './reply.ts';

const bank = buildQuestionBank();

/** One phrasing per intent; different intents must give different texts for the same item. */
const BY_INTENT = {
  'why-wrong': 'why is my answer wrong',
  'first-step': 'how do i start',
  hint: 'hint pls',
  concept: 'what concept is this testing',
  'check-work': 'can you check my work',
  explain: 'can you explain this',
} as const;

const num = (s: string) => {
  const t = s.replace(/−/g, '-').replace(/\s+/g, '');
  const frac = /^(-?\d+)\/(\d+)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  return /^-?\d*\.?\d+$/.test(t) ? Number(t) : null;
};

/**
 * Written independently of the tutor's own filter: the ways a hint can give an item away.
 * A number in the hint equal to the answer counts unless the stem itself shows it and the hint
 * does not set anything equal to it ("4(x + 6)" restated is fine, "x = 4" is not).
 */
function leaks(hint: string, q: Question): string | null {
  if (q.format === 'mcq') {
    const L = q.answer;
    if (new RegExp(`\\b(?:choice|option|answer)\\s*\\(?${L}\\b`, 'i').test(hint)) return `names choice ${L}`;
    if (new RegExp(`\\(${L}\\)`).test(hint)) return `names (${L})`;
    if (L !== 'A' && new RegExp(`\\b${L}\\b`).test(hint)) return `names ${L}`;
    if (L === 'A' && /\bA\b(?! [a-z])/.test(hint)) return 'names A';
  }
  const key = q.format === 'mcq' ? q.choices.find((c) => c.label === q.answer)!.text : q.answer;
  const keyNums = [key, ...q.acceptedAnswers].map(num).filter((v): v is number => v !== null);
  if (keyNums.length === 0) {
    const k = key.toLowerCase().replace(/[.,;:!?"“”]+/g, '').trim();
    const h = hint.toLowerCase().replace(/[.,;:!?"“”]+/g, '');
    // Whole words: a key such as "is" is not stated by "this".
    if (new RegExp(`(?<![a-z0-9])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`).test(h)) return `states the correct choice “${key}”`;
    return null;
  }
  const stemNums = [...`${q.stem} ${q.passage ?? ''}`.replace(/−/g, '-').matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  for (const m of hint.replace(/−/g, '-').matchAll(/(=\s*|\bis\s+|\bequals\s+)?(-?\d+(?:\.\d+)?(?:\/\d+)?)(?!\d|\.\d)/g)) {
    const v = num(m[2]!);
    if (v === null || !keyNums.some((k) => Math.abs(k - v) < 1e-9)) continue;
    if (m[1] || !stemNums.some((s) => Math.abs(s - v) < 1e-9)) return `states the answer ${m[2]}`;
  }
  return null;
}

const req = (q: ExplainRequest['question'], query: string, extra: Partial<ExplainRequest> = {}): ExplainRequest => ({ question: q, studentAnswer: null, query, ...extra });

describe('help answers over the whole bank', () => {
  it(`never gives the key away in a hint, nor in any answer while the session is open (${bank.length} items)`, () => {
    const found: string[] = [];
    for (const q of bank) {
      const texts = [explain(req(q, 'hint pls')).text, explain(req(q, 'give me a clue', { studentAnswer: q.format === 'mcq' ? 'B' : '1' })).text];
      for (const query of [...Object.values(BY_INTENT), 'why is C wrong', 'is it B?', 'i got 7 is that right']) texts.push(explain(req(q, query, { hintOnly: true })).text);
      for (const t of texts) {
        const why = leaks(t, q);
        if (why) found.push(`${q.id}: ${why}: ${t}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the leak check used above catches the old v1 hints (it can fail)', () => {
    const q = bank.find((x) => x.id === 'M-ALG-LIN1-SOLVE-03') ?? bank.find((x) => x.format === 'spr')!;
    expect(leaks(`For this question, begin like this: ${q.rationale}`, q)).not.toBeNull();
    // v1 hints began with the rationale's first sentence, which often quotes the correct choice (the bank no longer names letters).
    const rw = bank.find((x) => x.format === 'mcq' && x.section === 'Reading and Writing')!;
    const keyText = rw.choices.find((c) => c.label === rw.answer)!.text;
    expect(leaks(`For this question, begin like this: the text supports “${keyText}”.`, rw)).not.toBeNull();
  });

  it('gives a different text for each intent on every item, in both modes', () => {
    const clashes: string[] = [];
    for (const q of bank) {
      for (const hintOnly of [false, true]) {
        const seen = new Map<string, string>();
        for (const [intent, query] of Object.entries(BY_INTENT)) {
          const t = explain(req(q, query, { hintOnly, studentAnswer: hintOnly ? null : q.format === 'mcq' ? (q.answer === 'C' ? 'D' : 'C') : '1' })).text;
          if (seen.has(t)) clashes.push(`${q.id} ${hintOnly ? 'open' : 'submitted'}: ${intent} = ${seen.get(t)}`);
          seen.set(t, intent);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('speaks of choices only where the item has them (a grid-in shows none: "try each choice" is a fact not in the input)', () => {
    // Several phrasings per intent: the variation picks a realisation per query, so every slot's options come up.
    const QUERIES = [...Object.values(BY_INTENT), 'where do i even begin', 'what should I do first here?', 'can I get a hint?', 'just a hint please', 'why is 7 wrong', 'is 7 right?', 'walk me through it', 'what rule is this about'];
    const found = new Map<string, string>();
    const spr = bank.filter((q) => q.format === 'spr');
    expect(spr.length).toBeGreaterThan(50);
    for (const q of spr) {
      for (const query of QUERIES) {
        for (const hintOnly of [false, true]) {
          for (const studentAnswer of [null, '7', q.answer]) {
            const t = explain(req(q, query, { hintOnly, studentAnswer })).text;
            const m = /\b(?:choices?|options?)\b/i.exec(t);
            if (m) found.set(t.slice(Math.max(0, m.index - 60), m.index + 40), q.id);
          }
        }
      }
    }
    expect([...found].map(([text, id]) => `${id}: …${text}…`)).toEqual([]);
  });

  it('gives a first step that fits the item where its setup would give the key away (v3: one elimination sentence for all 90 such items)', () => {
    const without = bank.filter((q) => !setupClause(q));
    expect(without.length).toBeGreaterThan(20);
    for (const q of without) {
      const t = explain(req(q, 'how do I start this one?')).text;
      expect(t, q.id).toContain(SKILL_TIPS[q.skill as keyof typeof SKILL_TIPS]);
      expect(t, q.id).toContain(askSentence(q).replace(/\s+/g, ' '));
    }
  });

  it('ends a quoted setup as a sentence (v3: the owners ask for parking "before any ban takes effect,". / "mainly through direct teaching.".)', () => {
    // A quotation that ends in clause punctuation or a full stop, then a full stop: except a choice quoted
    // verbatim (a transition's choice is "However,").
    const badEnds = (q: Question, t: string) => [...t.matchAll(/(?:“([^“”]*)”|"([^"]*)")(\.|$)/g)]
      .filter((m) => (m[3] ? /[,;:.!?]$/ : /[,;:]$/).test(m[1] ?? m[2]!) && !q.choices.some((c) => c.text === (m[1] ?? m[2])))
      .map((m) => `${q.id}: …${t.slice(Math.max(0, m.index - 30), m.index + m[0].length)}`);
    const found: string[] = [];
    for (const q of bank) {
      for (const query of [...Object.values(BY_INTENT), 'where do i even begin', 'what rule is this about']) {
        for (const hintOnly of [false, true]) found.push(...badEnds(q, explain(req(q, query, { hintOnly })).text));
      }
      for (const text of ['remember: check units', "I don't get this one", 'how do i do these faster?']) found.push(...badEnds(q, reply({ kind: 'note', text, question: q }).text));
    }
    expect(found).toEqual([]);
  });

  it('never writes an internal id or a placeholder, and marks only what it cannot answer', () => {
    for (const q of bank) {
      for (const query of [...Object.values(BY_INTENT), 'can u explain why B is wrong']) {
        const out = explain(req(q, query, { studentAnswer: q.format === 'mcq' ? 'B' : '5' }));
        expect(out.text).not.toContain(q.id);
        expect(out.text).not.toMatch(/\b(?:RW|M)-[A-Z0-9-]+\d\b|\[NAME\]|\[[A-Z_]+\]/);
        expect(out.unanswerable).toBeUndefined();
      }
      for (const query of ['whats the weather tomorrow', 'lol', 'who won the game last night', '']) {
        // A query that shares a word with the item is taken as being about it, by design.
        const itemText = `${q.stem} ${q.passage ?? ''} ${q.choices.map((c) => c.text).join(' ')}`.toLowerCase();
        if (query.split(' ').some((w) => w.length > 3 && itemText.includes(w))) continue;
        const off = explain(req(q, query));
        expect(off.unanswerable).toBe(true);
        expect(off.text).not.toContain(q.stem);
      }
    }
  });
});

describe('help answers what was asked', () => {
  const q = bank.find((x) => x.format === 'mcq' && x.answer === 'A' && x.section === 'Reading and Writing')!;

  it('explains the choice the query names, not the generic solution (issue #19: "why B is wrong" got "your answer is correct")', () => {
    const b = explain(req(q, 'can u explain why B is wrong', { studentAnswer: 'A' })).text;
    const c = explain(req(q, 'can u explain why C is wrong', { studentAnswer: 'A' })).text;
    expect(b).toContain(`You asked about B, “${q.choices[1]!.text.replace(/\.$/, '')}”`);
    expect(b).not.toMatch(/is correct/);
    expect(c).toContain('You asked about C');
    expect(b).not.toBe(c);
  });

  it('uses the item’s own explanation of why a wrong choice tempts, when it has one', () => {
    const withWhy = { ...q, choiceExplanations: { B: 'It repeats words from the text but claims more than the text supports', C: 'It swaps the cause and the effect', D: 'It is true of one detail only' } };
    const t = explain(req(withWhy, 'why is my answer wrong', { studentAnswer: 'C' })).text;
    expect(t).toContain('It swaps the cause and the effect.');
    // v3 varies the lead ("The correct answer is", "The right choice is", "What works instead is"); the key and its text stay.
    expect(t).toMatch(/(?:correct answer is|right choice is|works instead is) A, “/);
    expect(t).toContain(`A, “${q.choices[0]!.text.replace(/\.$/, '')}”`);
    const all = explain(req(withWhy, 'why is my answer wrong')).text;
    for (const why of Object.values(withWhy.choiceExplanations)) expect(all).toContain(why.charAt(0).toLowerCase() + why.slice(1));
  });

  it('without choiceExplanations, explains a wrong choice from what the rationale says about it, never by another letter', () => {
    const item: ExplainRequest['question'] = {
      id: 'RW-TEST-01', skill: 'inferences', format: 'mcq', passage: 'Ellen stayed at the window long after the carriage had gone.', stem: 'Which choice best describes Ellen?',
      choices: [{ label: 'A', text: 'She is reluctant to accept the departure.' }, { label: 'B', text: 'She decides to follow the carriage.' }, { label: 'C', text: 'She lights the lamps.' }, { label: 'D', text: 'She is glad to be alone.' }],
      answer: 'A', rationale: 'Ellen stays at the window, showing reluctance. The carriage has already left (so B is wrong), and others light the lamps (so C is wrong).',
    };
    const b = explain(req(item, 'why is B wrong')).text;
    expect(b).toMatch(/(?:where it fails|where it goes wrong|The problem with it): The carriage has already left\./);
    expect(b).not.toMatch(/so [A-D] is wrong/);
    const c = explain(req(item, 'why is C wrong')).text;
    expect(c).toMatch(/(?:where it fails|where it goes wrong|The problem with it): Others light the lamps\./);
    const spr = bank.find((x) => x.id.startsWith('M-GEO-CIR-ARC') && x.format === 'mcq' && /instead of the radius gives/.test(x.rationale));
    if (spr) {
      const wrong = spr.choices.find((ch) => spr.rationale.includes(`gives ${ch.text}.`) && ch.label !== spr.answer)!;
      expect(explain(req(spr, `why is ${wrong.label} wrong`)).text).toMatch(/(?:where it fails|where it goes wrong|The problem with it): (?:Using|\S+ uses) the diameter/);
    }
  });

  it('checks the work it is asked to check', () => {
    expect(explain(req(q, 'is my answer right?', { studentAnswer: 'A' })).text).toMatch(/^Checked: A, .* is right[.,;]/);
    expect(explain(req(q, 'is my answer right?', { studentAnswer: 'D' })).text).toMatch(/^Checked: D, .* (?:does not hold up|is not right|does not work)\./);
    const spr = bank.find((x) => x.format === 'spr')!;
    expect(explain(req(spr, `i got ${spr.answer}, is that right`)).text).toMatch(/^Checked: .* is right[.,;]/);
  });

  it('does not reuse one answer across different intents (issue #19: 25 outputs reused over 51 queries)', () => {
    const texts = Object.values(BY_INTENT).map((query) => explain(req(q, query, { studentAnswer: 'C' })).text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('help-hint/v4', () => {
  it('never answers a first-step request in an open session with only "carry it through" (when the setup would give the key away)', () => {
    const carryOnly = /^(?:Carry it through yourself|Take it from there on your own|Follow it through and see)/;
    let withoutSetup = 0;
    for (const q of buildQuestionBank()) {
      for (const query of ['How should I start this one?', 'what is the first step']) {
        const out = explain({ question: q, studentAnswer: null, query, hintOnly: true });
        expect(out.text, q.id).not.toMatch(carryOnly);
        expect(out.promptVersion).toBe(HELP_PROMPT_VERSIONS.hint);
        if (out.text.startsWith('A first step: reread what the question asks')) withoutSetup++;
      }
    }
    // The fallback is used, and only where needed.
    expect(withoutSetup).toBeGreaterThan(0);
  });
});
