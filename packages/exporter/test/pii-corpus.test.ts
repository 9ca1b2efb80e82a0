import { describe, expect, it } from 'vitest';
import { PII_KINDS, personNeedles, Redactor, type PiiKind } from '../src/transforms/redact.ts';
import { PII_CORPUS } from './pii-corpus.ts';

const TOKEN: Record<PiiKind, string> = {
  email: '[EMAIL]', phone: '[PHONE]', url: '[URL]', address: '[ADDRESS]', name: '[NAME]', handle: '[HANDLE]', dob: '[DOB]', id: '[ID]',
};
const MARK = /\{\{(\w+):(.*?)\}\}/g;

/**
 * Words of a span that say nothing on their own ("dot", "at", "gmail", "St"): the span counts as
 * caught when every other word of it is gone from the redacted text.
 */
const STRUCTURE = new Set(['dot', 'at', 'com', 'org', 'net', 'edu', 'gmail', 'yahoo', 'hotmail', 'outlook', 'st', 'street', 'ave', 'avenue', 'rd', 'road', 'ln', 'lane', 'drive', 'blvd', 'court', 'place', 'apt', 'www', 'https', 'http', 'ms', 'mr', 'mrs', 'no', 'of']);

const tokensOf = (span: string) => span.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length >= 2 && !STRUCTURE.has(t.toLowerCase()));
const countWord = (text: string, word: string) => text.match(new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu'))?.length ?? 0;
const count = (text: string, token: string) => text.split(token).length - 1;

interface Stats { spans: number; caught: number; extra: number; missed: string[]; extras: string[] }

function runCorpus() {
  const stats = Object.fromEntries(PII_KINDS.map((k) => [k, { spans: 0, caught: 0, extra: 0, missed: [], extras: [] } as Stats])) as Record<PiiKind, Stats>;
  const changedClean: string[] = [];
  let clean = 0;
  for (const { student, text: marked } of PII_CORPUS) {
    const spans = [...marked.matchAll(MARK)].map((m) => ({ kind: m[1] as PiiKind, text: m[2]! }));
    const text = marked.replace(MARK, '$2');
    const out = new Redactor().redactWith(text, personNeedles(student.name, student.email));
    if (spans.length === 0) {
      clean++;
      if (out !== text) changedClean.push(`${text}\n    -> ${out}`);
    }
    for (const span of spans) {
      expect(PII_KINDS, marked).toContain(span.kind);
      const s = stats[span.kind];
      s.spans++;
      // A word of the span is left if the output has more of it than the sentence without this span.
      const rest = marked.replace(`{{${span.kind}:${span.text}}}`, ' ').replace(MARK, '$2');
      const left = tokensOf(span.text).filter((t) => countWord(out, t) > countWord(rest, t));
      if (left.length === 0 && out.includes(TOKEN[span.kind])) s.caught++;
      else s.missed.push(`${text}\n    -> ${out}`);
    }
    for (const kind of PII_KINDS) {
      const expected = spans.filter((s) => s.kind === kind).length;
      const extra = Math.max(0, count(out, TOKEN[kind]) - expected);
      stats[kind].extra += extra;
      if (extra && spans.length) stats[kind].extras.push(`${text}\n    -> ${out}`);
    }
  }
  return { stats, clean, changedClean };
}

describe('PII corpus: sentences as students write them', () => {
  const { stats, clean, changedClean } = runCorpus();

  it('holds at least 300 sentences, with and without PII, every kind represented', () => {
    expect(PII_CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(clean).toBeGreaterThanOrEqual(100);
    for (const kind of PII_KINDS) expect(stats[kind].spans, kind).toBeGreaterThanOrEqual(7);
  });

  it('prints recall and false positives per kind', () => {
    const rows = PII_KINDS.map((k) => {
      const s = stats[k];
      return `${k.padEnd(8)} spans ${String(s.spans).padStart(3)}  recall ${((100 * s.caught) / s.spans).toFixed(1).padStart(5)}%  extra tokens ${s.extra}  (per sentence ${(s.extra / PII_CORPUS.length).toFixed(3)})`;
    });
    console.log(`PII corpus: ${PII_CORPUS.length} sentences, ${clean} without PII, ${changedClean.length} of those changed (false-positive rate ${((100 * changedClean.length) / clean).toFixed(1)}%)\n${rows.join('\n')}`);
    for (const k of PII_KINDS) for (const m of stats[k].missed) console.log(`missed ${k}: ${m}`);
    for (const k of PII_KINDS) for (const m of stats[k].extras) console.log(`extra ${k}: ${m}`);
    for (const c of changedClean) console.log(`changed clean sentence: ${c}`);
  });

  it('catches ≥ 99% of contacts and ids and ≥ 95% of names', () => {
    for (const kind of ['email', 'phone', 'url', 'handle', 'dob', 'id', 'address'] as const) {
      expect(stats[kind].caught / stats[kind].spans, `${kind} missed:\n${stats[kind].missed.join('\n')}`).toBeGreaterThanOrEqual(0.99);
    }
    expect(stats.name.caught / stats.name.spans, `name missed:\n${stats.name.missed.join('\n')}`).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves every sentence without PII unchanged: no everyday word, public figure, date or number redacted', () => {
    expect(changedClean).toEqual([]);
  });
});
