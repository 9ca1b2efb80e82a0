// The audit's per-example checks: one function per rule, each cheap enough to run on every row
// of an export (a prefilter with indexOf before any regex). A hard rule returns a short reason
// when the example breaks it, or null; the export drops an example that breaks one and counts it.
import { DOMAINS, nameInRunningText, SECTIONS, SKILLS } from '@satprep/domain/taxonomy';
import type { SourceName } from '../types.ts';

/** What a check looks at: the rendered input, the target output, where it came from. */
export interface AuditExample {
  source: SourceName;
  input: string;
  output: string;
  promptVersion?: string | null;
}

/** The hard rules, in the order they are checked (the first one broken is the reason counted). */
export const HARD_RULES = ['placeholder', 'internal_id', 'grounding', 'key_leak', 'contradiction'] as const;
export type HardRule = (typeof HARD_RULES)[number];

// --- Placeholders -------------------------------------------------------------------------------

/** The redactor's replacement tokens, and template slots such as "{skill}" left unfilled. */
const PLACEHOLDER = /\[(?:NAME|EMAIL|PHONE|URL|ADDRESS|STUDENT|USER|FIRST_?NAME)\]|\{\{?\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}?/;

/** A placeholder in the output ("[NAME]", "{skill}"), or null. */
export function placeholderIn(output: string): string | null {
  if (output.indexOf('[') < 0 && output.indexOf('{') < 0) return null;
  return PLACEHOLDER.exec(output)?.[0] ?? null;
}

// --- Internal ids -------------------------------------------------------------------------------

/** The question bank's ids: a section prefix and upper-case parts, e.g. M-ADV-NLF-EXPO-03, RW-II-C05. */
const INTERNAL_ID = /\b(?:M|RW)-[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,8})+\b/;

/** An internal item id in the output, or null. */
export function internalId(output: string): string | null {
  if (output.indexOf('M-') < 0 && output.indexOf('W-') < 0) return null;
  return INTERNAL_ID.exec(output)?.[0] ?? null;
}

// --- The item in an input -----------------------------------------------------------------------

/** What a rendered SAT question (see renderQuestion) says about the item and the student's answer. */
export interface ItemFacts {
  key: string;
  /** null when the student has not answered. */
  student: string | null;
  choices: Map<string, string>;
  /** The input without its choice, key and answer lines (the question as the student sees it). */
  question: string;
}

/** The item facts of an input that renders a SAT question, or null. */
export function itemFacts(input: string): ItemFacts | null {
  const k = input.indexOf('\nCorrect answer: ');
  if (k < 0) return null;
  const keyEnd = input.indexOf('\n', k + 17);
  const key = input.slice(k + 17, keyEnd < 0 ? undefined : keyEnd).trim();
  // The line after the key is the student's answer ("Student's answer: B"; its label may have
  // been redacted, e.g. "[NAME]'s answer: B", so only "answer: " is looked for).
  let student: string | null = null;
  if (keyEnd >= 0) {
    const end = input.indexOf('\n', keyEnd + 1);
    const line = input.slice(keyEnd + 1, end < 0 ? undefined : end);
    const at = line.indexOf('answer: ');
    const v = at >= 0 ? line.slice(at + 8).trim() : '';
    student = v === 'not answered yet' || v === '' ? null : v;
  }
  const choices = new Map<string, string>();
  const lines = input.slice(0, k).split('\n');
  const question: string[] = [];
  for (const line of lines) {
    const m = /^([A-D])\) (.*)$/.exec(line);
    if (m) choices.set(m[1]!, m[2]!.trim());
    else question.push(line);
  }
  return { key, student, choices, question: question.join('\n') };
}

const sameAnswer = (a: string, b: string) => a.trim().toUpperCase().replace(/\s+/g, '') === b.trim().toUpperCase().replace(/\s+/g, '');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// --- Key leaks in hints -------------------------------------------------------------------------

/** A hint: the prompt version says so. */
export const isHint = (promptVersion: string | null | undefined) => Boolean(promptVersion && promptVersion.includes('hint'));

/**
 * How a hint gives the key away: it states the key letter as the answer ("the answer is B",
 * "choice B is correct") or quotes the correct choice's text (when that text is not already in
 * the question itself). Null when it does not, or the example is no hint.
 */
export function keyLeak(ex: AuditExample): string | null {
  if (!isHint(ex.promptVersion)) return null;
  const item = itemFacts(ex.input);
  if (!item) return null;
  const key = item.key.toUpperCase();
  if (/^[A-D]$/.test(key)) {
    const letter = new RegExp(`\\b(?:answer|choice|option)\\s+(?:is\\s+)?\\(?${key}\\)?(?![\\w'])|\\b${key}\\)?\\s+is\\s+(?:the\\s+)?(?:correct|right|answer)`, 'i');
    if (letter.test(ex.output)) return `states the key ${key}`;
  }
  const text = item.choices.get(key) ?? (/^[A-D]$/.test(key) ? null : item.key);
  if (text && text.length >= 1 && !item.question.toLowerCase().includes(text.toLowerCase())) {
    const re = new RegExp(`(?<![\\w.])${escapeRe(text)}(?![\\w]|\\.\\d)`, 'i');
    if (re.test(ex.output)) return `quotes the correct choice "${text}"`;
  }
  return null;
}

// --- Answer/verdict contradictions --------------------------------------------------------------

const SAYS_CORRECT = /\b(?:your answer|you answered|you chose|you picked)\b[^.!?]*?\b(?:is|was) (?:correct|right)\b|\byou got (?:it|this one) right\b/i;
const SAYS_WRONG = /\b(?:your answer|you answered|you chose|you picked)\b[^.!?]*?(?:\b(?:is|was) (?:incorrect|wrong|not correct|not right)\b|, but the correct answer is)|\bthe quickest way to see your mistake\b/i;

/**
 * An output's verdict on the student's answer that the input contradicts: "is correct" while the
 * student's answer differs from the key (or there is none), or "wrong" while it is the key.
 */
export function contradiction(ex: AuditExample): string | null {
  const o = ex.output;
  if (o.indexOf('orrect') < 0 && o.indexOf('right') < 0 && o.indexOf('wrong') < 0 && o.indexOf('mistake') < 0) return null;
  const item = itemFacts(ex.input);
  if (!item) return null;
  const right = item.student !== null && sameAnswer(item.student, item.key);
  if (SAYS_CORRECT.test(o) && !right) return item.student === null ? 'calls an answer correct that the student never gave' : `calls ${item.student} correct; the key is ${item.key}`;
  if (SAYS_WRONG.test(o) && right) return `calls ${item.student} wrong; it is the key`;
  return null;
}

// --- Grounding ------------------------------------------------------------------------------------

/** Lower-cased skill names as an output may write them (the taxonomy's and the running form) → the taxonomy's. */
const SKILL_NAME_OF = new Map(SKILLS.flatMap((s) => [[s.name.toLowerCase(), s.name.toLowerCase()], [nameInRunningText(s.name).toLowerCase(), s.name.toLowerCase()]] as const));
/** Full skill names in both forms, longest first (so "Linear equations in one variable" wins over shorter ones). */
const SKILL_NAMES = [...SKILL_NAME_OF.keys()].sort((a, b) => b.length - a.length);
const SKILL_NAME_RE = new RegExp(SKILL_NAMES.map(escapeRe).join('|'), 'gi');
/** The same names as written in sentences (lower-case, or capitalised first): matched without the slower case-insensitive mode. */
const SKILL_NAME_TEST = new RegExp(SKILL_NAMES.flatMap((n) => [n, n.charAt(0).toUpperCase() + n.slice(1)]).map(escapeRe).join('|'));

const isDigit = (c: number) => c >= 48 && c <= 57;

/** True when `text` has the number `n` as a whole token (not part of a longer number). */
function hasNumber(text: string, n: string): boolean {
  for (let at = text.indexOf(n); at >= 0; at = text.indexOf(n, at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    const after = at + n.length < text.length ? text.charCodeAt(at + n.length) : 32;
    if (!isDigit(before) && before !== 46 && !isDigit(after) && !(after === 46 && isDigit(text.charCodeAt(at + n.length + 1)))) return true;
  }
  return false;
}

const pct = (c: number, t: number) => (t ? Math.round((100 * c) / t) : 0);

/** Numbers the input implies but need not state: the sums of its "a of b" tallies and the percentages of each and of the sum. */
function derivedNumbers(input: string): Set<string> {
  const nums = new Set<string>();
  let c = 0;
  let t = 0;
  for (const m of input.matchAll(/(\d+)\s*(?:of|\/|out of)\s*(\d+)/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    c += a;
    t += b;
    nums.add(String(pct(a, b)));
  }
  if (t) for (const n of [c, t, pct(c, t)]) nums.add(String(n));
  return nums;
}

/**
 * Earlier results (prefiltered by their words): a comparison with an earlier session needs an earlier
 * session in the input ("Previous session: none (first session)" is none); a figure over all the
 * student's practice needs all-practice figures in the input.
 */
const EARLIER_SESSION = /\b(?:[Ll]ast|[Pp]revious|[Ee]arlier|[Pp]rior) (?:session|practice|attempt|time)|\b[Uu]p \d+ points?\b|\b\d+ points? (?:below|above|higher|lower)\b/;
const ALL_PRACTICE = /\b[Oo]ver all your practice\b|\bso far\b/;
const mayCompare = (o: string) => o.includes('ast ') || o.includes('revious') || o.includes('arlier') || o.includes('rior ') || o.includes('so far') || o.includes(' point') || o.includes('ver all');
const INPUT_EARLIER_SESSION = /\b(?:last|previous|earlier|prior) (?:session|practice|attempt)(?!: none)|\bhistory\b|\bbefore\b/i;
const INPUT_ALL_PRACTICE = /\ball practice\b|\boverall\b|\bhistory\b|\bbefore\b/i;

function comparesWithout(output: string, input: string): string | null {
  let m = EARLIER_SESSION.exec(output);
  if (m && !INPUT_EARLIER_SESSION.test(input)) return m[0];
  m = ALL_PRACTICE.exec(output);
  if (m && !INPUT_ALL_PRACTICE.test(input)) return m[0];
  return null;
}

/** Seconds a question the digital SAT allows: 32 minutes for 27 Reading and Writing questions, 35 for 22 Math ones. */
const SAT_PACE_SECONDS = new Set(['71', '95']);

const SECOND_PERSON = /\b(?:[Yy]ou|[Yy]our)\b/;

/** The sentence of `text` around position `at`. */
function sentenceAt(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf('. ', at), text.lastIndexOf('; ', at)) + 1;
  const end = text.indexOf('. ', at);
  return text.slice(start, end < 0 ? text.length : end);
}

/** Facts about the student in an output: percentages, "a of b" tallies, times, and counted items. */
const FACT = /(\d+(?:\.\d+)?)\s*%|(\d+)\s*(?:of|\/|out of)\s*(\d+)|(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|minutes?|mins?|hours?)\b|\b(?:[Aa]nswered|[Cc]ompleted|[Dd]id|[Gg]ot|[Ff]inished|[Ss]olved)\s+(\d+)/g;

/**
 * A fact about the student the output states but the input does not contain: a percentage,
 * a tally, a time, an earlier result, or a skill name. Explanations of an item (help and note
 * replies to a question) work with numbers of their own: their final answer is checked against
 * the key instead ("the correct answer is X" with X not the key).
 */
export function groundingViolation(ex: AuditExample): string | null {
  return grounding(ex, nextFactFast, scanOutput(ex.output));
}

/** groundingViolation with the plain regex scans (the reference the fast scans are tested against). */
export function groundingViolationReference(ex: AuditExample): string | null {
  return grounding(ex, nextFactReference, ALL_PRESENT);
}

/** Words that speak of a question's answer choices (not "a choice" in general: "your choice of method"). */
const CHOICES_SPOKEN_OF = /\b(?:(?:the|each|every|other|which|wrong|correct|answer) choices?|choices|options|choice [A-D]\b|(?:the|each|every|other|which|wrong|correct|answer) options?)/i;

/** `present`: what scanOutput found in the output (ALL_PRESENT: look for everything). */
function grounding(ex: AuditExample, nextFact: (output: string, from: number) => RegExpExecArray | null, present: number): string | null {
  const { input, output } = ex;
  const item = ex.source === 'help_requests' || ex.source === 'user_notes' ? itemFacts(input) : null;
  // A community answer, or a reply to a note on no question, teaches the topic the text is about (naming its skill,
  // working an example from the bank): only what it says of the student ("you got 3 of 5") must be in the input.
  const aboutStudentOnly = ex.source === 'community' || (ex.source === 'user_notes' && !item);
  if (item) {
    const m = /\b(?:the )?correct answer is:?\s+\(?([A-D]|-?[\d./]+)\b/i.exec(output);
    if (m && !sameAnswer(m[1]!, item.key)) return `final answer ${m[1]} is not the key ${item.key}`;
    // A grid-in shows no choices: telling the student to try, compare with or rule out choices describes a question that is not there.
    const c = item.choices.size === 0 ? CHOICES_SPOKEN_OF.exec(output) : null;
    if (c) return `speaks of "${c[0]}", but the question has no choices`;
  } else if (present & HAS_DIGIT && /\d/.test(output)) {
    let derived: Set<string> | null = null;
    for (let m = nextFact(output, 0); m; m = nextFact(output, m.index + m[0].length)) {
      // "a 15% increase", "e.g. 3 of 4": an example in a tip, not a fact about the student.
      const at = m.index;
      if ((output.startsWith('a ', at - 2) && (at === 2 || output.charCodeAt(at - 3) === 32 || output.charCodeAt(at - 3) === 40)) || output.startsWith('e.g. ', at - 5) || output.startsWith('like ', at - 5)) continue;
      // The SAT's own pace (about 71 s a Reading and Writing question, 95 s a Math one) is knowledge, not a fact about the student.
      if (m[4] !== undefined && SAT_PACE_SECONDS.has(m[4]) && sentenceAt(output, at).includes('SAT')) continue;
      if (aboutStudentOnly && (output.lastIndexOf('“', at) > output.lastIndexOf('”', at) || !SECOND_PERSON.test(sentenceAt(output, at)))) continue;
      for (let g = 1; g <= 5; g++) {
        const n = m[g];
        if (n === undefined || hasNumber(input, n)) continue;
        derived ??= derivedNumbers(input);
        if (!derived.has(n)) return `states "${m[0].trim()}", absent from the input`;
      }
    }
  }
  if (!item && present & MAY_COMPARE && mayCompare(output)) {
    // A topic reply may quote a bank passage that compares ("17 points higher"): only its own words count.
    const own = aboutStudentOnly ? output.replace(/“[^”]*”/g, ' ') : output;
    const said = comparesWithout(own, input);
    if (said) return `compares with an earlier result the input does not give ("${said}")`;
  }
  if (!item && !aboutStudentOnly && present & MAY_NAME_SKILL && SKILL_NAME_TEST.test(output)) {
    const lowerInput = input.toLowerCase();
    SKILL_NAME_RE.lastIndex = 0;
    for (let m = SKILL_NAME_RE.exec(output); m; m = SKILL_NAME_RE.exec(output)) {
      if (!lowerInput.includes(SKILL_NAME_OF.get(m[0].toLowerCase())!)) return `names the skill "${m[0]}", absent from the input`;
    }
  }
  return null;
}

// The fast scans below find exactly what FACT and SKILL_NAME_TEST find (audit.test.ts compares
// them with the reference on generated outputs); they only skip the positions where no match can start.

/** The next FACT match at or after `from`, as the global regex finds it. */
function nextFactReference(output: string, from: number): RegExpExecArray | null {
  FACT.lastIndex = from;
  return FACT.exec(output);
}

/** FACT anchored at its lastIndex. */
const FACT_AT = new RegExp(FACT.source, 'y');

/** The verbs FACT counts after ("[Aa]nswered 12"), each as its lower- and upper-case first letter and the rest. */
const VERBS = ['answered', 'completed', 'did', 'got', 'finished', 'solved'].map((v) => ({ lower: v.charCodeAt(0), upper: v.charCodeAt(0) - 32, rest: v.slice(1), length: v.length }));

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** What `\s` matches (without the u flag as with it): ASCII and Unicode spaces, line ends, the BOM. */
const isSpaceCode = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));

/** Finds the next digit, leaving lastIndex just past it (test allocates no match). */
const DIGIT = /\d/g;

/**
 * The start of a verb FACT counts after that ends at `end` (the first space before a number),
 * on a word boundary; -1 when there is none.
 */
function verbBefore(output: string, end: number): number {
  for (const v of VERBS) {
    const q = end - v.length;
    if (q < 0) continue;
    const c = output.charCodeAt(q);
    if ((c === v.lower || c === v.upper) && output.startsWith(v.rest, q + 1) && (q === 0 || !isWordCode(output.charCodeAt(q - 1)))) return q;
  }
  return -1;
}

/**
 * The next FACT match at or after `from`, as the global regex finds it, trying the anchored
 * regex only where a match can start. Every match holds a number, and starts either at the
 * first digit of a run of digits (a match of a tally, percentage or time starting later in the
 * run would also start at its first digit, FACT's numbers being `\d+` at their start), or at a
 * verb that spaces separate from the first digit of a run. So: each run of digits in turn (found
 * natively), first the verb before it, then the run itself.
 */
function nextFactFast(output: string, from: number): RegExpExecArray | null {
  let at = from;
  for (;;) {
    DIGIT.lastIndex = at;
    if (!DIGIT.test(output)) return null;
    const p = DIGIT.lastIndex - 1;
    let w = p;
    while (w > from && isSpaceCode(output.charCodeAt(w - 1))) w--;
    if (w < p) {
      const q = verbBefore(output, w);
      if (q >= from) {
        FACT_AT.lastIndex = q;
        const m = FACT_AT.exec(output);
        if (m) return m;
      }
    }
    at = p + 1;
    while (at < output.length && isDigit(output.charCodeAt(at))) at++;
    if (mayFollowNumber(output, at)) {
      FACT_AT.lastIndex = p;
      const m = FACT_AT.exec(output);
      if (m) return m;
    }
    // On past the run: a match cannot start later in it.
  }
}

/**
 * False when no tally, percentage or time can follow the run of digits ending at `end`: after
 * it (and a decimal part), spaces, then "%", "of", "out of", "/" or a unit ("s", "m", "h" first).
 */
function mayFollowNumber(output: string, end: number): boolean {
  let i = end;
  while (i < output.length && isSpaceCode(output.charCodeAt(i))) i++;
  const c = output.charCodeAt(i);
  if (c === 37 || c === 111 || c === 47 || c === 115 || c === 109 || c === 104) return true;
  if (output.charCodeAt(end) !== 46 || !isDigit(output.charCodeAt(end + 1))) return false;
  i = end + 2;
  while (i < output.length && isDigit(output.charCodeAt(i))) i++;
  while (i < output.length && isSpaceCode(output.charCodeAt(i))) i++;
  const d = output.charCodeAt(i);
  return d === 37 || d === 115 || d === 109 || d === 104;
}

// What an output may hold, found in one pass (scanOutput): each bit is a necessary condition of
// a rule's own prefilter or regex, so a clear bit skips it and a set one only runs it.
const HAS_DIGIT = 1;
/** "[" or "{" (placeholderIn). */
const HAS_BRACKET = 2;
/** "-" (internalId looks for "M-" and "W-"). */
const MAY_HOLD_ID = 4;
/** Four characters of a skill name (SKILL_NAME_TEST). */
const MAY_NAME_SKILL = 8;
/** Four characters of mayCompare's words. */
const MAY_COMPARE = 16;
const ALL_PRESENT = 31;

/**
 * Quads: the low bytes of four consecutive characters as one number. Every skill name, lower-case
 * or capitalised, has its second to fifth characters as they are; every word mayCompare looks
 * for has its first four. They are looked up in a table of their hashes, then (on a hit) in the
 * map of the quads themselves; two texts that differ only in high bytes just cost the regex.
 */
const QUAD_FLAGS = new Map<number, number>();
const quadOf = (s: string, from: number) => {
  let k = 0;
  for (let i = from; i < from + 4; i++) k = ((k << 8) | (s.charCodeAt(i) & 0xff)) >>> 0;
  return k;
};
const quadSlot = (k: number) => Math.imul(k, 0x9e3779b1) >>> 18;
const QUAD_SLOTS: Uint8Array = (() => {
  const table = new Uint8Array(1 << 14);
  const add = (k: number, flag: number) => {
    QUAD_FLAGS.set(k, (QUAD_FLAGS.get(k) ?? 0) | flag);
    table[quadSlot(k)] = 1;
  };
  // Every name has a quad (five characters or more); a shorter one would need another prefilter.
  if (SKILL_NAMES.some((n) => n.length < 5)) throw new Error('audit: a skill name shorter than five characters');
  for (const n of SKILL_NAMES) add(quadOf(n, 1), MAY_NAME_SKILL);
  for (const w of ['ast ', 'revious', 'arlier', 'rior ', 'so far', ' point', 'ver all']) add(quadOf(w, 0), MAY_COMPARE);
  return table;
})();

/**
 * The bits of what the output may hold (see HAS_DIGIT and the others). Single characters are
 * found natively; the quads in one pass over the output.
 */
function scanOutput(output: string): number {
  let present = 0;
  if (output.indexOf('[') >= 0 || output.indexOf('{') >= 0) present |= HAS_BRACKET;
  if (output.indexOf('-') >= 0) present |= MAY_HOLD_ID;
  DIGIT.lastIndex = 0;
  if (DIGIT.test(output)) present |= HAS_DIGIT;
  let k = 0;
  for (let i = 0; i < output.length; i++) {
    k = ((k << 8) | (output.charCodeAt(i) & 0xff)) >>> 0;
    if (QUAD_SLOTS[quadSlot(k)] === 1) present |= QUAD_FLAGS.get(k) ?? 0;
  }
  return present;
}

// --- All hard rules -----------------------------------------------------------------------------

/** The first hard rule the example breaks, with what broke it; null when it passes them all. */
export function hardRuleBroken(ex: AuditExample): { rule: HardRule; detail: string } | null {
  return hardRuleWith(ex, nextFactFast, scanOutput(ex.output));
}

/** hardRuleBroken with the plain regex scans (the reference the fast scans are tested against). */
export function hardRuleBrokenReference(ex: AuditExample): { rule: HardRule; detail: string } | null {
  return hardRuleWith(ex, nextFactReference, ALL_PRESENT);
}

function hardRuleWith(ex: AuditExample, nextFact: (output: string, from: number) => RegExpExecArray | null, present: number): { rule: HardRule; detail: string } | null {
  let d: string | null;
  if (present & HAS_BRACKET && (d = placeholderIn(ex.output))) return { rule: 'placeholder', detail: d };
  if (present & MAY_HOLD_ID && (d = internalId(ex.output))) return { rule: 'internal_id', detail: d };
  if ((d = grounding(ex, nextFact, present))) return { rule: 'grounding', detail: d };
  if ((d = keyLeak(ex))) return { rule: 'key_leak', detail: d };
  if ((d = contradiction(ex))) return { rule: 'contradiction', detail: d };
  return null;
}

// --- Skeletons ----------------------------------------------------------------------------------

/** Skill, domain and section names, longest first: a skeleton masks them all. */
const TAXONOMY_NAME_RE = new RegExp([...SKILL_NAMES, ...DOMAINS, ...SECTIONS].sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'gi');

/**
 * An output's skeleton: numbers, skill/domain/section names, placeholders, choice letters and quoted text
 * masked, case and punctuation dropped. Outputs with one skeleton are one template.
 */
export function skeletonOf(output: string): string {
  return output
    .replace(TAXONOMY_NAME_RE, ' S ')
    .replace(/\[[A-Z_]+\]/g, ' N ')
    .replace(/"[^"]*"|“[^”]*”/g, ' Q ')
    .replace(/\d+(?:[.,/]\d+)*/g, ' 0 ')
    .replace(/\b[A-D]\b/g, ' L ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
