import type { Identity } from '../types.ts';

export const PII_KINDS = ['email', 'phone', 'url', 'address', 'name'] as const;
export type PiiKind = (typeof PII_KINDS)[number];
export type RedactionCounts = Record<PiiKind, number>;

export const emptyCounts = (): RedactionCounts => ({ email: 0, phone: 0, url: 0, address: 0, name: 0 });

const PATTERNS: [PiiKind, RegExp, string][] = [
  ['email', /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[EMAIL]'],
  ['url', /\b(?:https?:\/\/|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]/gi, '[URL]'],
  // Phone numbers: 7+ digits with separators, optional country code; not plain numbers like 2024 or 3.14.
  ['phone', /(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]?\d{3,4}(?![\w.])/g, '[PHONE]'],
  // Street addresses: a house number, one to four words, and a street suffix.
  ['address', /\b\d{1,6}\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy)\b/g, '[ADDRESS]'],
];

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isWordChar = (c: string | undefined) => c !== undefined && WORD_CHAR.test(c);

/**
 * Replaces whole-word occurrences of `needle` (no letter or digit on either side) with `token`.
 * Plain indexOf scanning: no per-person regex to compile, which dominated export time.
 */
function replaceWord(text: string, needle: string, token: string, ignoreCase: boolean, onHit: () => void, wholeWord = true): string {
  const hay = ignoreCase ? text.toLowerCase() : text;
  const n = ignoreCase ? needle.toLowerCase() : needle;
  let from = hay.indexOf(n);
  if (from < 0) return text;
  let out = '';
  let last = 0;
  while (from >= 0) {
    const end = from + n.length;
    if (!wholeWord || (!isWordChar(text[from - 1]) && !isWordChar(text[end]))) {
      out += text.slice(last, from) + token;
      last = end;
      onHit();
    }
    from = hay.indexOf(n, end);
  }
  return out + text.slice(last);
}

/** What to look for, per identity: emails, full names (any case) and name parts of 3+ letters as capitalised in the name. */
function needles(identities: Identity[]): { emails: string[]; fullNames: string[]; parts: string[] } {
  const emails = identities.flatMap((i) => i.emails).filter((e) => e.length > 3);
  const fullNames: string[] = [];
  const parts: string[] = [];
  for (const name of identities.flatMap((i) => i.names)) {
    const n = name.trim();
    if (n.length < 2) continue;
    fullNames.push(n);
    for (const part of n.split(/\s+/)) if (part.length >= 3 && part !== n) parts.push(part);
  }
  // Longest first, so "Maya Lopez" goes before "Maya".
  const byLength = (a: string, b: string) => b.length - a.length;
  return { emails, fullNames: fullNames.sort(byLength), parts: parts.sort(byLength) };
}

/** Keeps the redaction counts of one export run. */
export class Redactor {
  readonly counts: RedactionCounts = emptyCounts();
  private lastKey = '';
  private last: ReturnType<typeof needles> | null = null;

  /** Removes PII from a text, counting what was removed. The person's own email and name go first. */
  redact(text: string, identities: Identity[]): string {
    const counts = this.counts;
    // Rows of one person often come together; reuse the needles for the same identity.
    const key = identities.map((i) => `${i.names.join('\u0001')}\u0002${i.emails.join('\u0001')}`).join('\u0003');
    if (key !== this.lastKey || !this.last) {
      this.last = needles(identities);
      this.lastKey = key;
    }
    const { emails, fullNames, parts } = this.last;
    let out = text;
    for (const e of emails) out = replaceWord(out, e, '[EMAIL]', true, () => counts.email++, false);
    if (out.includes('@')) out = out.replace(PATTERNS[0]![1], () => (counts.email++, '[EMAIL]'));
    if (out.includes('http') || out.includes('www.') || out.includes('WWW.')) out = out.replace(PATTERNS[1]![1], () => (counts.url++, '[URL]'));
    if (/\d{3}/.test(out)) {
      out = out.replace(PATTERNS[2]![1], () => (counts.phone++, '[PHONE]'));
      out = out.replace(PATTERNS[3]![1], () => (counts.address++, '[ADDRESS]'));
    }
    for (const n of fullNames) out = replaceWord(out, n, '[NAME]', true, () => counts.name++);
    for (const p of parts) out = replaceWord(out, p, '[NAME]', false, () => counts.name++);
    return out;
  }
}

/** One-off redaction; pipelines keep one Redactor for the whole run's counts. */
export function redact(text: string, identities: Identity[], counts: RedactionCounts): string {
  const r = new Redactor();
  const out = r.redact(text, identities);
  for (const k of PII_KINDS) counts[k] += r.counts[k];
  return out;
}
