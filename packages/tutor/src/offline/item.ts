import { describeFigure, parseNumericAnswer, skillInfo, type ExplainRequest } from '@satprep/domain';
import { choiceText } from './shared.ts';

/** Reading an item for the tutor: its key, its solution sentences, and what would give the key away. */
type Item = ExplainRequest['question'];

const norm = (s: string) => s.toLowerCase().replace(/[−–]/g, '-').replace(/[“”"'’]+/g, ' ').replace(/[.,;:!?]+/g, '').replace(/\s+/g, ' ').trim();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole-word containment, so a key like "is" is not found inside "this". */
export const containsWords = (haystack: string, needle: string) => new RegExp(`(?<![a-z0-9])${escape(needle)}(?![a-z0-9])`).test(haystack);

/** The same for a term of an expression, so "11/2" is not found inside "−11/2" nor "x^5" inside "x^50". */
const containsTerm = (haystack: string, needle: string) => new RegExp(`(?<![a-z0-9/^.-])${escape(needle)}(?![a-z0-9/^]|\\.\\d)`).test(haystack);

/** Numbers written in a text, with the unicode minus read as a minus. */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.replace(/−/g, '-').replace(/(\d),(\d{3})/g, '$1$2').matchAll(/-?\d+(?:\.\d+)?(?:\/\d+)?/g)) {
    const v = parseNumericAnswer(m[0]);
    if (v !== null) out.push(v);
  }
  return out;
}

/** The correct choice's text (mcq) or the key value (spr). */
export function keyText(q: Item): string {
  return q.format === 'mcq' ? (choiceText(q, q.answer) ?? q.answer) : q.answer;
}

/** The key as a number, when it is one (spr keys and numeric choices). */
function keyValues(q: Item): number[] {
  const raw = [keyText(q), ...(q.format === 'spr' ? (q.acceptedAnswers ?? []) : [])];
  return raw.map((r) => parseNumericAnswer(r.replace(/−/g, '-'))).filter((v): v is number => v !== null);
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(a));

/** True when a text names a choice letter as an answer ("choice C", "C is", "(B)"). */
export function namesChoiceLetter(text: string): boolean {
  return /\b(?:choice|option|answer)s?\s+\(?[A-D]\b|\([A-D]\)|\b[B-D]\b|\bA\b(?! [a-z])/.test(text);
}

/**
 * True when a text would give the key away: it names a choice letter, contains the correct
 * choice's text, or states the numeric answer (a number in the stem is not a giveaway,
 * unless the text sets something equal to it).
 */
export function revealsKey(text: string, q: Item): boolean {
  if (q.format === 'mcq' && namesChoiceLetter(text)) return true;
  const values = keyValues(q);
  const key = norm(keyText(q));
  if (values.length === 0 && key.length > 0 && containsWords(norm(text), key)) return true;
  if (values.length === 0) return false;
  // Numbers the figure shows are given too (describeFigure says them all).
  const given = numbersIn(`${q.stem} ${q.passage ?? ''} ${q.figure ? describeFigure(q.figure) : ''}`);
  const plain = text.replace(/−/g, '-');
  for (const v of values) {
    if (!numbersIn(text).some((n) => same(n, v))) continue;
    if (!given.some((n) => same(n, v))) return true;
    for (const m of plain.matchAll(/(?:[=≈]|\bis|\bequals|\bof)\s*(-?\d+(?:\.\d+)?(?:\/\d+)?)(?!\d|\.\d)/g)) {
      const n = parseNumericAnswer(m[1]!);
      if (n !== null && same(n, v)) return true;
    }
  }
  return false;
}

export const isMath = (q: Item) => skillInfo(q.skill).section === 'Math';

/** Sentences of a text (rationales are a few plain sentences). */
export function sentences(text: string): string[] {
  return text
    .trim()
    .split(/(?<=[.!?]["”)]?)\s+(?=[A-Z0-9(“"−-])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const otherLetters = (q: Item) => q.choices.map((c) => c.label).filter((l) => l !== q.answer);

/** A choice letter used as a name in a sentence ("choice B", "B is wrong", "(C)"); "A" only where it cannot be the article. */
function letterPattern(l: string): string {
  const named = `\\b(?:[Cc]hoices?|[Oo]ptions?)\\s+(?:[A-D],?\\s*(?:and|or)?\\s*)*${l}\\b|\\(${l}\\)`;
  return l === 'A' ? `${named}|\\bA\\b(?= (?:is|was|and|or|would|does|isn't|gives?)\\b|[.,;:)]|$)` : `${named}|\\b${l}\\b`;
}

/** Does a sentence talk about a wrong choice (by letter or by its text)? */
function aboutWrongChoice(s: string, q: Item): boolean {
  if (otherLetters(q).some((l) => new RegExp(letterPattern(l)).test(s))) return true;
  // A sentence that reaches the key is part of the solution, even if it passes a distractor's value on the way.
  if (mentionsChoice(s, q, q.answer)) return false;
  return q.choices.some((c) => c.label !== q.answer && mentionsChoice(s, q, c.label));
}

/** Does a text contain a choice's text (long enough to mean it, or any term in math)? */
function mentionsChoice(s: string, q: Item, label: string): boolean {
  const text = choiceText(q, label);
  return text !== null && (text.length > 3 || isMath(q)) && containsTerm(norm(s), norm(text));
}

/** The rationale's sentences that work the solution out, without the ones about wrong choices. */
export function solutionSentences(q: Item): string[] {
  const all = sentences(q.rationale);
  const kept = all.filter((s) => !aboutWrongChoice(s, q));
  return kept.length > 0 ? kept : all.slice(0, 1);
}

/**
 * The setting-up part of the solution: the first sentence of the rationale cut before its
 * conclusion ("…, so x = 4"), or null when even that would give the key away.
 */
export function setupClause(q: Item): string | null {
  const first = solutionSentences(q)[0] ?? '';
  const beforeConclusion = first.split(/,?\s+(?:so|thus|therefore|hence|giving|which (?:gives|means|is))\b|;\s|:\s(?=[A-Z])/)[0]!;
  // Try the whole set-up, then fewer of its steps ("Subtract 5 …, then divide by 3 to get x = 5" → its first step).
  const steps = beforeConclusion.split(/,\s+(?=then\b|and then\b)/);
  for (let n = steps.length; n > 0; n--) {
    // Cut mid-sentence: no clause punctuation left at the end, also not inside a closing quote ('"for later,"').
    const cut = steps.slice(0, n).join(', ').replace(/[.,;:]+$/, '').replace(/[,;:]+(["”’])$/, '$1').trim();
    if (cut.length >= 12 && !revealsKey(cut, q) && !/\(\s*$|^\)/.test(cut)) return cut;
  }
  return null;
}

/** The sentence of the stem that asks the question (the last one that ends in "?" or the whole stem). */
export function askSentence(q: Item): string {
  const s = sentences(q.stem);
  return [...s].reverse().find((x) => x.endsWith('?')) ?? s[s.length - 1] ?? q.stem;
}

/** What the item shows a student: its stem, passage and choices. */
export const itemText = (q: Item) => `${q.stem} ${q.passage ?? ''} ${q.choices.map((c) => c.text).join(' ')}`;

/** Words of the item, so a query like "the slope?" can be recognised as being about it. */
export function itemWords(q: Item): Set<string> {
  const text = itemText(q).toLowerCase();
  return new Set(text.split(/[^a-z]+/).filter((w) => w.length > 4));
}

/** The clause of a rationale about one wrong choice, rewritten without letters ("Choice B overgeneralizes" → "It overgeneralizes"). */
function rationaleOnChoice(q: Item, label: string): string | null {
  const others = q.choices.filter((c) => c.label !== label).map((c) => c.label);
  const clauses = sentences(q.rationale).flatMap((s) => s.split(/,\s+and\s+|;\s+|,\s+while\s+|,\s+but\s+/));
  // Clauses naming the choice by letter first, then those that mention its text but not the key's.
  const byLetter = clauses.filter((c) => new RegExp(letterPattern(label)).test(c));
  const byText = clauses.filter((c) => !byLetter.includes(c) && mentionsChoice(c, q, label) && !mentionsChoice(c, q, q.answer));
  for (const clause of [...byLetter, ...byText]) {
    // A clause about several choices at once, or naming another one, says too little about this one.
    if (others.some((l) => new RegExp(letterPattern(l)).test(clause))) continue;
    const out = clause
      .replace(new RegExp(`\\s*\\((?:so|and so|which is why) ${label} (?:is|was) (?:wrong|incorrect)\\)`), '')
      .replace(new RegExp(`,?\\s*(?:so|which is why) ${label} (?:is|was) (?:wrong|incorrect)`), '')
      .replace(new RegExp(`^(?:[Cc]hoice|[Oo]ption)\\s+${label}\\b`), 'It')
      .replace(new RegExp(`\\b(?:[Cc]hoice|[Oo]ption)\\s+${label}\\b`, 'g'), 'that choice')
      .replace(/^[(]|[)]$/g, '')
      .trim()
      .replace(/[.;,]+$/, '');
    if (new RegExp(`\\b${label}\\b`).test(out) && label !== 'A') continue;
    if (out.length >= 12) return out.charAt(0).toUpperCase() + out.slice(1);
  }
  return null;
}

/**
 * Why one wrong choice tempts and why it fails: the bank's own explanation when the item has
 * one, else the rationale's words about that choice, else an honest comparison with the key.
 */
export function whyChoiceFails(q: Item, label: string): string {
  const own = q.choiceExplanations?.[label];
  if (own && own.trim()) return own.trim().replace(/[.]+$/, '');
  const fromRationale = rationaleOnChoice(q, label);
  if (fromRationale) return fromRationale;
  const text = choiceText(q, label) ?? label;
  const numeric = parseNumericAnswer(text.replace(/−/g, '-')) !== null;
  if (isMath(q) && numeric) {
    return `${text} is the kind of value a slip in one step produces (a sign, a skipped operation or the wrong quantity); redoing the solution step by step does not lead to it`;
  }
  if (isMath(q)) {
    return `“${text}” looks like the right form but does not match every condition in the question; substituting a simple value into it and into the question shows where they differ`;
  }
  return `“${text}” may sound plausible, but the text does not back up all of it; check each part against what the passage actually says and the unsupported part rules it out`;
}
