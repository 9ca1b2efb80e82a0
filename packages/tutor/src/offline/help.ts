import { isCorrectAnswer, type ExplainRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { answerNamedInQuery, classifyHelpQuery, type HelpIntent } from './intent.ts';
import { askSentence, isMath, itemWords, keyText, revealsKey, setupClause, solutionSentences, whyChoiceFails } from './item.ts';
import { choiceText, endSentence, sentenceCase, skillInText, type OfflineText } from './shared.ts';
import { lowerOpener, variation } from './vary.ts';

/**
 * v3: answers the intent of the query (why wrong, first step, hint, concept, check, explain); hints
 * never state the key. Each sentence slot has several realisations and independent sentences come
 * in a varied order, chosen deterministically per request (item, query, answer, session state).
 * help-explain/v4, help-hint/v5: a grid-in's answers no longer tell the student to try, compare with
 * or eliminate choices it does not have (v3/v4 did in ~1 in 5 of its first-step and open-session answers).
 */
export const HELP_PROMPT_VERSIONS = { explain: 'help-explain/v4', hint: 'help-hint/v5' } as const;

/** Picks one realisation of a sentence slot for this request. */
type Pick = (slot: string, options: readonly string[]) => string;

/** The parts in the given order or reversed, as the request's variation decides (only where order does not matter). */
const ordered = (v: Pick, slot: string, parts: string[]) => (v(slot, ['keep', 'swap']) === 'swap' ? [...parts].reverse() : parts);

type Item = ExplainRequest['question'];

const tip = (q: Item) => SKILL_TIPS[q.skill as keyof typeof SKILL_TIPS];
const skill = (q: Item) => skillInText(q.skill);
const end = endSentence;

/** "B, “15”" for a choice, or the value itself for a grid-in. */
function named(q: Item, answer: string): string {
  if (q.format !== 'mcq') return answer;
  const text = choiceText(q, answer);
  return text ? `${answer.toUpperCase()}, “${text.replace(/\.$/, '')}”` : answer.toUpperCase();
}

const keyNamed = (q: Item) => named(q, q.answer);
const solution = (q: Item) => solutionSentences(q).join(' ');

function checkMethod(q: Item, v: Pick): string {
  return isMath(q)
    ? v('check-math', [
      'put your value back into the original equation or conditions and see whether every one of them holds',
      'substitute your value into the original equation or conditions and confirm each one is satisfied',
      'plug your result back into what the question gives and check that nothing breaks',
    ])
    : v('check-text', [
      'point to the exact words in the text that support your choice; if you cannot find them, the choice is probably not supported',
      'find the words in the text that back your choice up; a choice you cannot anchor in the text is usually wrong',
      'underline the part of the text your choice relies on; if nothing there supports it, be suspicious of it',
    ]);
}

function eliminationMethod(q: Item, v: Pick): string {
  return isMath(q)
    ? v('elim-math', [
      'test each choice against the condition the question sets and discard every one that fails it',
      'check every choice against the condition in the question and drop the ones that fail',
      'try each choice in the condition the question gives and rule out any that do not fit',
    ])
    : v('elim-text', [
      'cross a choice out as soon as one part of it goes beyond the text or against it',
      'rule a choice out the moment any part of it says more than the text does or contradicts it',
      'eliminate any choice with even one part the text does not support',
    ]);
}

/**
 * A way to work towards the answer without the key: ruling out choices where the item has them;
 * a grid-in has none, so relating what it gives to what it asks for.
 */
function approach(q: Item, v: Pick): string {
  if (q.format === 'mcq') return eliminationMethod(q, v);
  return v('work-grid', [
    'write down the quantities it gives and the one it asks for, and set up the relationship that links them',
    'list what the question gives you, name the quantity you need, and connect them with an equation or rule before you calculate',
    'note each given value and what is being asked for, and find how they are related before computing anything',
  ]);
}

/** The parts of a hint that do not give the key away, in order; never empty. */
function safeParts(q: Item, parts: string[], fallback: string): string {
  const kept = parts.filter((p) => !revealsKey(p, q));
  return (kept.length > 0 ? kept : [fallback]).join(' ');
}

function whyWrong(q: Item, asked: string | null, student: string | null, v: Pick): string {
  const who = asked && student && asked.toUpperCase() === student.toUpperCase() ? 'You chose' : asked ? 'You asked about' : 'You chose';
  const pick = asked ?? student;
  if (!pick) {
    if (q.format !== 'mcq') {
      return `${v('no-entry', ['You have not entered an answer for this one, so there is no mistake to find yet.', 'There is no answer of yours on this one yet, so nothing to diagnose.', 'You left this one blank, so there is no mistake of yours to look at.'])} ${v('key-lead', [`The answer is ${q.answer}: ${solution(q)}`, `Here is how to get ${q.answer}: ${solution(q)}`, `${solution(q)} That gives ${q.answer}.`])}`;
    }
    const wrong = q.choices.filter((c) => c.label !== q.answer).map((c) => `${c.label}, “${c.text}”: ${end(lowerOpener(whyChoiceFails(q, c.label)))}`);
    const lead = v('no-pick', [
      'You have not picked a choice here, so here is why each wrong choice fails.',
      'No choice of yours to look at yet, so here is what is wrong with each of the others.',
      'Since you have not chosen yet, here is where each wrong choice breaks down.',
    ]);
    const key = v('key-after', [`The correct answer is ${keyNamed(q)}: ${solution(q)}`, `That leaves ${keyNamed(q)}, the correct answer: ${solution(q)}`, `The one that works is ${keyNamed(q)}. ${solution(q)}`]);
    return `${lead} ${wrong.join(' ')} ${key}`;
  }
  if (isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: q.acceptedAnswers ?? [] }, pick)) {
    return `${v('is-right', [`${named(q, pick)} is actually the correct answer, so nothing is wrong with it.`, `Good news: ${named(q, pick)} is the correct answer.`, `Nothing is wrong with ${named(q, pick)}; it is the right answer.`])} ${v('confirm-lead', ['', 'Here is why it works: ', 'The reasoning: '])}${solution(q)}`;
  }
  if (q.format === 'mcq' && choiceText(q, pick)) {
    const fails = end(whyChoiceFails(q, pick.toUpperCase()));
    const why = v('why-lead', [`Why it is tempting and where it fails: ${fails}`, `Here is where it goes wrong: ${fails}`, `The problem with it: ${fails}`, `It looks reasonable, but here is where it fails: ${fails}`]);
    const key = v('key-after', [`The correct answer is ${keyNamed(q)}: ${solution(q)}`, `The right choice is ${keyNamed(q)}. ${solution(q)}`, `What works instead is ${keyNamed(q)}: ${solution(q)}`]);
    return `${who} ${named(q, pick)}. ${why} ${key}`;
  }
  const compare = v('compare', [
    `If you reached ${pick}, compare your steps with these one at a time; the first step that differs is the mistake.`,
    `To find your slip, line your work up against these steps; where it first differs is where ${pick} came from.`,
    `Go through your own work next to these steps: the first place they disagree is the error behind ${pick}.`,
  ]);
  return `${who} ${pick}, ${v('but-key', [`but the answer is ${keyText(q)}.`, `while the correct answer is ${keyText(q)}.`, `and the correct value is ${keyText(q)}.`])} ${v('part-ways', ['Where the two part ways: ', 'How to get there: ', 'The working: '])}${solution(q)} ${compare}`;
}

function checkWork(q: Item, asked: string | null, student: string | null, v: Pick): string {
  const pick = asked ?? student;
  if (!pick) {
    const parts = ordered(v, 'nothing-order', [
      `${v('check-yourself', ['To check an answer yourself,', 'When you do have one, a way to check it:', 'To test an answer on your own,'])} ${checkMethod(q, v)}.`,
      v('for-reference', [`For reference, the correct answer is ${keyNamed(q)}.`, `The correct answer, for comparison, is ${keyNamed(q)}.`]),
    ]);
    return `${v('nothing', ['I do not see an answer of yours to check on this one.', 'There is no answer of yours on this question yet.', 'You have not answered this one, so there is nothing to check.'])} ${parts.join(' ')}`;
  }
  if (isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: q.acceptedAnswers ?? [] }, pick)) {
    const reasoning = `${v('confirm', ['The reasoning that confirms it:', 'Why it holds:', 'Here is the check:'])} ${solution(q)}`;
    const self = `${v('self-check', ['To check answers like this yourself,', 'Next time, to check it on your own,', 'A quick way to confirm answers like this:'])} ${checkMethod(q, v)}.`;
    return `Checked: ${named(q, pick)} ${v('right', ['is right.', 'is right, well done.', 'is right; nice work.'])} ${ordered(v, 'right-order', [reasoning, self]).join(' ')}`;
  }
  const why = q.format === 'mcq' && choiceText(q, pick) ? ` ${end(whyChoiceFails(q, pick.toUpperCase()))}` : '';
  const start = setupClause(q);
  const redo = start
    ? v('redo-start', [`Redo it from the start (${lowerOpener(start)}) and you should reach ${keyNamed(q)}.`, `Go back to the setup (${lowerOpener(start)}) and work forward; you should arrive at ${keyNamed(q)}.`, `Go back to the first step (${lowerOpener(start)}); done carefully, it leads to ${keyNamed(q)}.`])
    : v('redo-steps', [`Redo it step by step and you should reach ${keyNamed(q)}.`, `Work through it again one step at a time; you should land on ${keyNamed(q)}.`, `Take it again slowly and you should arrive at ${keyNamed(q)}.`]);
  return `Checked: ${named(q, pick)} ${v('wrong', ['does not hold up.', 'is not right.', 'does not work.'])}${why} ${redo}`;
}

function firstStep(q: Item, hintOnly: boolean, v: Pick): string {
  const start = setupClause(q);
  if (hintOnly) {
    const lead = v('hint-step-lead', ['A first step, without the answer:', 'Here is a way in, without the answer:', 'To get started (no answer given away):']);
    const first = start ? `${lead} ${end(lowerOpener(start))}` : `${lead} work out exactly what the question asks, “${askSentence(q)}”, and note what the question gives you.`;
    const fallback = `A first step: reread what the question asks, then ${approach(q, v)}.`;
    // Without its step (a setup that would give the key away), "carry it through" says nothing: the fallback step instead (help-hint/v4).
    if (revealsKey(first, q)) return fallback;
    return safeParts(q, [first, v('carry', ['Carry it through yourself and see which result it leads to.', 'Take it from there on your own and see where it leads.', 'Follow it through and see which result you reach.'])], fallback);
  }
  const lead = v('step-lead', ['First step:', 'Start here:', 'Step one:', 'Begin like this:']);
  return start
    ? `${lead} ${end(lowerOpener(start))} ${q.format === 'mcq'
      ? v('step-then', ['Carry that through and compare where it leads with the choices; ask me to explain it if you want the full solution.', 'Follow that through and see which answer it points to; ask for the full explanation if you get stuck.', 'From there, keep going and check your result against the options; I can walk through the rest if you ask.'])
      : v('step-then-grid', ['Carry that through to the value the question asks for; ask me to explain it if you want the full solution.', 'Follow that through and see what value it gives; ask for the full explanation if you get stuck.', 'From there, keep going until you reach the value asked for, and check it in the question; I can walk through the rest if you ask.'])}`
    : noSetupStep(q, lead, v);
}

/**
 * The first step where the item's setup would give the key away: what is asked, the method its skill
 * rests on, and a way to narrow it down (choices to rule out, or, on a grid-in, what to relate).
 * Before v4 every such item got the same elimination sentence whatever its skill.
 */
function noSetupStep(q: Item, lead: string, v: Pick): string {
  const ask = `${lead} ${v('step-ask', ['make sure you know exactly what the question asks,', 'pin down exactly what is being asked,', 'reread the question to be sure of what it asks,'])} “${askSentence(q)}”`;
  const method = `${v('step-idea', ['The method:', 'What to apply:', 'The way in:'])} ${end(tip(q))}`;
  if (q.format !== 'mcq') return `${ask}, then ${approach(q, v)}. ${method}`;
  return `${end(ask)} ${method} ${v('step-elim-lead', ['If you are still unsure,', 'To narrow it down,', 'Failing that,'])} ${eliminationMethod(q, v)}.`;
}

function hint(q: Item, hintOnly: boolean, v: Pick): string {
  const idea = `${v('hint-lead', ['Hint:', 'A hint:', 'Here is a nudge:', 'Try this:'])} ${end(tip(q))}`;
  const ask = v('hint-ask', [`Keep in mind what the question asks: “${askSentence(q)}”`, `Look again at what is being asked: “${askSentence(q)}”`, `Focus on the question itself: “${askSentence(q)}”`]);
  return safeParts(q, [
    ...ordered(v, 'hint-order', [idea, ask]),
    hintOnly
      ? v('hint-later', ['Once you submit the session, ask again and I will go through the full solution with you.', 'After you submit, ask me again for the full solution.', 'The full walkthrough is available once you submit the session.'])
      : v('hint-retry', ['Try it again with that in mind before you look at the full solution.', 'Give it another go with that in mind before asking for the full solution.', 'See how far that gets you before you look at the worked answer.']),
  ], `Hint: ${approach(q, v)}.`);
}

function concept(q: Item, hintOnly: boolean, v: Pick): string {
  const start = setupClause(q);
  const tests = v('tests', [`This question tests ${skill(q)}.`, `The skill here is ${skill(q)}.`, `This is a ${skill(q)} question.`]);
  const idea = v('idea', [`The idea to use: ${end(tip(q))}`, `The key idea: ${end(tip(q))}`, `What to apply: ${end(tip(q))}`]);
  const parts = [`${tests} ${idea}`];
  if (start) parts.push(`${v('shows-up', ['Here it shows up like this:', 'In this question, that means:', 'Applied here:'])} ${end(lowerOpener(start))}`);
  return hintOnly ? safeParts(q, parts, tests) : parts.join(' ');
}

function explainAll(q: Item, student: string | null, v: Pick): string {
  const parts: string[] = [];
  if (student && isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: q.acceptedAnswers ?? [] }, student)) {
    parts.push(v('ex-right', [`Your answer ${named(q, student)} is correct.`, `You got it: ${named(q, student)} is correct.`, `${named(q, student)}, your answer, is correct.`]));
  } else if (student) {
    parts.push(v('ex-wrong', [`You answered ${named(q, student)}; the correct answer is ${keyNamed(q)}.`, `The correct answer is ${keyNamed(q)}, not ${named(q, student)}.`, `Your answer was ${named(q, student)}, but the key is ${keyNamed(q)}.`]));
  } else {
    parts.push(v('ex-key', [`The correct answer is ${keyNamed(q)}.`, `The answer is ${keyNamed(q)}.`, `${keyNamed(q)} is the correct answer.`]));
  }
  parts.push(`${v('ex-sol', ['', 'Here is why: ', 'The reasoning: ', 'How to see it: '])}${solution(q)}`);
  const extra: string[] = [];
  if (q.format === 'mcq' && student && student.toUpperCase() !== q.answer && choiceText(q, student)) {
    extra.push(`${v('tempting', ['Your choice is tempting for a reason:', 'Why your choice looked right:', 'About your choice:'])} ${end(lowerOpener(whyChoiceFails(q, student.toUpperCase())))}`);
  } else if (q.format === 'mcq' && q.choiceExplanations) {
    const wrong = q.choices.filter((c) => c.label !== q.answer && q.choiceExplanations?.[c.label]);
    if (wrong.length > 0) extra.push(`${v('others', ['The others:', 'As for the other choices:', 'Why the rest fail:'])} ${wrong.map((c) => `${c.label}: ${end(lowerOpener(whyChoiceFails(q, c.label)))}`).join(' ')}`);
  }
  extra.push(v('general', [`For ${skill(q)} in general: ${end(tip(q))}`, `A rule for ${skill(q)} questions: ${end(tip(q))}`, `To carry over to other ${skill(q)} questions: ${end(tip(q))}`]));
  return [...parts, ...ordered(v, 'extra-order', extra)].join(' ');
}

/** While the session is open, the verdict-type intents are answered with a way to judge it oneself. */
function hintOnlyFor(q: Item, intent: HelpIntent, v: Pick): string {
  switch (intent) {
    case 'check-work':
      return safeParts(q, [
        `${v('no-confirm', ["I can't confirm answers while this session is open, but you can check your own:", 'While the session is open I will not confirm answers; here is how to check yours:', "Answers stay unconfirmed until you submit, but you can test yours:"])} ${end(checkMethod(q, v))}`,
        v('submit-later', ['Submit the session and I will go over it with you.', 'Once you submit, I can go through it with you.', 'After you submit, ask again and we will review it.']),
      ], 'I can\'t confirm answers while this session is open; submit it and I will go over it with you.');
    case 'why-wrong': {
      const withheld = q.format === 'mcq' ? "I can't say which choices are wrong until you submit the session." : "I can't say whether an answer is wrong until you submit the session.";
      const verdict = q.format === 'mcq'
        ? `${v('no-verdict', [withheld, 'Which choices are wrong stays hidden until you submit.', 'I will not mark choices right or wrong before you submit.'])} ${v('test-choice', ['To test a choice yourself,', 'To judge a choice on your own,', 'A way to test each one:'])} ${end(eliminationMethod(q, v))}`
        : `${v('no-verdict-grid', [withheld, 'Whether an answer is right stays hidden until you submit.', 'I will not mark answers right or wrong before you submit.'])} ${v('test-value', ['To test your value yourself,', 'To judge your answer on your own,', 'A way to test it:'])} ${end(checkMethod(q, v))}`;
      return safeParts(q, ordered(v, 'hw-order', [
        verdict,
        `${v('for-skill', [`For ${skill(q)}:`, `A reminder for ${skill(q)}:`, `On ${skill(q)}:`])} ${end(tip(q))}`,
      ]), withheld);
    }
    case 'explain':
      return safeParts(q, [
        v('waits', ['The full solution waits until you submit this session.', 'I will walk through the full solution once you submit this session.', 'The complete explanation comes after you submit the session.']),
        setupClause(q)
          ? `${v('get-going', ['To get going:', 'For now, a start:', 'Meanwhile, begin here:'])} ${end(lowerOpener(setupClause(q)!))}`
          : `${v('get-going-ask', ['To get going, be sure of what the question asks:', 'For now, focus on what is being asked:', 'Meanwhile, reread the question:'])} “${askSentence(q)}”`,
      ], 'The full solution waits until you submit this session.');
    case 'first-step':
      return firstStep(q, true, v);
    case 'hint':
      return hint(q, true, v);
    case 'concept':
      return concept(q, true, v);
  }
}

const UNCLEAR =
  "I couldn't tell what you'd like to know about this question. Ask for a hint, the first step, the idea it tests, why an answer is wrong, or a check of your answer.";

/** Which intent a query is answered as (exported for tests and for the dataset audit). */
export function helpIntent(req: ExplainRequest): HelpIntent | null {
  return classifyHelpQuery(req.query, itemWords(req.question));
}

/** Answers a student's help request on one item: what they asked, and only hints while the session is open. */
export function explain(req: ExplainRequest): OfflineText {
  const q = req.question;
  const promptVersion = req.hintOnly ? HELP_PROMPT_VERSIONS.hint : HELP_PROMPT_VERSIONS.explain;
  const intent = helpIntent(req);
  if (!intent) return { text: UNCLEAR, promptVersion, unanswerable: true };
  const student = req.studentAnswer?.trim() ? req.studentAnswer.trim() : null;
  // Same request, same text; the query's own wording spreads repeated items over the realisations.
  const v = variation(`${q.id}|${q.stem}|${req.query}|${student ?? ''}|${req.hintOnly ? 1 : 0}`);
  if (req.hintOnly) return { text: hintOnlyFor(q, intent, v), promptVersion };
  const asked = answerNamedInQuery(req.query, q.format);
  const text = ((): string => {
    switch (intent) {
      case 'why-wrong':
        return whyWrong(q, asked, student, v);
      case 'check-work':
        return checkWork(q, asked, student, v);
      case 'first-step':
        return firstStep(q, false, v);
      case 'hint':
        return hint(q, false, v);
      case 'concept':
        return concept(q, false, v);
      case 'explain':
        return explainAll(q, student, v);
    }
  })();
  return { text: sentenceCase(text.replace(/\s+/g, ' ').trim()), promptVersion };
}
