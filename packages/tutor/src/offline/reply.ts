import { skillInfo, type Question, type ReplyRequest } from '@satprep/domain';
import { buildQuestionBank, hashString } from '@satprep/domain/bank';
import { SKILL_TIPS } from '../skill-tips.ts';
import { normaliseQuery } from './intent.ts';
import { askSentence, itemText, keyText, setupClause, solutionSentences } from './item.ts';
import { detectSkill, endSentence, lowerFirst, mentionsSkill, skillInText, skillName, type OfflineText } from './shared.ts';
import { lowerOpener, variation } from './vary.ts';

/**
 * v3: answers what the note or post says (confusion, a strategy question, a note to self); worked
 * examples from the bank; no ids. Each sentence slot has several realisations, chosen
 * deterministically per note or post.
 * v4: a worked example from the bank is one that keeps the reply within `REPLY_MAX_CHARS` (a long
 * passage made 1 in 100 community drafts 1,209–1,280 characters).
 * v5: a note attached to a grid-in is not told to apply its lesson "before you look at the choices".
 *   A note's topic is found by whole words: "I don't understand this" is not about trigonometry ("tan").
 * v6: a note that names another topic than its question's ("transitions: …" on a circles question, "why
 *   does the sign flip when dividing by a negative?" on an area question) is answered on the topic it
 *   names, and the reply says what the question is about. "I rushed this" and "slow down" are careless
 *   slips, not pacing (that advice is to move on faster).
 */
export const REPLY_PROMPT_VERSION = 'ugc-reply/v6';

/** The longest reply the offline tutor writes (`satprep eval` bounds outputs at 1,200 characters). */
export const REPLY_MAX_CHARS = 1_150;

/** Picks one realisation of a sentence slot for this note or post. */
type Pick = (slot: string, options: readonly string[]) => string;

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

/**
 * A bank item of the skill worked through, chosen by the text so the same post gets the same
 * example: the first item from the text's pick on whose example fits in `room` characters, or ''.
 */
function bankExample(skill: string, seed: string, lead: string, v: Pick, room: number): string {
  if (!bankBySkill) {
    bankBySkill = new Map();
    for (const q of buildQuestionBank()) bankBySkill.set(q.skill, [...(bankBySkill.get(q.skill) ?? []), q]);
  }
  const items = bankBySkill.get(skill) ?? [];
  const first = hashString(seed);
  for (let i = 0; i < items.length; i++) {
    const text = workedExample(items[(first + i) % items.length]!, lead, v);
    if (text.length <= room) return text;
  }
  return '';
}

/** What is left of `REPLY_MAX_CHARS` after `parts` and `after` (joined by spaces). */
const roomLeft = (parts: readonly string[], after: string) => REPLY_MAX_CHARS - [...parts, after].join(' ').length - 1;

/** A bank item worked through in words, naming the answer by its text rather than a letter. */
function workedExample(q: Item, lead: string, v: Pick): string {
  const key = keyText(q);
  const steps = solutionSentences(q)
    .map((s) => s.replace(new RegExp(`\\b(?:[Cc]hoice|[Oo]ption)\\s+${q.answer}\\b`, 'g'), 'the answer'))
    .filter((s) => !/\b(?:[Cc]hoice|[Oo]ption)s?\s+[A-D]\b|\b[B-D]\b|\bA\b(?! [a-z])/.test(s))
    .join(' ');
  const passage = q.passage ? ` Text: “${q.passage.replace(/\s+/g, ' ').trim()}”` : '';
  const stop = q.format === 'mcq' ? (/[.?!]$/.test(key) ? '' : '.') : '.';
  const shown = q.format === 'mcq' ? `“${key}”` : key;
  const answer = v('ex-answer', [`The answer is ${shown}${stop}`, `So the answer is ${shown}${stop}`, `That gives the answer: ${shown}${stop}`]);
  return `${lead}${passage} ${v('ex-question', ['Question:', 'The question:', 'Asked:'])} ${askSentenceOrStem(q)} ${steps ? `${steps} ` : ''}${answer}`;
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
    match: /\b(time|timing|pace|pacing|too slow|so slow|rush|rushing|running out)\b/,
    advice: 'On pacing: the digital SAT allows about 71 seconds per Reading and Writing question and about 95 per Math question. Answer what you can on a first pass, flag anything that stalls you, and come back to the flagged ones with the time left.',
  },
  {
    match: /\b(careless|silly|sloppy|rushed|slow down|misread|misreading|simple mistakes?)\b/,
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
const nameOf = skillInText;
/** The taxonomy's name, lower-cased first: where the domain follows in parentheses ("… (Information and ideas)"). */
const listedName = (skill: string) => lowerFirst(skillName(skill));

/** A note to self is a rule, a breakthrough, or a plain remark; each gets its own kind of reply. */
const RULE_LIKE = /\b(remember|always|never|don't forget|note to self|rule|make sure|check|tip|must|should|next time|slow down)\b|^[a-z]+ (the|your|each|every)\b/;
const PROGRESS = /\b(finally|understood|understand now|get it now|got it|clicked|makes sense now|figured (it )?out|improved|getting better)\b|\b(got|get|getting) (every|all|most)\b[^.!?]*\bright\b/;

function noteReply(kind: NoteKind, skill: string | null, question: Item | null, seed: string, general: string | null, written: string, v: Pick): string {
  const parts: string[] = [];
  // A note on another topic than its question's is answered on its own topic; the question's setup
  // would answer something the student did not write about.
  const elsewhere = question && skill && skill !== question.skill ? otherTopic(question, skill, v) : null;
  const start = question && !elsewhere ? setupClause(question) : null;
  const common = () => v('common', ['That is a common problem, and a fixable one.', 'Lots of students run into this, and it can be fixed.', 'This is a very common sticking point, and a fixable one.']);
  const tryIt = () => v('try-next', ['Try it on your next practice set and note whether it helped.', 'Put it to work in your next practice set and see whether it makes a difference.', 'Use it in your next practice session and check whether it helps.']);
  if (!skill && !question && general) {
    const lead = kind === 'confusion' ? common() : kind === 'question' ? v('q-lead', ['Good question to settle early.', 'Worth sorting out early.', 'A useful thing to ask.']) : v('n-lead', ['Worth remembering.', 'A good thing to keep in mind.', 'Worth writing down.']);
    return `${lead} ${general} ${tryIt()}`;
  }
  const attached = (what: string) =>
    elsewhere ??
    (start
      ? `${what} ${endSentence(lowerOpener(start))}`
      : `${v('attached-ask', ['On the attached question, start from what it asks:', 'For the question this note is attached to, begin with what it asks:', 'On the question you attached, first be clear on what it asks:'])} “${askSentence(question!)}”`);
  if (kind === 'confusion') {
    if (general) parts.push(common(), general);
    else parts.push(skill ? v('tricky', [`Many students find ${nameOf(skill)} tricky at first, so let's make it concrete.`, `A lot of students get stuck on ${nameOf(skill)} at first; let's make it concrete.`, `You are not alone: many students are confused by ${nameOf(skill)} at first. Let's make it concrete.`]) : v('concrete', ["Let's make this concrete, one step at a time.", "Let's take this one step at a time.", "Let's break this down into concrete steps."]));
    if (skill) parts.push(`${general ? v('core-general', [`For ${nameOf(skill)} itself, the core idea:`, `On ${nameOf(skill)} itself, the main idea:`]) : v('core', ['The core idea:', 'The main idea:', 'What to hold on to:', 'The key rule:'])} ${tipFor(skill)}.`);
    if (question) parts.push(attached(v('attached-in', ['On the question this note is attached to, the way in is:', 'For the question you attached this note to, begin with this:', 'On the attached question, the first move is:'])));
    const review = v('review', ['When you review, write down the exact step where you got stuck; that step is what to practise.', 'As you review, note the exact step where you got stuck: that is the step to practise.', 'Next time it happens, write down the step where you got stuck; practise that step specifically.']);
    if (!question && skill && !general) {
      const ex = bankExample(skill, seed, v('ex-lead-c', ['Here is one worked through:', 'A worked example:', 'Here is how it plays out on one question:']), v, roomLeft(parts, review));
      if (ex) parts.push(ex);
    }
    parts.push(review);
  } else if (kind === 'question') {
    parts.push(skill ? v('answer-q', [`To answer your question about ${nameOf(skill)}: ${tipFor(skill)}.`, `On ${nameOf(skill)}, the short answer: ${tipFor(skill)}.`, `Here is the approach for ${nameOf(skill)}: ${tipFor(skill)}.`]) : v('answer-general', ['A good general answer: work each question in two passes, answer what you can quickly, mark the rest, and come back to them with the time left.', 'In general: take two passes through the questions, answer the quick ones first, mark the rest, and return to them with the time left.']));
    if (general) parts.push(general);
    if (question) parts.push(attached(v('applied', ['Applied to the attached question:', 'On the question you attached:', 'For the attached question, that means:'])));
    const close = skill ? v('try-few', [`Try it on a few ${nameOf(skill)} questions and note which step still feels slow.`, `Practise it on a handful of ${nameOf(skill)} questions and notice which step still slows you down.`, `Work a few ${nameOf(skill)} questions this way and mark any step that still feels shaky.`]) : v('name-topic', ['If your question is about one kind of problem, name the topic and I can be more specific.', 'Tell me which kind of problem you mean and I can be more specific.']);
    if (!question && skill) {
      const ex = bankExample(skill, seed, v('ex-lead-q', ['For example:', 'Here is an example:', 'To see it in action:']), v, roomLeft(parts, close));
      if (ex) parts.push(ex);
    }
    parts.push(close);
  } else {
    const t = normaliseQuery(written);
    if (PROGRESS.test(t)) {
      parts.push(skill ? v('clicked', [`Good to hear ${nameOf(skill)} clicked.`, `Glad the idea behind ${nameOf(skill)} makes sense now.`, `Nice progress on ${nameOf(skill)}.`]) : v('clicked-any', ['Good to hear it clicked.', 'Great that it makes sense now.', 'Nice progress.']));
      if (skill) parts.push(`${v('lock-in', ['To lock it in, put it in one line you can reuse:', 'To make it stick, keep it as one reusable line:', 'Keep it in one line you can come back to:'])} ${tipFor(skill)}.`);
      parts.push(v('harder', ['Then try a harder question of the same kind within a day or two, before it fades.', 'Within a day or two, test it on a harder question of the same type so it does not fade.', 'Try a tougher question of the same kind soon, while it is fresh.']));
    } else {
      parts.push(skill ? (RULE_LIKE.test(t) ? v('rule', [`That is a rule worth keeping for ${nameOf(skill)}.`, `A good rule to keep for ${nameOf(skill)}.`, `Worth keeping as a rule for ${nameOf(skill)}.`]) : v('noted', [`Noted, for ${nameOf(skill)}.`, `A useful note on ${nameOf(skill)}.`, `Good observation about ${nameOf(skill)}.`])) : v('lesson', ['Writing the lesson down like this is how it sticks.', 'Noting lessons like this is how they stick.', 'Writing it down is a good way to make it stick.']));
      const rest: string[] = [];
      if (general) rest.push(general);
      if (skill) rest.push(`${v('phrase', ['A way to phrase it for next time:', 'One way to put it for next time:', 'In one line:'])} ${tipFor(skill)}.`);
      parts.push(...rest);
      // A grid-in attached has no choices to look at (the audit drops a reply that speaks of them).
      parts.push(question?.format === 'spr'
        ? v('test-self-grid', ['Test yourself on it in your next practice set: apply it before you start calculating.', 'In your next practice set, apply it first, before you work anything out.', 'Put it to the test next practice set, as the first step on each question.'])
        : v('test-self', ['Test yourself on it in your next practice set: apply it before you look at the choices.', 'In your next practice set, apply it before you read the choices.', 'Put it to the test next practice set, before you look at the choices.']));
    }
    if (elsewhere) parts.push(elsewhere);
    else if (question && start) parts.push(`${v('shows-as', ['On the attached question it shows up as:', 'In the attached question, it looks like this:', 'You can see it in the attached question:'])} ${endSentence(lowerOpener(start))}`);
  }
  return parts.join(' ');
}

function communityDraft(kind: NoteKind, skill: string | null, question: Item | null, seed: string, general: string | null, v: Pick): string {
  const parts: string[] = [];
  if (!skill && !question && general) return general;
  if (skill) {
    const info = skillInfo(skill);
    const opener = kind === 'confusion'
      ? v('c-open-confused', [`This is a ${listedName(skill)} question (${info.domain}), and it is a common sticking point.`, `This is about ${listedName(skill)} (${info.domain}), a common sticking point.`])
      : v('c-open', [`This is about ${listedName(skill)} (${info.domain}).`, `This is a ${listedName(skill)} question, from ${info.domain}.`, `The topic here is ${listedName(skill)} (${info.domain}).`]);
    parts.push(opener, `${v('c-approach', ['The approach:', 'How to handle it:', 'The method:', 'What works:'])} ${tipFor(skill)}.`);
  } else {
    parts.push(v('c-general', ['A general approach that works for most SAT questions: read what the question asks first, predict the answer before reading the choices, and eliminate any choice that fails one condition.', 'What works on most SAT questions: read the question first, predict the answer before looking at the choices, and drop any choice that fails a condition.']));
  }
  if (question) parts.push(workedExample(question, v('c-posted', ['Working through the question you posted:', 'Here is the question you posted, worked through:', 'Taking the posted question step by step:']), v));
  else if (skill) {
    const ex = bankExample(skill, seed, v('c-bank', ['A worked example from the practice bank:', 'Here is a worked example from the practice bank:', 'An example from the practice bank, worked through:']), v, roomLeft(parts, ''));
    if (ex) parts.push(ex);
  }
  return parts.join(' ');
}

/** Says that the attached question is of another topic than the note, quoting what the question asks. */
function otherTopic(question: Item, skill: string, v: Pick): string {
  // The asking line alone: a stem's givens ("y ≥ −2x + 3") are not what it asks.
  const asks = `“${askSentence(question).split(/\n+/).pop()!.trim()}”`;
  return v('elsewhere', [
    `The question this note is attached to is about ${nameOf(question.skill)}, not ${nameOf(skill)} (it asks ${asks}), so you may want to write the note on such a question as well.`,
    `Note that the attached question is about ${nameOf(question.skill)}, not ${nameOf(skill)} (it asks ${asks}); the note may be more use on one that is.`,
    `The attached question (${asks}) is about ${nameOf(question.skill)}, not ${nameOf(skill)}, so consider writing this note on such a question too.`,
  ]);
}

/**
 * The skill a note attached to a question is about: the one it names by a distinctive keyword or its
 * name ("semicolons", "dividing by a negative", "transitions"), unless the item speaks of that too
 * ("slope" on a scatterplot item is the item's own slope); the question's otherwise.
 */
function noteSkill(written: string, question: Item): string {
  const named = detectSkill(written, { distinctive: true });
  if (!named || named === question.skill) return question.skill;
  return mentionsSkill(named, `${itemText(question)} ${question.rationale}`) ? question.skill : named;
}

const UNCLEAR_NOTE = "I couldn't tell what this note is about, so I won't guess. Add the question or the topic it's about and I can help.";
const UNCLEAR_POST = "I couldn't tell which SAT topic this question is about, so I won't guess. Adding the question itself or its topic will get you a specific answer.";

/** Replies to a student's study note or community post by what it says. */
export function reply(req: ReplyRequest): OfflineText {
  const written = `${req.title ?? ''} ${req.text}`;
  const question = req.question ?? null;
  const skill = question ? (req.kind === 'note' ? noteSkill(written, question) : question.skill) : (req.skill ?? detectSkill(written));
  const kind = classifyNote(req.text, req.title ?? '');
  const general = generalAdvice(normaliseQuery(written));
  const aboutStudy = skill !== null || question !== null || general !== null || STUDY_WORDS.test(normaliseQuery(written));
  if (!kind || !aboutStudy) {
    return { text: req.kind === 'community' ? UNCLEAR_POST : UNCLEAR_NOTE, promptVersion: REPLY_PROMPT_VERSION, unanswerable: true };
  }
  const v = variation(`${req.kind}|${written}|${question?.id ?? ''}|${skill ?? ''}`);
  const text = req.kind === 'community' ? communityDraft(kind, skill, question, written, general, v) : noteReply(kind, skill, question, written, general, req.text, v);
  return { text: text.replace(/\s+/g, ' ').trim(), promptVersion: REPLY_PROMPT_VERSION };
}
