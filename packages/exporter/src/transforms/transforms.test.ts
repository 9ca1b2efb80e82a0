import { describe, expect, it } from 'vitest';
import { Deduplicator, FingerprintSet, normalizeText } from './dedup.ts';
import { emptyCounts, redact } from './redact.ts';
import { splitFor, userKey } from './split.ts';

describe('redact', () => {
  it('removes emails, phones, URLs, street addresses and the user\'s own name and email, counting each', () => {
    const counts = emptyCounts();
    const text = 'Hi, I am Maya Lopez (maya.l@school.org). Call me at (555) 123-4567 or +1 555-987-6543, see https://example.com/x or www.foo.io, I live at 42 Oak Tree Lane. Maya wrote this; email jo@x.co too.';
    const out = redact(text, [{ names: ['Maya Lopez'], emails: ['maya.l@school.org'] }], counts);
    expect(out).toBe('Hi, I am [NAME] ([EMAIL]). Call me at [PHONE] or [PHONE], see [URL] or [URL], I live at [ADDRESS]. [NAME] wrote this; email [EMAIL] too.');
    expect(counts).toEqual({ email: 2, phone: 2, url: 2, address: 1, name: 2 });
  });

  it('leaves SAT content alone: numbers, equations, years and lowercase words that match a name part', () => {
    const counts = emptyCounts();
    const text = 'If 3x + 5 = 20, x = 5. In 1969, 42 of 100 students (42%) will pass; 3.14159 and 2024-11-02.';
    expect(redact(text, [{ names: ['Will Park'], emails: [] }], counts)).toBe(text);
    expect(counts).toEqual(emptyCounts());
  });
});

describe('dedup', () => {
  it('drops exact and normalised duplicates', () => {
    const d = new Deduplicator();
    expect(d.accept('What is x?', 'x = 5.')).toBe(true);
    expect(d.accept('What is x?', 'x = 5.')).toBe(false);
    expect(d.accept('what is  X', 'X = 5')).toBe(false);
    expect(d.accept('What is y?', 'x = 5.')).toBe(true);
    expect([d.exactDuplicates, d.normalizedDuplicates]).toEqual([1, 1]);
    expect(normalizeText('  Hello,   WORLD! ')).toBe('hello world');
  });

  it('keeps every distinct fingerprint through table growth', () => {
    const set = new FingerprintSet(16);
    for (let i = 0; i < 5000; i++) expect(set.add(i * 7919, i)).toBe(true);
    for (let i = 0; i < 5000; i++) expect(set.add(i * 7919, i)).toBe(false);
    expect(set.size).toBe(5000);
  });
});

describe('pseudonymous split', () => {
  it('is stable per user, keyed by the secret, and close to the requested ratio', () => {
    expect(userKey('s1', 42)).toBe(userKey('s1', 42));
    expect(userKey('s1', 42)).not.toBe(userKey('s2', 42));
    expect(userKey('s1', 42)).not.toContain('42');
    const splits = Array.from({ length: 4000 }, (_, i) => splitFor(userKey('secret', i), 0.1));
    const share = splits.filter((s) => s === 'validation').length / splits.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(splitFor(userKey('secret', 1), 0)).toBe('train');
  });
});
