import type { PerformanceStats } from '@satprep/domain';

/** One tally of performance stats: a domain of a section. */
export interface Tally {
  section: string;
  domain: string;
  correct: number;
  total: number;
}

/** Performance stats as examples use them: their tallies in order, and the stats as compact JSON. */
export interface PerformanceView {
  tallies: Tally[];
  /** `JSON.stringify` of the parsed stats. */
  json: string;
}

/**
 * The view of stored performance stats: parsed objects, or their JSON text as PostgreSQL writes
 * jsonb. Text in the usual shape (section → domain → `{"total": n, "correct": n}`, plain
 * integers) is read by scanStats: parsing it into objects and writing them back as JSON cost
 * more than the rest of a feedback row's rendering. Anything else goes through JSON.parse.
 * Either way the view is the one the parsed stats give (as `for...in` walks them), and stats
 * that cannot be read throw as reading the parsed objects would.
 */
export function performanceView(stats: unknown): PerformanceView {
  if (typeof stats === 'string') {
    const view = scanStats(stats);
    if (view) return view;
    stats = JSON.parse(stats);
  }
  const perf = stats as PerformanceStats;
  const tallies: Tally[] = [];
  for (const section in perf) {
    const domains = perf[section as keyof PerformanceStats];
    for (const domain in domains) {
      const t = domains[domain as keyof typeof domains]!;
      tallies.push({ section, domain, correct: t.correct, total: t.total });
    }
  }
  return { tallies, json: JSON.stringify(perf) };
}

/**
 * Stats text exactly as PostgreSQL writes jsonb of the usual shape: `{"Math": {"Algebra":
 * {"total": 10, "correct": 7}}, ...}` (one space after each colon and comma, keys without escapes,
 * integers), or null for anything else, which JSON.parse then reads. Section and domain names
 * starting with a digit are left to JSON.parse too (`for...in` visits integer keys first). A key
 * without escapes is written back unchanged by JSON.stringify.
 */
export function scanStats(text: string): PerformanceView | null {
  const n = text.length;
  // No escapes (every string ends at its next quote), nor characters JSON.stringify would escape
  // (control characters, which are not JSON, and halves of surrogate pairs; jsonb has neither).
  if (text.charCodeAt(0) !== OPEN || ESCAPED.test(text)) return null;
  const tallies: Tally[] = [];
  let json = '{';
  let p = 1;
  if (text.charCodeAt(p) === CLOSE) return p + 1 === n ? { tallies, json: '{}' } : null;
  const sections: string[] = [];
  for (;;) {
    // "section": {
    let end = nameEnd(text, p);
    if (end < 0 || text.charCodeAt(end + 1) !== COLON || text.charCodeAt(end + 2) !== SPACE || text.charCodeAt(end + 3) !== OPEN) return null;
    const section = text.slice(p + 1, end);
    // Keys are unique in jsonb; a name twice would be one key to JSON.parse.
    if (sections.includes(section)) return null;
    json += `${sections.length ? ',' : ''}"${section}":{`;
    sections.push(section);
    const first = tallies.length;
    p = end + 4;
    if (text.charCodeAt(p) !== CLOSE) {
      for (;;) {
        // "domain": {"total": N, "correct": N}
        end = nameEnd(text, p);
        if (end < 0 || !text.startsWith(TOTAL, end)) return null;
        const domain = text.slice(p + 1, end);
        p = end + TOTAL.length;
        let total = 0;
        const totalAt = p;
        for (let c = text.charCodeAt(p); c >= 48 && c <= 57; c = text.charCodeAt(++p)) total = total * 10 + (c - 48);
        if (!plainInt(text, totalAt, p) || !text.startsWith(CORRECT, p)) return null;
        p += CORRECT.length;
        let correct = 0;
        const correctAt = p;
        for (let c = text.charCodeAt(p); c >= 48 && c <= 57; c = text.charCodeAt(++p)) correct = correct * 10 + (c - 48);
        if (!plainInt(text, correctAt, p) || text.charCodeAt(p) !== CLOSE) return null;
        for (let i = first; i < tallies.length; i++) if (tallies[i]!.domain === domain) return null;
        json += `${tallies.length > first ? ',' : ''}"${domain}":{"total":${total},"correct":${correct}}`;
        tallies.push({ section, domain, correct, total });
        p++;
        if (text.charCodeAt(p) !== COMMA) break;
        if (text.charCodeAt(p + 1) !== SPACE) return null;
        p += 2;
      }
      if (text.charCodeAt(p) !== CLOSE) return null;
    }
    json += '}';
    p++;
    if (text.charCodeAt(p) === CLOSE) return p + 1 === n ? { tallies, json: `${json}}` } : null;
    if (text.charCodeAt(p) !== COMMA || text.charCodeAt(p + 1) !== SPACE) return null;
    p += 2;
  }
}

const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN = 123;
const CLOSE = 125;
const TOTAL = '": {"total": ';
const CORRECT = ', "correct": ';

const ESCAPED = /[\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The index of the closing quote of the name opening at `p` (in text without escapes), or -1:
 * not a string, or a first character that is a digit.
 */
function nameEnd(text: string, p: number): number {
  if (text.charCodeAt(p) !== QUOTE) return -1;
  const first = text.charCodeAt(p + 1);
  return first >= 48 && first <= 57 ? -1 : text.indexOf('"', p + 1);
}

/** Whether `text[from, to)` is an integer JSON.stringify writes alike: 1 to 15 digits, no leading zero, no fraction or exponent next. */
function plainInt(text: string, from: number, to: number): boolean {
  const digits = to - from;
  if (digits === 0 || digits > 15 || (digits > 1 && text.charCodeAt(from) === 48)) return false;
  const c = text.charCodeAt(to);
  return c !== 46 && c !== 101 && c !== 69;
}
