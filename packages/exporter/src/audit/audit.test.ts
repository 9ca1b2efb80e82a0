import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHelp, renderPerformance, renderPlanAction } from '../sources/render.ts';
import { performanceView } from '../sources/performance.ts';
import { contradiction, groundingViolation, hardRuleBroken, internalId, keyLeak, placeholderIn, skeletonOf } from './checks.ts';
import { SplitDecontaminator } from './decontaminate.ts';
import { auditDataset } from './files.ts';
import { AuditCollector } from './stats.ts';

const item = (studentAnswer: string | null) => ({
  skill: 'linear-equations-one-variable', passage: null, stem: 'If 3x + 6 = 21, what is the value of x?', format: 'mcq' as const,
  choices: [{ label: 'A', text: '3' }, { label: 'B', text: '5' }, { label: 'C', text: '15' }, { label: 'D', text: '25' }], correctAnswer: 'B', studentAnswer,
});
const help = (studentAnswer: string | null, query = 'why?') => renderHelp(item(studentAnswer) as Parameters<typeof renderHelp>[0], query);
const feedbackInput = renderPerformance(performanceView({ Math: { Algebra: { correct: 3, total: 5 }, 'Advanced Math': { correct: 4, total: 5 } } }));

describe('audit checks', () => {
  it('placeholders: redaction tokens and unfilled template slots in outputs, not ordinary brackets', () => {
    expect(placeholderIn('Excellent work, [NAME]: you answered 7 of 10.')).toBe('[NAME]');
    expect(placeholderIn('Write to [EMAIL] for help.')).toBe('[EMAIL]');
    expect(placeholderIn('Focus next on {skill}.')).toBe('{skill}');
    expect(placeholderIn('Excellent work: you answered 7 of 10.')).toBeNull();
    expect(placeholderIn('The interval [0, 5] and the set {1, 2} are fine.')).toBeNull();
  });

  it('internal ids: the bank\'s item ids, not ordinary hyphenated words', () => {
    expect(internalId('On question M-ADV-NLF-EXPO-03, the key step is: factor.')).toBe('M-ADV-NLF-EXPO-03');
    expect(internalId('RW-II-C05 says so.')).toBe('RW-II-C05');
    expect(internalId('A well-known T-shirt problem about x-intercepts in Problem-Solving and Data Analysis.')).toBeNull();
  });

  it('grounding: counts, percentages, times, earlier results and skill names the input does not give', () => {
    // Derivable from the input: the domain tallies, their sum and percentages.
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'You answered 7 of 10 questions correctly (70%). Algebra 3/5, Advanced Math 4/5.' })).toBeNull();
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'You averaged 41 seconds per question, which is within SAT pacing.' })).toMatch(/41 seconds/);
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'That is up 20 points from your last session (55%).' })).toMatch(/55%|20 points|last session/);
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'Focus next on linear inequalities in one or two variables.' })).toMatch(/skill/);
    // A name with a subtitle, in the tutor's running form ("command of evidence (textual)"), is the same skill: checked against the input's name.
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'Focus next on command of evidence (textual).' })).toMatch(/names the skill "command of evidence \(textual\)"/);
    const withSkill = `${feedbackInput}\nSkills (this session; all practice including it):\n- Command of evidence: textual: 1 of 3 correct (33%); all practice 1 of 3 (33%)`;
    expect(groundingViolation({ source: 'feedback_ratings', input: withSkill, output: 'Focus next on command of evidence (textual).' })).toBeNull();
    expect(groundingViolation({ source: 'feedback_ratings', input: withSkill, output: 'Focus next on command of evidence: textual.' })).toBeNull();
    // A context that says there is no earlier session gives nothing to compare with.
    const firstSession = `${feedbackInput}\nSession: 7 of 10 correct (70%).\nPrevious session: none (first session).`;
    expect(groundingViolation({ source: 'feedback_ratings', input: firstSession, output: 'You got 7 of 10, up from your last session.' })).toMatch(/earlier result/);
    expect(groundingViolation({ source: 'feedback_ratings', input: firstSession.replace('none (first session)', '50% correct'), output: 'You got 7 of 10, up from your last session.' })).toBeNull();
    // Figures over all the student's practice need them in the input; they are not an earlier session.
    const allPractice = `${firstSession}\n- Linear functions: 3 of 5 correct (60%); all practice 8 of 24 (33%)`;
    expect(groundingViolation({ source: 'feedback_ratings', input: allPractice, output: 'Over all your practice you have 8 of 24 (33%) on linear functions.' })).toBeNull();
    expect(groundingViolation({ source: 'feedback_ratings', input: firstSession, output: 'Over all your practice you are improving.' })).toMatch(/earlier result/);
    expect(groundingViolation({ source: 'feedback_ratings', input: allPractice, output: 'You are up 20 points from your last session.' })).toMatch(/earlier result/);
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'Good session. Next, practise 5 questions on algebra.' })).toBeNull();
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'Tip: a 15% increase is a multiplier of 1.15.' })).toBeNull();
    expect(groundingViolation({ source: 'feedback_ratings', input: feedbackInput, output: 'Tip: use a multiplier (a 15% increase is × 1.15).' })).toBeNull();
    // A reply to a note on no question, or a community answer, teaches its topic: the skill's name and a worked
    // example's numbers are free; what it says of the student is not.
    const note = "Student's note: i keep mixing up slope and intercept";
    expect(groundingViolation({ source: 'user_notes', input: note, output: 'Many students find linear functions tricky. Worked example: 933 pounds less 172 leaves 761, and 761/32 is about 23.8, so 23 bags.' })).toBeNull();
    expect(groundingViolation({ source: 'user_notes', input: note, output: 'A worked example: Text: “You recycled 18% of your waste and soaked seeds for 12 hours.” The answer is the second choice.' })).toBeNull();
    expect(groundingViolation({ source: 'user_notes', input: note, output: 'A worked example: Text: “Group B scored 17 points higher than group A.” The answer is the second choice.' })).toBeNull();
    expect(groundingViolation({ source: 'user_notes', input: note, output: 'You scored 17 points higher than last time.' })).toMatch(/17 points|earlier/);
    expect(groundingViolation({ source: 'user_notes', input: note, output: 'On linear functions you got 3 of 5 right last week.' })).toMatch(/got 3|3 of 5|earlier/);
    expect(groundingViolation({ source: 'community', input: 'Community question (Linear functions): slope?', output: 'You answered 7 of 10 of these correctly.' })).toMatch(/answered 7|7 of 10/);
    // The SAT's own pace is knowledge, not a fact about the student; the student's own time still is one.
    expect(groundingViolation({ source: 'user_notes', input: "Student's note: i ran out of time", output: 'On pacing: the digital SAT allows about 71 seconds per Reading and Writing question and about 95 per Math question.' })).toBeNull();
    expect(groundingViolation({ source: 'user_notes', input: "Student's note: i ran out of time", output: 'You spent 71 seconds on each question.' })).toMatch(/71 seconds/);
    // A plan text may repeat the input's before/after figures.
    const plan = renderPlanAction({ day: 2, skill: 'percentages', count: 10, goal: 'practice', origin: 'initial' } as never, 'completed', null, { skill: 'percentages', correct: 2, total: 4 } as never, { skill: 'percentages', correct: 5, total: 8 } as never, { changes: [], explanation: '' } as never);
    expect(groundingViolation({ source: 'study_plan_actions', input: plan, output: 'Your accuracy on percentages is now 63% (5/8), compared with 50% (2/4).' })).toBeNull();
    expect(groundingViolation({ source: 'study_plan_actions', input: plan, output: 'Your accuracy on percentages is now 80% (8/10).' })).toMatch(/80%|8\/10/);
  });

  it('grounding of an explanation: worked steps are free, the final answer must be the key', () => {
    expect(groundingViolation({ source: 'help_requests', input: help('A'), output: 'Subtract 5: 3x = 15, so x = 5. The correct answer is B (5).' })).toBeNull();
    expect(groundingViolation({ source: 'help_requests', input: help('A'), output: 'So x = 15. The correct answer is C.' })).toMatch(/not the key/);
  });

  it('grounding of an explanation: a grid-in has no choices to try, compare with or rule out', () => {
    const gridIn = renderHelp({ ...item(null), format: 'spr', choices: [], correctAnswer: '5' } as Parameters<typeof renderHelp>[0], 'how do I start?');
    expect(gridIn).not.toMatch(/^[A-D]\) /m);
    // The offline tutor's help-explain/v3 first step on a grid-in, and what a model might write.
    expect(groundingViolation({ source: 'help_requests', input: gridIn, output: 'First step: reread what the question asks, then try each choice in the condition the question gives and rule out any that do not fit.' })).toMatch(/each choice.*no choices/);
    expect(groundingViolation({ source: 'help_requests', input: gridIn, output: 'Subtract 6 first, then compare where it leads with the choices.' })).toMatch(/no choices/);
    expect(groundingViolation({ source: 'user_notes', input: gridIn.replace(/Student asks: .*/, "Student's note: stuck"), output: 'Plug each of the options back in.' })).toMatch(/options/);
    expect(groundingViolation({ source: 'help_requests', input: gridIn, output: 'Subtract 6 from both sides, then divide by 3, and put your value back in to check it.' })).toBeNull();
    expect(groundingViolation({ source: 'help_requests', input: gridIn, output: 'Your choice of method is fine: subtract 6 first.' })).toBeNull();
    // Where the item has choices, speaking of them is grounded.
    expect(groundingViolation({ source: 'help_requests', input: help(null, 'how do I start?'), output: 'Try each choice in the equation and rule out the ones that fail.' })).toBeNull();
  });

  it('key leaks: a hint that names the key letter or quotes the correct choice; an explanation may', () => {
    const hint = { source: 'help_requests' as const, input: help(null, 'hint please'), promptVersion: 'help-hint/v1' };
    expect(keyLeak({ ...hint, output: 'Subtract 6 from both sides first; the answer is B.' })).toMatch(/key B/);
    expect(keyLeak({ ...hint, output: 'Choice B is correct once you divide.' })).toMatch(/key B/);
    expect(keyLeak({ ...hint, output: 'Subtract 6 from both sides and divide by 3 to get 5.' })).toMatch(/correct choice "5"/);
    expect(keyLeak({ ...hint, output: 'Subtract the constant from both sides first, then divide by the coefficient.' })).toBeNull();
    expect(keyLeak({ ...hint, promptVersion: 'help-explain/v1', output: 'The correct answer is B (5).' })).toBeNull();
  });

  it('contradictions: a verdict on the student\'s answer that the input contradicts', () => {
    expect(contradiction({ source: 'help_requests', input: help('A'), output: 'Your answer A (3) is correct. Subtract 5 first.' })).toMatch(/calls A correct/);
    expect(contradiction({ source: 'help_requests', input: help(null), output: 'Your answer is correct.' })).toMatch(/never gave/);
    expect(contradiction({ source: 'help_requests', input: help('B'), output: 'You answered B (5), but the correct answer is B (5).' })).toMatch(/wrong/);
    expect(contradiction({ source: 'help_requests', input: help('B'), output: 'Your answer B (5) is correct.' })).toBeNull();
    expect(contradiction({ source: 'help_requests', input: help('A'), output: 'You answered A (3), but the correct answer is B (5).' })).toBeNull();
    // The answer line's label redacted (a student named "... Student ..."): the answer is still read.
    expect(contradiction({ source: 'help_requests', input: help('B').replace("Student's answer", "[NAME]'s answer"), output: 'Your answer B (5) is correct.' })).toBeNull();
  });

  it('hardRuleBroken names the first rule broken; a clean example passes', () => {
    expect(hardRuleBroken({ source: 'user_notes', input: "Student's note: quadratics", output: 'On question M-ADV-NLF-EXPO-03, [NAME], factor first.' })?.rule).toBe('placeholder');
    expect(hardRuleBroken({ source: 'help_requests', input: help('A'), output: 'You answered A (3), but the correct answer is B (5). Subtract 5, then divide by 3.' })).toBeNull();
  });

  it('skeletons mask numbers, skill names, placeholders and letters', () => {
    expect(skeletonOf('You got 3 of 5 on Linear functions; choice B.')).toBe(skeletonOf('You got 4 of 9 on percentages; choice D.'));
    expect(skeletonOf('You got 3 of 5.')).not.toBe(skeletonOf('Try the next set.'));
  });
});

describe('audit figures', () => {
  it('counts exact and near duplicates in train, train/validation overlap, skeleton share, lengths and labels', () => {
    const c = new AuditCollector();
    c.output('help_requests', 'train', 'Subtract 5 from both sides.');
    c.output('help_requests', 'train', 'Subtract 5 from both sides.');
    c.output('help_requests', 'train', 'subtract 5, from both sides');
    c.output('help_requests', 'train', 'Subtract 7 from both sides.');
    c.output('help_requests', 'validation', 'Subtract 5 from both sides.');
    c.output('help_requests', 'validation', 'Something else entirely.');
    c.label('help_requests', true);
    c.label('help_requests', false);
    const r = c.report().by_source.help_requests!;
    expect(r).toMatchObject({ outputs: 6, exact_duplicates: 1, near_duplicates: 1, train_validation_overlap: 1, kto_labels: { true: 1, false: 1 } });
    expect(r.near_duplicate_rate).toBe(0.5);
    // Five outputs share the "subtract # from both sides" skeleton; one is alone.
    expect(r.skeleton_share).toBeCloseTo(5 / 6, 3);
    expect(r.length.max).toBe('Subtract 5 from both sides.'.length);
  });

  it('decontamination keeps a text out of one split once the other has it, whichever comes first', () => {
    const d = new SplitDecontaminator(100);
    expect(d.accept('train', 11, 22)).toBe(true);
    expect(d.accept('validation', 11, 22)).toBe(false);
    expect(d.accept('validation', 33, 44)).toBe(true);
    expect(d.accept('train', 33, 44)).toBe(false);
    expect(d.accept('train', 55, 66)).toBe(true);
    expect(d.dropped).toEqual({ train: 1, validation: 1 });
  });

  it('audit-dataset reads an export directory, with side metadata, per source', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    const meta = (source: string, pv = 'v1') => JSON.stringify({ example_id: 'x', source_table: source, origin: 'real', prompt_version: pv });
    writeFileSync(path.join(dir, 'real_sat_data.jsonl'), [
      JSON.stringify({ input: feedbackInput, output: 'Great work, [NAME]! You answered 7 of 10.' }),
      JSON.stringify({ input: help(null, 'hint'), output: 'Think about it: the answer is B.' }),
      JSON.stringify({ input: help('A'), output: 'You answered A (3), but the correct answer is B (5).' }),
    ].join('\n') + '\n');
    writeFileSync(path.join(dir, 'metadata.jsonl'), [meta('feedback_ratings'), meta('help_requests', 'help-hint/v1'), meta('help_requests')].join('\n') + '\n');
    writeFileSync(path.join(dir, 'real_sat_data.validation.jsonl'), `${JSON.stringify({ input: help('A'), output: 'You answered A (3), but the correct answer is B (5).' })}\n`);
    writeFileSync(path.join(dir, 'metadata.validation.jsonl'), `${meta('help_requests')}\n`);
    const r = await auditDataset(dir);
    expect(r.format).toBe('seed');
    expect(r.by_source.feedback_ratings!.violations.placeholder).toBe(1);
    expect(r.by_source.help_requests!.violations.key_leak).toBe(1);
    expect(r.by_source.help_requests!.train_validation_overlap).toBe(1);
    expect(r.totals.outputs).toBe(4);
  });
});
