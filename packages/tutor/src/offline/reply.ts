import { skillInfo, type Question, type ReplyRequest } from '@satprep/domain';
import { buildQuestionBank, hashString } from '@satprep/domain/bank';
import { SKILL_TIPS } from '../skill-tips.ts';
import { normaliseQuery } from './intent.ts';
import { askSentence, keyText, setupClause, solutionSentences } from './item.ts';
import { detectSkill, lowerFirst, skillName, type OfflineText } from './shared.ts';

/** v2: answers what the note or post says (confusion, a strategy question, a note to self); worked examples from the bank; no ids. */
export const REPLY_PROMPT_VERSION = 'ugc-reply/v2';

type Item = NonNullable<ReplyRequest['question']>;

/** What a note or post is. */
export type NoteKind = 'confusion' | 'question' | 'note-to-self';

/** Classifies a note or post by what the student wrote; null when it is empty or not about studying. */
export function classifyNote(text: string, title = ''): NoteKind | null {
  const t = normaliseQuery(`${title} ${text}`);
  if (!/[a-z]{2}/.test(t)) return null;
  if (/\b(don't|do not|can't|cannot) (get|understand|see|figure)|\b(keep|kept) running out\b|\b(ran|run|running) out of time\b|\bconfus|\bmix(es|ed|ing)? (them |it )?up\b|\b(i am|so|totally|completely|feel|feeling) lost\b|\bstruggl|\bhard\b|\bstuck\b|\bmakes? no sense\b|\b(keep|kept) (getting|missing|messing|making|losing)\b|\bno idea\b|\bi don't know (how|why|what|when)\b|\bhate\b|\bwhy do i (always|keep)\b/.test(t)) return 'confusion';
  if (/\?|^(how|what|why|when|which|should|is|are|can|could|does|do|where|would|any)\b|\b(any tips|best way|how (do|should|can) (i|you|we)|is there a (trick|rule|way))\b/.test(t)) return 'question';
  return 'note-to-self';
}

/** Words that show a note is about studying even when no one skill is named. */
const STUDY_WORDS = /\b(sat|test|exam|practice|practise|question|questions|answer|answers|mistake|mistakes|math|reading|writing|grammar|study|studying|review|timing|time|pace|pacing|score|module|problem|problems|equation|passage|choice|choices|guess|guessing|careless|calculator|desmos|vocab|vocabulary)\b/;

let bankBySkill: Map<string, Question[]> | null = null;

/** One bank item of a skill, chosen by the text so the same post gets the same example. */
function workedExampleItem(skill: string, seed: string): Question | null {
  if (!bankBySkill) {
    bankBySkill = new Map();
    for (const q of buildQuestionBank()) bankBySkill.set(q.skill, [...(bankBySkill.get(q.skill) ?? []), q]);
  }
  const items = bankBySkill.get(skill) ?? [];
  return items.length ? items[hashString(seed) % items.length]! : null;
}

/** A bank item worked through in words, naming the answer by its text rather than a letter. */
function workedExample(q: Item, lead: string): string {
  const key = keyText(q);
  const steps = solutionSentences(q)
    .map((s) => s.replace(new RegExp(`\\b(?:[Cc]hoice|[Oo]ption)\\s+${q.answer}\\b`, 'g'), 'the answer'))
    .filter((s) => !/\b(?:[Cc]hoice|[Oo]ption)s?\s+[A-D]\b|\b[B-D]\b|\bA\b(?! [a-z])/.test(s))
    .join(' ');
  const passage = q.passage ? ` Text: “${q.passage.replace(/\s+/g, ' ').trim()}”` : '';
  const answer = q.format === 'mcq' ? `The answer is “${key}”${/[.?!]$/.test(key) ? '' : '.'}` : `The answer is ${key}.`;
  return `${lead}${passage} Question: ${askSentenceOrStem(q)} ${steps ? `${steps} ` : ''}${answer}`;
}

/** The whole stem for a math item (its givens matter), the asking sentence for a text item. */
const askSentenceOrStem = (q: Item) =>
  q.passage
    ? askSentence(q)
    : q.stem
        .split(/\n+/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => (/[.?!:]$/.test(l) ? l : `${l}.`))
        .join(' ');

/** Study problems that are not one skill: what students write about most besides skills. */
const GENERAL_TOPICS: { match: RegExp; advice: string }[] = [
  {
    match: /\b(time|timing|pace|pacing|too slow|slow|rush|rushing|running out)\b/,
    advice: 'On pacing: the digital SAT allows about 71 seconds per Reading and Writing question and about 95 per Math question. Answer what you can on a first pass, flag anything that stalls you, and come back to the flagged ones with the time left.',
  },
  {
    match: /\b(careless|silly|sloppy|misread|misreading|simple mistakes?)\b/,
    advice: 'For careless slips: underline what the question asks for before you solve, and before moving on reread the question to check that your answer answers it.',
  },
  {
    match: /\b(guess|guessing|blank)\b/,
    advice: 'On guessing: a wrong answer costs nothing on the SAT, so never leave a question blank; eliminate what you can, then choose among the rest.',
  },
  {
    match: /\b(nervous|anxious|anxiety|stress|stressed|panic|panicking)\b/,
    advice: 'When nerves hit, slow down for one question: breathe, reread the question, and do the first step you are sure of; momentum usually comes back from there.',
  },
  {
    match: /\b(motivat|procrastinat|consistent|routine|schedule|how (much|often) (should i|to) (study|practise|practice))/,
    advice: 'A steady routine beats long sessions: a short set most days, with a note on each question you miss, builds more than one long weekend session.',
  },
];

const generalAdvice = (text: string) => GENERAL_TOPICS.find((t) => t.match.test(text))?.advice ?? null;

const tipFor = (skill: string) => SKILL_TIPS[skill as keyof typeof SKILL_TIPS];
const nameOf = (skill: string) => lowerFirst(skillName(skill));

/** A note to self is a rule, a breakthrough, or a plain remark; each gets its own kind of reply. */
const RULE_LIKE = /\b(remember|always|never|don't forget|note to self|rule|make sure|check|tip|must|should|next time|slow down)\b|^[a-z]+ (the|your|each|every)\b/;
const PROGRESS = /\b(finally|understood|understand now|get it now|got it|clicked|makes sense now|figured (it )?out|improved|getting better)\b/;

function noteReply(kind: NoteKind, skill: string | null, question: Item | null, seed: string, general: string | null, written: string): string {
  const parts: string[] = [];
  const start = question ? setupClause(question) : null;
  if (!skill && !question && general) {
    const lead = kind === 'confusion' ? 'That is a common problem, and a fixable one.' : kind === 'question' ? 'Good question to settle early.' : 'Worth remembering.';
    return `${lead} ${general} Try it on your next practice set and note whether it helped.`;
  }
  if (kind === 'confusion') {
    if (general) parts.push('That is a common problem, and a fixable one.', general);
    else parts.push(skill ? `Many students find ${nameOf(skill)} tricky at first, so let's make it concrete.` : "Let's make this concrete, one step at a time.");
    if (skill) parts.push(`${general ? `For ${nameOf(skill)} itself, the core idea` : 'The core idea'}: ${tipFor(skill)}.`);
    if (question) parts.push(start ? `On the question this note is attached to, the way in is: ${lowerFirst(start)}.` : `On the question this note is attached to, start from what it asks: “${askSentence(question)}”`);
    else if (skill && !general) {
      const ex = workedExampleItem(skill, seed);
      if (ex) parts.push(workedExample(ex, 'Here is one worked through:'));
    }
    parts.push('When you review, write down the exact step where you got stuck; that step is what to practise.');
  } else if (kind === 'question') {
    parts.push(skill ? `To answer your question about ${nameOf(skill)}: ${tipFor(skill)}.` : 'A good general answer: work each question in two passes, answer what you can quickly, mark the rest, and come back to them with the time left.');
    if (general) parts.push(general);
    if (question) parts.push(start ? `Applied to the attached question: ${lowerFirst(start)}.` : `Applied to the attached question, begin with what it asks: “${askSentence(question)}”`);
    else if (skill) {
      const ex = workedExampleItem(skill, seed);
      if (ex) parts.push(workedExample(ex, 'For example:'));
    }
    parts.push(skill ? `Try it on a few ${nameOf(skill)} questions and note which step still feels slow.` : 'If your question is about one kind of problem, name the topic and I can be more specific.');
  } else {
    const t = normaliseQuery(written);
    if (PROGRESS.test(t)) {
      parts.push(skill ? `Good to hear ${nameOf(skill)} clicked.` : 'Good to hear it clicked.');
      if (skill) parts.push(`To lock it in, put it in one line you can reuse: ${tipFor(skill)}.`);
      parts.push('Then try a harder question of the same kind within a day or two, before it fades.');
    } else {
      parts.push(skill ? (RULE_LIKE.test(t) ? `That is a rule worth keeping for ${nameOf(skill)}.` : `Noted, for ${nameOf(skill)}.`) : 'Writing the lesson down like this is how it sticks.');
      if (general) parts.push(general);
      if (skill) parts.push(`A way to phrase it for next time: ${tipFor(skill)}.`);
      parts.push('Test yourself on it in your next practice set: apply it before you look at the choices.');
    }
    if (question && start) parts.push(`On the attached question it shows up as: ${lowerFirst(start)}.`);
  }
  return parts.join(' ');
}

function communityDraft(kind: NoteKind, skill: string | null, question: Item | null, seed: string, general: string | null): string {
  const parts: string[] = [];
  if (!skill && !question && general) return general;
  if (skill) {
    const info = skillInfo(skill);
    const opener = kind === 'confusion' ? `This is a ${nameOf(skill)} question (${info.domain}), and it is a common sticking point.` : `This is about ${nameOf(skill)} (${info.domain}).`;
    parts.push(opener, `The approach: ${tipFor(skill)}.`);
  } else {
    parts.push('A general approach that works for most SAT questions: read what the question asks first, predict the answer before reading the choices, and eliminate any choice that fails one condition.');
  }
  if (question) parts.push(workedExample(question, 'Working through the question you posted:'));
  else if (skill) {
    const ex = workedExampleItem(skill, seed);
    if (ex) parts.push(workedExample(ex, 'A worked example from the practice bank:'));
  }
  return parts.join(' ');
}

const UNCLEAR_NOTE = "I couldn't tell what this note is about, so I won't guess. Add the question or the topic it's about and I can help.";
const UNCLEAR_POST = "I couldn't tell which SAT topic this question is about, so I won't guess. Adding the question itself or its topic will get you a specific answer.";

/** Replies to a student's study note or community post by what it says. */
export function reply(req: ReplyRequest): OfflineText {
  const written = `${req.title ?? ''} ${req.text}`;
  const question = req.question ?? null;
  const skill = question?.skill ?? req.skill ?? detectSkill(written);
  const kind = classifyNote(req.text, req.title ?? '');
  const general = generalAdvice(normaliseQuery(written));
  const aboutStudy = skill !== null || question !== null || general !== null || STUDY_WORDS.test(normaliseQuery(written));
  if (!kind || !aboutStudy) {
    return { text: req.kind === 'community' ? UNCLEAR_POST : UNCLEAR_NOTE, promptVersion: REPLY_PROMPT_VERSION, unanswerable: true };
  }
  const text = req.kind === 'community' ? communityDraft(kind, skill, question, written, general) : noteReply(kind, skill, question, written, general, req.text);
  return { text: text.replace(/\s+/g, ' ').trim(), promptVersion: REPLY_PROMPT_VERSION };
}
