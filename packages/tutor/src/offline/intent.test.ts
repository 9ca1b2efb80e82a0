import { describe, expect, it } from 'vitest';
import { answerNamedInQuery, classifyHelpQuery, type HelpIntent } from './intent.ts';

/** How students actually type: lowercase, shorthand, typos, no question marks. */
const PHRASINGS: [string, HelpIntent | null][] = [
  // why my answer is wrong
  ['can u explain why B is wrong', 'why-wrong'],
  ['Why is my answer wrong?', 'why-wrong'],
  ['why is c wrong', 'why-wrong'],
  ['y is b wrong', 'why-wrong'],
  ['whats wrong with my answer', 'why-wrong'],
  ['why isnt it D', 'why-wrong'],
  ['why not A?', 'why-wrong'],
  ['where did i go wrong', 'why-wrong'],
  ['i got it wrnog, why', 'why-wrong'],
  ['what was my mistake', 'why-wrong'],
  ['why did i miss this one', 'why-wrong'],
  ['Why is choice D incorrect?', 'why-wrong'],
  ['i messed up this one, why', 'why-wrong'],
  ['why cant the answer be 12', 'why-wrong'],
  // first step
  ['How do I start this one?', 'first-step'],
  ['where do i even begin', 'first-step'],
  ['whats the first step', 'first-step'],
  ['im stuck', 'first-step'],
  ['how should i approach this', 'first-step'],
  ['how do i set this up', 'first-step'],
  ['what do i do first??', 'first-step'],
  ['frist step pls', 'first-step'],
  ['no clue where to strat', 'hint'],
  ['how do i tackle this', 'first-step'],
  // hint
  ['hint pls', 'hint'],
  ['can i get a hint', 'hint'],
  ['give me a clue', 'hint'],
  ["don't tell me the answer, just help", 'hint'],
  ['just a nudge please', 'hint'],
  ['HINT', 'hint'],
  ['small hint without giving it away', 'hint'],
  ['can u give me a hitn', 'hint'],
  ['point me in the right direction', 'hint'],
  ['help but dont give me the answer', 'hint'],
  // the concept
  ['what concept is this testing', 'concept'],
  ['what does slope mean', 'concept'],
  ['whats the rule for semicolons', 'concept'],
  ['which formula do i need', 'concept'],
  ['what skill is this', 'concept'],
  ['teach me the idea behind this', 'concept'],
  ['what is a transition', 'concept'],
  ['what is being tested here', 'concept'],
  ['what does most nearly mean mean', 'concept'],
  ['how does this work in general, the concpet', 'concept'],
  ['what is the definition of median', 'concept'],
  ['is there a faster way to do this?', 'concept'],
  ['what is this question really asking', 'concept'],
  // check my work
  ['is my answer right?', 'check-work'],
  ['can you check my work', 'check-work'],
  ['i got 7, is that right', 'check-work'],
  ['am i correct', 'check-work'],
  ['did i get this right', 'check-work'],
  ['is b correct', 'check-work'],
  ['chek my answer pls', 'check-work'],
  ['was i right', 'check-work'],
  ['is it 12?', 'check-work'],
  ['verify my solution', 'check-work'],
  ['my answer was C, correct?', 'check-work'],
  // something else about the item: the full explanation
  ['explain', 'explain'],
  ['can you explain this', 'explain'],
  ['how do you solve this', 'explain'],
  ['walk me through it', 'explain'],
  ['i dont get it', 'explain'],
  ['idk', 'explain'],
  ['why is A the answer', 'explain'],
  ['why is B right', 'explain'],
  ['show me the steps', 'explain'],
  ['expalin the solution plz', 'explain'],
  ['help', 'explain'],
  ['im so confused', 'explain'],
  ['this makes no sense to me', 'explain'],
  // cannot answer: empty, off-topic, noise
  ['', null],
  ['   ', null],
  ['???', null],
  ['asdfgh', null],
  ['lol', null],
  ['whats the weather tomorrow', null],
  ['who won the game last night', null],
  ['hi', null],
];

describe('help intent classifier', () => {
  it(`recognises what the student asks on ${PHRASINGS.length} phrasings`, () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(60);
    const wrong = PHRASINGS.map(([q, want]) => [q, want, classifyHelpQuery(q)] as const).filter(([, want, got]) => want !== got);
    expect(wrong).toEqual([]);
  });

  it('covers every intent with several phrasings', () => {
    const per = new Map<string, number>();
    for (const [, intent] of PHRASINGS) per.set(String(intent), (per.get(String(intent)) ?? 0) + 1);
    for (const intent of ['why-wrong', 'first-step', 'hint', 'concept', 'check-work', 'explain', 'null']) expect(per.get(intent)).toBeGreaterThanOrEqual(6);
  });

  it('treats a query that uses the item\u2019s own words as about the item', () => {
    expect(classifyHelpQuery('bacteria doubling??', new Set(['bacteria', 'doubles']))).toBe('explain');
    expect(classifyHelpQuery('bacteria doubling??')).toBeNull();
  });

  it('finds the choice or value a query names', () => {
    expect(answerNamedInQuery('can u explain why B is wrong', 'mcq')).toBe('B');
    expect(answerNamedInQuery('why is c wrong', 'mcq')).toBe('C');
    expect(answerNamedInQuery('i picked d', 'mcq')).toBe('D');
    expect(answerNamedInQuery('why is choice a incorrect', 'mcq')).toBe('A');
    expect(answerNamedInQuery('is a right?', 'mcq')).toBe('A');
    expect(answerNamedInQuery('why is my answer wrong', 'mcq')).toBeNull();
    expect(answerNamedInQuery('i need a hint', 'mcq')).toBeNull();
    expect(answerNamedInQuery('i got 7, is that right', 'spr')).toBe('7');
    expect(answerNamedInQuery('is it −3/2?', 'spr')).toBe('-3/2');
  });
});
