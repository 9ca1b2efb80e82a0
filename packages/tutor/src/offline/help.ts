import { isCorrectAnswer, type ExplainRequest } from '@satprep/domain';
import { SKILL_TIPS } from '../skill-tips.ts';
import { answerNamedInQuery, classifyHelpQuery, type HelpIntent } from './intent.ts';
import { askSentence, isMath, itemWords, keyText, revealsKey, setupClause, solutionSentences, whyChoiceFails } from './item.ts';
import { choiceText, lowerFirst, sentenceCase, skillName, type OfflineText } from './shared.ts';

/** v2: answers the intent of the query (why wrong, first step, hint, concept, check, explain); hints never state the key. */
export const HELP_PROMPT_VERSIONS = { explain: 'help-explain/v2', hint: 'help-hint/v2' } as const;

type Item = ExplainRequest['question'];

const tip = (q: Item) => SKILL_TIPS[q.skill as keyof typeof SKILL_TIPS];
const skill = (q: Item) => lowerFirst(skillName(q.skill));
const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** "B, “15”" for a choice, or the value itself for a grid-in. */
function named(q: Item, answer: string): string {
  if (q.format !== 'mcq') return answer;
  const text = choiceText(q, answer);
  return text ? `${answer.toUpperCase()}, “${text.replace(/\.$/, '')}”` : answer.toUpperCase();
}

const keyNamed = (q: Item) => named(q, q.answer);
const solution = (q: Item) => solutionSentences(q).join(' ');

function checkMethod(q: Item): string {
  return isMath(q)
    ? 'put your value back into the original equation or conditions and see whether every one of them holds'
    : 'point to the exact words in the text that support your choice; if you cannot find them, the choice is probably not supported';
}

function eliminationMethod(q: Item): string {
  return isMath(q)
    ? 'test each choice against the condition the question sets and discard every one that fails it'
    : 'cross a choice out as soon as one part of it goes beyond the text or against it';
}

/** The parts of a hint that do not give the key away, in order; never empty. */
function safeParts(q: Item, parts: string[], fallback: string): string {
  const kept = parts.filter((p) => !revealsKey(p, q));
  return (kept.length > 0 ? kept : [fallback]).join(' ');
}

function whyWrong(q: Item, asked: string | null, student: string | null): string {
  const who = asked && student && asked.toUpperCase() === student.toUpperCase() ? 'You chose' : asked ? 'You asked about' : 'You chose';
  const pick = asked ?? student;
  if (!pick) {
    if (q.format !== 'mcq') return `You have not entered an answer for this one, so there is no mistake to find yet. The answer is ${q.answer}: ${solution(q)}`;
    const wrong = q.choices.filter((c) => c.label !== q.answer).map((c) => `${c.label}, “${c.text}”: ${lowerFirst(whyChoiceFails(q, c.label))}.`);
    return `You have not picked a choice here, so here is why each wrong choice fails. ${wrong.join(' ')} The correct answer is ${keyNamed(q)}: ${solution(q)}`;
  }
  if (isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: q.acceptedAnswers ?? [] }, pick)) {
    return `${named(q, pick)} is actually the correct answer, so nothing is wrong with it. ${solution(q)}`;
  }
  if (q.format === 'mcq' && choiceText(q, pick)) {
    return `${who} ${named(q, pick)}. Why it is tempting and where it fails: ${end(whyChoiceFails(q, pick.toUpperCase()))} The correct answer is ${keyNamed(q)}: ${solution(q)}`;
  }
  return `${who} ${pick}, but the answer is ${keyText(q)}. Where the two part ways: ${solution(q)} If you reached ${pick}, compare your steps with these one at a time; the first step that differs is the mistake.`;
}

function checkWork(q: Item, asked: string | null, student: string | null): string {
  const pick = asked ?? student;
  if (!pick) {
    return `I do not see an answer of yours to check on this one. To check an answer yourself, ${checkMethod(q)}. For reference, the correct answer is ${keyNamed(q)}.`;
  }
  if (isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: q.acceptedAnswers ?? [] }, pick)) {
    return `Checked: ${named(q, pick)} is right. The reasoning that confirms it: ${solution(q)} To check answers like this yourself, ${checkMethod(q)}.`;
  }
  const why = q.format === 'mcq' && choiceText(q, pick) ? ` ${end(whyChoiceFails(q, pick.toUpperCase()))}` : '';
  const start = setupClause(q);
  return `Checked: ${named(q, pick)} does not hold up.${why} ${start ? `Redo it from the start (${lowerFirst(start)}) and you` : 'Redo it step by step and you'} should reach ${keyNamed(q)}.`;
}

function firstStep(q: Item, hintOnly: boolean): string {
  const start = setupClause(q);
  if (hintOnly) {
    return safeParts(q, [
      start ? `A first step, without the answer: ${end(lowerFirst(start))}` : `A first step, without the answer: work out exactly what the question asks, “${askSentence(q)}”, and note what the question gives you.`,
      'Carry it through yourself and see which result it leads to.',
    ], `A first step: reread what the question asks, then ${eliminationMethod(q)}.`);
  }
  return start
    ? `First step: ${end(lowerFirst(start))} Carry that through and compare where it leads with the choices; ask me to explain it if you want the full solution.`
    : `First step: make sure you know exactly what the question asks, “${askSentence(q)}”, then ${eliminationMethod(q)}.`;
}

function hint(q: Item, hintOnly: boolean): string {
  return safeParts(q, [
    `Hint: ${end(tip(q))}`,
    `Keep in mind what the question asks: “${askSentence(q)}”`,
    hintOnly ? 'Once you submit the session, ask again and I will go through the full solution with you.' : 'Try it again with that in mind before you look at the full solution.',
  ], `Hint: ${eliminationMethod(q)}.`);
}

function concept(q: Item, hintOnly: boolean): string {
  const start = setupClause(q);
  const parts = [`This question tests ${skill(q)}. The idea to use: ${end(tip(q))}`];
  if (start) parts.push(`Here it shows up like this: ${end(lowerFirst(start))}`);
  return hintOnly ? safeParts(q, parts, `This question tests ${skill(q)}.`) : parts.join(' ');
}

function explainAll(q: Item, student: string | null): string {
  const parts: string[] = [];
  if (student && isCorrectAnswer({ format: q.format, answer: q.answer, acceptedAnswers: q.acceptedAnswers ?? [] }, student)) {
    parts.push(`Your answer ${named(q, student)} is correct.`);
  } else if (student) {
    parts.push(`You answered ${named(q, student)}; the correct answer is ${keyNamed(q)}.`);
  } else {
    parts.push(`The correct answer is ${keyNamed(q)}.`);
  }
  parts.push(solution(q));
  if (q.format === 'mcq' && student && student.toUpperCase() !== q.answer && choiceText(q, student)) {
    parts.push(`Your choice is tempting for a reason: ${end(lowerFirst(whyChoiceFails(q, student.toUpperCase())))}`);
  } else if (q.format === 'mcq' && q.choiceExplanations) {
    const wrong = q.choices.filter((c) => c.label !== q.answer && q.choiceExplanations?.[c.label]);
    if (wrong.length > 0) parts.push(`The others: ${wrong.map((c) => `${c.label}: ${end(lowerFirst(whyChoiceFails(q, c.label)))}`).join(' ')}`);
  }
  parts.push(`For ${skill(q)} in general: ${end(tip(q))}`);
  return parts.join(' ');
}

/** While the session is open, the verdict-type intents are answered with a way to judge it oneself. */
function hintOnlyFor(q: Item, intent: HelpIntent): string {
  switch (intent) {
    case 'check-work':
      return safeParts(q, [`I can't confirm answers while this session is open, but you can check your own: ${end(checkMethod(q))}`, 'Submit the session and I will go over it with you.'], 'I can\'t confirm answers while this session is open; submit it and I will go over it with you.');
    case 'why-wrong':
      return safeParts(q, [`I can't say which choices are wrong until you submit the session. To test a choice yourself, ${end(eliminationMethod(q))}`, `For ${skill(q)}: ${end(tip(q))}`], 'I can\'t say which choices are wrong until you submit the session.');
    case 'explain':
      return safeParts(q, [
        'The full solution waits until you submit this session.',
        setupClause(q) ? `To get going: ${end(lowerFirst(setupClause(q)!))}` : `To get going, be sure of what the question asks: “${askSentence(q)}”`,
      ], 'The full solution waits until you submit this session.');
    case 'first-step':
      return firstStep(q, true);
    case 'hint':
      return hint(q, true);
    case 'concept':
      return concept(q, true);
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
  if (req.hintOnly) return { text: hintOnlyFor(q, intent), promptVersion };
  const asked = answerNamedInQuery(req.query, q.format);
  const text = ((): string => {
    switch (intent) {
      case 'why-wrong':
        return whyWrong(q, asked, student);
      case 'check-work':
        return checkWork(q, asked, student);
      case 'first-step':
        return firstStep(q, false);
      case 'hint':
        return hint(q, false);
      case 'concept':
        return concept(q, false);
      case 'explain':
        return explainAll(q, student);
    }
  })();
  return { text: sentenceCase(text.replace(/\s+/g, ' ').trim()), promptVersion };
}
