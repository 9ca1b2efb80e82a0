import type { Identity } from '../types.ts';
import { ASCII_WORD } from './ascii.ts';

export const PII_KINDS = ['email', 'phone', 'url', 'address', 'name'] as const;
export type PiiKind = (typeof PII_KINDS)[number];
export type RedactionCounts = Record<PiiKind, number>;

export const emptyCounts = (): RedactionCounts => ({ email: 0, phone: 0, url: 0, address: 0, name: 0 });

const PATTERNS: [PiiKind, RegExp, string][] = [
  // Letters of any script: an address like zoë@école.fr must not leave "zoë" behind.
  ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, '[EMAIL]'],
  ['url', /\b(?:https?:\/\/|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]/gi, '[URL]'],
  // Phone numbers: 7+ digits with separators, optional country code; not plain numbers like 2024
  // or 3.14, nor part of a longer dotted number; a sentence may end right after one.
  ['phone', /(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?!\w|\.\d)/g, '[PHONE]'],
  // Street addresses: a house number, one to four words, and a street suffix.
  ['address', /\b\d{1,6}\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy)\b/g, '[ADDRESS]'],
];

/** Whether lower-cased text may hold a URL: every URL match starts with `http` or `www.` in any case (two searches cost less than a case-insensitive regex). */
const mayHaveUrl = (lower: string) => lower.includes('http') || lower.includes('www.');
const MAYBE_PHONE_OR_ADDRESS = /\d[\s.-]\d{3}|\)[\s.-]?\d{3}|\d\s+[A-Z]/;

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the code unit `text[i]` is a letter or digit (false outside the text); ASCII without a regex. */
function isWordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_WORD[c] !== 0 : WORD_CHAR.test(text[i]!);
}

/**
 * Replaces whole-word occurrences of `needle` (no letter or digit on either side) with `token`.
 * `hay` is the text to search: the text itself, or its lower-cased copy (with a lower-cased
 * needle) for a case-insensitive match. Plain indexOf scanning: no per-person regex to compile,
 * which dominated export time.
 */
function replaceWord(text: string, hay: string, needle: string, token: string, onHit: () => void, wholeWord = true): string {
  if (hay.length !== text.length) {
    // Lower-casing changed the length (e.g. "İ"): indexes would not line up, so use a regex.
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(wholeWord ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped, 'giu');
    return text.replace(re, () => (onHit(), token));
  }
  let from = hay.indexOf(needle);
  if (from < 0) return text;
  let out = '';
  let last = 0;
  while (from >= 0) {
    const end = from + needle.length;
    if (!wholeWord || (!isWordCharAt(text, from - 1) && !isWordCharAt(text, end))) {
      out += text.slice(last, from) + token;
      last = end;
      onHit();
    }
    from = hay.indexOf(needle, end);
  }
  return out + text.slice(last);
}

/** What to look for, per identity: emails, full names (any case) and name parts of 3+ letters as capitalised in the name. */
export interface Needles {
  /** Lower-cased: matched in any case. */
  emails: string[];
  /** Lower-cased: matched in any case, as whole words. */
  fullNames: string[];
  /** Matched as written, as whole words. */
  parts: string[];
  /** Whether every email contains "@" (they all do, unless stored data is odd): text without one holds none of them. */
  emailsHaveAt: boolean;
}

/** ASCII whitespace as `\s` matches it: tab, line feed, vertical tab, form feed, carriage return, space. */
const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Pushes the whitespace-separated parts of 3+ characters of a trimmed name, unless the name is one part. */
function namePartsInto(name: string, parts: string[]): void {
  let start = 0;
  const found = parts.length;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 32;
    // Unicode spaces: let the regex split.
    if (c > 127) {
      parts.length = found;
      for (const part of name.split(/\s+/)) if (part.length >= 3 && part !== name) parts.push(part);
      return;
    }
    if (!isAsciiSpace(c)) continue;
    if (i - start >= 3 && (start > 0 || i < name.length)) parts.push(name.slice(start, i));
    start = i + 1;
  }
}

const noNeedles = (): Needles => ({ emails: [], fullNames: [], parts: [], emailsHaveAt: true });

export function needlesFor(identities: Identity[]): Needles {
  const needles = noNeedles();
  for (const identity of identities) addIdentity(needles, identity);
  return sorted(needles);
}

/**
 * `needlesFor` of one person's name and email and `more` identities: the export's case, once a
 * row, without building the lists of identities.
 */
export function personNeedles(name: string, email: string, more?: Identity[]): Needles {
  const needles = noNeedles();
  addEmail(needles, email);
  addName(needles, name);
  if (more) for (const identity of more) addIdentity(needles, identity);
  return sorted(needles);
}

function addIdentity(needles: Needles, identity: Identity): void {
  for (const e of identity.emails) addEmail(needles, e);
  for (const n of identity.names) addName(needles, n);
}

function addEmail(needles: Needles, email: string): void {
  if (email.length <= 3) return;
  const e = email.toLowerCase();
  needles.emails.push(e);
  if (!e.includes('@')) needles.emailsHaveAt = false;
}

function addName(needles: Needles, name: string): void {
  const n = name.trim();
  if (n.length < 2) return;
  needles.fullNames.push(n.toLowerCase());
  namePartsInto(n, needles.parts);
}

/** Longest first, so "Maya Lopez" goes before "Maya". */
function sorted(needles: Needles): Needles {
  longestFirst(needles.fullNames);
  longestFirst(needles.parts);
  return needles;
}

/**
 * Sorts longest first, keeping the order of equal lengths. Most people have one name and one
 * email (nothing to sort) or a name of two parts: swapped in place, as Array#sort allocates ~800
 * bytes of scratch space even for two elements.
 */
function longestFirst(list: string[]): void {
  if (list.length === 2) {
    if (list[1]!.length > list[0]!.length) list.reverse();
  } else if (list.length > 2) list.sort((a, b) => b.length - a.length);
}

/** Keeps the redaction counts of one export run. */
export class Redactor {
  readonly counts: RedactionCounts = emptyCounts();
  private readonly hit = {
    email: () => void this.counts.email++,
    name: () => void this.counts.name++,
  };

  /** Removes PII from a text, counting what was removed. The person's own email and name go first. */
  redact(text: string, identities: Identity[]): string {
    return this.redactWith(text, needlesFor(identities));
  }

  /** As `redact`, with needles prepared once per person (see `needlesFor`). */
  redactWith(text: string, needles: Needles): string {
    const counts = this.counts;
    const { emails, fullNames, parts } = needles;
    let out = text;
    // One lower-cased copy serves every case-insensitive needle until a replacement changes the
    // text; it is made again only when another needle needs it.
    let lower = '';
    let lowerIsCurrent = false;
    const hasAt = out.includes('@');
    if (hasAt || !needles.emailsHaveAt) for (const e of emails) {
      if (!lowerIsCurrent) {
        lower = out.toLowerCase();
        lowerIsCurrent = true;
      }
      if (!lower.includes(e)) continue;
      out = replaceWord(out, lower, e, '[EMAIL]', this.hit.email, false);
      lowerIsCurrent = false;
    }
    if (hasAt && out.includes('@')) {
      const before = out;
      out = out.replace(PATTERNS[0]![1], () => (counts.email++, '[EMAIL]'));
      if (out !== before) lowerIsCurrent = false;
    }
    if (!lowerIsCurrent) lower = out.toLowerCase();
    const lowered = out;
    if (mayHaveUrl(lower)) out = out.replace(PATTERNS[1]![1], () => (counts.url++, '[URL]'));
    // Every phone match contains a digit or ")" then a separator then three digits, and every
    // address a number, spaces and a capital: texts without either skip both patterns.
    if (MAYBE_PHONE_OR_ADDRESS.test(out)) {
      out = out.replace(PATTERNS[2]![1], () => (counts.phone++, '[PHONE]'));
      out = out.replace(PATTERNS[3]![1], () => (counts.address++, '[ADDRESS]'));
    }
    lowerIsCurrent = out === lowered;
    for (const n of fullNames) {
      if (!lowerIsCurrent) {
        lower = out.toLowerCase();
        lowerIsCurrent = true;
      }
      if (!lower.includes(n)) continue;
      out = replaceWord(out, lower, n, '[NAME]', this.hit.name);
      lowerIsCurrent = false;
    }
    for (const p of parts) if (out.includes(p)) out = replaceWord(out, out, p, '[NAME]', this.hit.name);
    return out;
  }
}

/** One-off redaction; pipelines keep one Redactor for the whole run's counts. */
export function redact(text: string, identities: Identity[], counts: RedactionCounts): string {
  const r = new Redactor();
  const out = r.redact(text, identities);
  addCounts(counts, r.counts);
  return out;
}

/** Adds `more` to `counts`, kind by kind. */
export function addCounts(counts: RedactionCounts, more: RedactionCounts): void {
  for (const k of PII_KINDS) counts[k] += more[k];
}
