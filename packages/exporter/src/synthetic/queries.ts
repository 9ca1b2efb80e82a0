import { pick } from '@satprep/domain/bank';

/**
 * What synthetic students write: help queries by intent, notes and skip reasons, each built from
 * several interchangeable parts (opener, body, closer, register), so the set holds hundreds of
 * distinct texts instead of a handful of templates. Deterministic for a given random source.
 */

type Rand = () => number;

/** The intents a help query expresses; `mine` ones need an answer of the student's. */
const HELP_BODIES: Record<string, readonly string[]> = {
  whyWrong: [
    'I picked {mine}. Why is it wrong?',
    'why is {mine} not right',
    'can u explain why {mine} is wrong',
    'What is wrong with {mine}?',
    'I was sure it was {mine}, what did I miss?',
    'how is {mine} incorrect??',
    'Where does {mine} go wrong?',
    'I chose {mine} and got it wrong, why',
  ],
  whyKey: [
    'Why is the answer {key}?',
    'how do you get {key}',
    'Can you show why {key} is correct?',
    'I do not see how the answer is {key}.',
    'why {key} and not something else',
    'What makes {key} the right choice?',
  ],
  firstStep: [
    'How do I start this one?',
    'Can you explain the first step?',
    'where do i even begin',
    'What should I do first here?',
    'I am stuck at the start, what is step one?',
    'how do I set this up',
  ],
  hint: [
    'Can I get a hint?',
    'just a hint please, not the answer',
    'Give me a small hint?',
    'any tip to get me going without giving it away?',
    'hint pls',
  ],
  concept: [
    'What is this question really asking?',
    'What concept is this testing?',
    'I do not understand the explanation, can you say it differently?',
    'what rule am i supposed to use here',
    'Can you explain the idea behind this kind of question?',
    'Which topic is this from?',
  ],
  check: [
    'Can you check my work? I got {mine}.',
    'I got {mine}, is that right?',
    'is {mine} correct',
    'Did I do this right? My answer was {mine}.',
    'double checking: {mine}?',
  ],
  faster: [
    'Is there a faster way to do this?',
    'This took me forever, any shortcut?',
    'how do i do this quicker on test day',
    'What is the quickest method here?',
  ],
};

const OPENERS = ['', '', '', 'Hi, ', 'ok so ', 'Sorry, ', 'Quick question: ', 'hey ', 'Hmm, ', 'Um, '];
const CLOSERS = ['', '', '', ' Thanks!', ' thx', ' Please help.', ' I am confused.', ' I keep getting these wrong.', ' 🙏'];

/** A help query; `mine` is the student's answer (null when they have none). */
export function helpQuery(rand: Rand, key: string, mine: string | null): string {
  const intents = Object.keys(HELP_BODIES).filter((k) => mine !== null || (k !== 'whyWrong' && k !== 'check'));
  const body = pick(rand, HELP_BODIES[pick(rand, intents)]!).replace('{key}', key).replace('{mine}', mine ?? '');
  const opener = pick(rand, OPENERS);
  const text = `${opener}${opener && body[0] !== 'I' ? body.charAt(0).toLowerCase() + body.slice(1) : body}${pick(rand, CLOSERS)}`;
  return text;
}

const NOTE_BODIES = [
  "I don't get {skill}",
  'I keep making mistakes on {skill} questions',
  'Note to self: slow down on {skill}, I rushed and lost points',
  'Finally understood {skill} after reviewing the explanation',
  'Which strategy works best for {skill}?',
  'I ran out of time on the {skill} questions again',
  '{skill} is my weakest area right now',
  'remember: read the whole question before answering {skill} ones',
  'Got every {skill} question right today!',
  'still confused about {skill}, need to review',
  'Mistake pattern: I misread what {skill} questions ask',
  'Practise more {skill} before the test',
  'Is there a trick for {skill}?',
  'I guessed on most {skill} questions, need to actually learn this',
  'Tutor said to check answers on {skill}, it helped',
  '{skill}: write out each step instead of doing it in my head',
];
const NOTE_TAILS = ['', '', '', '.', '!', ' - review Sunday', ' (again)', ' ugh', ' before next practice test'];

/** A student's note about a skill (the skill's name as the student would write it). */
export function studentNote(rand: Rand, skillName: string): string {
  const body = pick(rand, NOTE_BODIES).replace('{skill}', skillName);
  const text = `${body}${pick(rand, NOTE_TAILS)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const SKIP_REASONS = [
  null, null, null,
  'Out of time today',
  'too much homework',
  'I already know this skill',
  'sick today',
  'Doing a full practice test instead',
  'will do it tomorrow',
  'Had a game after school',
  'this topic is boring',
];

/** Why a synthetic student skipped a plan task, or null (most give no reason). */
export function skipReason(rand: Rand): string | null {
  return pick(rand, SKIP_REASONS);
}
