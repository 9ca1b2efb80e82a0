import { describe, expect, it } from 'vitest';
import { Deduplicator, FingerprintSet, fingerprint, normalizedFingerprint, normalizeText } from './dedup.ts';
import { readFileSync } from 'node:fs';
import { emptyCounts, needlesFor, personNeedles, redact, Redactor } from './redact.ts';
import { LEXICON_FILE, lexiconFromCompromise } from './redact-words.ts';
import { splitFor, userKey } from './split.ts';

describe('redact', () => {
  it('reads its name lexicon from a snapshot that matches the installed compromise', () => {
    // Regenerate with: node packages/exporter/src/transforms/redact-lexicon.gen.ts
    expect(JSON.parse(readFileSync(LEXICON_FILE, 'utf8'))).toEqual(lexiconFromCompromise());
  });

  it('removes emails, phones, URLs, street addresses and the user\'s own name and email, counting each', () => {
    const counts = emptyCounts();
    const text = 'Hi, I am Maya Lopez (maya.l@school.org). Call me at (555) 123-4567 or +1 555-987-6543, see https://example.com/x or www.foo.io, I live at 42 Oak Tree Lane. Maya wrote this; email jo@x.co too.';
    const out = redact(text, [{ names: ['Maya Lopez'], emails: ['maya.l@school.org'] }], counts);
    expect(out).toBe('Hi, I am [NAME] ([EMAIL]). Call me at [PHONE] or [PHONE], see [URL] or [URL], I live at [ADDRESS]. [NAME] wrote this; email [EMAIL] too.');
    expect(counts).toEqual({ ...emptyCounts(), email: 2, phone: 2, url: 2, address: 1, name: 2 });
  });

  it('finds URLs in any case and phone numbers and addresses in any layout the patterns accept', () => {
    const counts = emptyCounts();
    const text = 'SEE HTTPS://EXAMPLE.COM/A or Www.Site.org; call 555.123.4567, 5551234567 no, (555)123 4567 or +44 20 7946 0958; 7 Baker Street.';
    expect(redact(text, [], counts)).toBe('SEE [URL] or [URL]; call [PHONE], 5551234567 no, [PHONE] or [PHONE]; [ADDRESS].');
    expect(counts).toEqual({ ...emptyCounts(), phone: 3, url: 2, address: 1 });
  });

  it('finds a phone number or email that ends a sentence, and emails with letters beyond ASCII', () => {
    const counts = emptyCounts();
    const text = 'Call 555-123-4567. Or (555) 987-6543! Mail zoë.ångström@école.fr or jürgen@müller.de. Not 10.555.123.4567.8';
    expect(redact(text, [], counts)).toBe('Call [PHONE]. Or [PHONE]! Mail [EMAIL] or [EMAIL]. Not 10.555.123.4567.8');
    expect(counts).toEqual({ ...emptyCounts(), email: 2, phone: 2 });
  });

  it('splits names into parts at any whitespace and hyphen; parts that are everyday words or two letters match only as names', () => {
    type Lists = { fullNames: string[]; parts: string[]; commonParts: string[]; wordParts: string[] };
    const none: Lists = { fullNames: [], parts: [], commonParts: [], wordParts: [] };
    const cases: [string, Partial<Lists>][] = [
      ['Maya Lopez', { fullNames: ['maya lopez'], parts: ['lopez'], wordParts: ['maya'] }],
      ['  Ana  de\tla Cruz ', { fullNames: ['ana de la cruz'], parts: ['cruz', 'ana'], commonParts: ['De', 'La'] }],
      ['Zoë\u00a0Ångström Bo', { fullNames: ['zoë ångström bo'], parts: ['ångström', 'zoë'], commonParts: ['Bo'] }],
      ['Will Park', { commonParts: ['Will Park', 'Will', 'Park'] }],
      ['Mary-Jane Smith-Jones', {
        fullNames: ['mary jane smith jones', 'mary-jane smith-jones', 'smith-jones', 'smith jones', 'mary-jane', 'smithjones', 'mary jane', 'maryjane'],
        parts: ['smith', 'jones', 'mary', 'jane'],
      }],
    ];
    const sortedLists = (l: Lists): Lists => ({ fullNames: [...l.fullNames].sort(), parts: [...l.parts].sort(), commonParts: [...l.commonParts].sort(), wordParts: [...l.wordParts].sort() });
    for (const [name, expected] of cases) {
      expect(sortedLists(needlesFor([{ names: [name], emails: [] }])), name).toEqual(sortedLists({ ...none, ...expected }));
    }
  });

  it('takes a name part that is an everyday word for the name only where it stands as one', () => {
    const r = new Redactor();
    const will = personNeedles('Will Park', 'wp@school.org');
    expect(r.redactWith('I will do it. Will here! I\'m Will. Will you help? Thanks, Will. will.smith@x.org', will))
      .toBe('I will do it. [NAME] here! I\'m [NAME]. Will you help? Thanks, [NAME]. [EMAIL]');
    const an = personNeedles('An', 'an@school.org');
    expect(r.redactWith('An answer is an example. I\'m An, and my name is an.', an)).toBe('An answer is an example. I\'m [NAME], and my name is [NAME].');
    const jordan = personNeedles('Jordan Mark Ellis', 'jme@school.org');
    expect(r.redactWith('Mark as completed. The Jordan River is long. Jordan here, my middle name is Mark.', jordan))
      .toBe('Mark as completed. The Jordan River is long. [NAME] here, my middle name is [NAME].');
    const mj = personNeedles('Mary-Jane Smith-Jones', 'mj@school.org');
    expect(r.redactWith('maryjane here, aka Smith Jones', mj)).toBe('[NAME] here, aka [NAME]');
  });

  it('makes the same needles for a person and extra identities as for the list of their identities', () => {
    const people: [string, string, { names: string[]; emails: string[] }[]][] = [
      ['Maya Lopez', 'Maya.L@School.org', []],
      ['  Ana  de\tla Cruz ', 'x@y', [{ names: ['Jo Li', 'Prince'], emails: ['JO@li.com', 'ab'] }]],
      ['A', '', [{ names: ['Zoë\u00a0Ångström Bo'], emails: ['zoë@école.fr'] }]],
    ];
    for (const [name, email, more] of people) {
      expect(personNeedles(name, email, more), name).toEqual(needlesFor([{ names: [name], emails: [email] }, ...more]));
      expect(personNeedles(name, email), name).toEqual(needlesFor([{ names: [name], emails: [email] }]));
    }
  });

  it('redacts a stored email without "@" too, in text without any "@"', () => {
    const r = new Redactor();
    // Accounts are created with real emails; a stored value that is not one is still the person's.
    const needles = personNeedles('Kim Osei', 'kim.osei at school');
    expect(needles.emailsHaveAt).toBe(false);
    expect(r.redactWith('Write to Kim.Osei at School today', needles)).toBe('Write to [EMAIL] today');
    expect(r.redactWith('Write to kim@school.org today', personNeedles('Kim Osei', 'kim@school.org'))).toBe('Write to [EMAIL] today');
    expect(r.counts).toEqual({ ...emptyCounts(), email: 2 });
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

  it('counts a copy of a kept example as exact and a near copy of it as normalised', () => {
    const d = new Deduplicator(4);
    expect(d.accept('Solve 2x = 6.', 'x = 3')).toBe(true);
    expect(d.accept('solve 2X = 6', 'X = 3!')).toBe(false);
    expect(d.accept('solve 2X = 6', 'X = 3!')).toBe(false);
    expect(d.accept('Solve 2x = 6.', 'x = 3')).toBe(false);
    expect([d.exactDuplicates, d.normalizedDuplicates]).toEqual([1, 2]);
  });

  it('fingerprints normalised text in one pass exactly as normalizeText would', () => {
    let seed = 7;
    const rand = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822507) + 12345) >>> 0) / 4294967296;
    const alphabet = ['a', 'Z', 'q', '0', '9', ' ', '  ', '\n', '.', ',', '!', '-', '_', '\t', '"', 'é', 'Ä', 'ﬁ', '²', '中', '😀', 'Ω'];
    for (let n = 0; n < 2000; n++) {
      const asciiOnly = n % 2 === 0;
      const pool = asciiOnly ? alphabet.slice(0, 15) : alphabet;
      const s = Array.from({ length: Math.floor(rand() * 40) }, () => pool[Math.floor(rand() * pool.length)]).join('');
      expect(normalizedFingerprint(s), JSON.stringify(s)).toEqual(fingerprint(normalizeText(s)));
    }
  });

  it('fingerprints text that NFKC lengthens manyfold, before ASCII text', () => {
    // One character that NFKC turns into 18; the scratch buffers start at 4 KB.
    const long = 'ﷺ'.repeat(3000);
    expect(normalizeText(long).length).toBeGreaterThan(50_000);
    expect(normalizedFingerprint(long)).toEqual(fingerprint(normalizeText(long)));
    const d = new Deduplicator();
    expect(d.accept(long, 'The answer is B.')).toBe(true);
    expect(d.accept(long, 'the answer is b')).toBe(false);
    expect(d.accept(long, 'The answer is C.')).toBe(true);
    expect(d.accept('x', 'The answer is B.')).toBe(true);
  });

  it('keeps every distinct fingerprint and its tag through table growth', () => {
    const set = new FingerprintSet(16);
    for (let i = 0; i < 5000; i++) expect(set.add(i * 7919 * 256, i, i % 128)).toBe(-1);
    for (let i = 0; i < 5000; i++) expect(set.add(i * 7919 * 256, i, 0)).toBe(i % 128);
    expect(set.size).toBe(5000);
    // Fingerprints that differ in the stored bits of either half stay apart.
    expect(set.add(7919 * 256, 1 ^ 2, 5)).toBe(-1);
    expect(set.add((7919 * 256) ^ 2, 1, 6)).toBe(-1);
    expect(set.add((7919 * 256) ^ 2, 1, 0)).toBe(6);
    expect(set.size).toBe(5002);
  });

  it('does not grow when sized for the entries it gets', () => {
    const set = new FingerprintSet(10_000);
    const bytes = set.bytes;
    for (let i = 0; i < 10_000; i++) expect(set.add(i << 8, i * 31 + 1)).toBe(-1);
    expect(set.bytes).toBe(bytes);
    expect(bytes).toBeLessThan(10_000 * 6 * 1.4);
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

  it('puts a key where the last 8 hex digits of it say, whatever the key', () => {
    const bySlice = (key: string, ratio: number) => (parseInt(key.slice(-8), 16) / 0x100000000 < ratio ? 'validation' : 'train');
    const keys = [...Array.from({ length: 2000 }, (_, i) => userKey('k', i)), 'ABCDEF0123', 'abcdef01', 'ffffffff', '00000000', 'synthetic-123', 'short', '', '\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017', '+1234567', ' 1234567', '12345678x', 'İ1234567'];
    for (const key of keys) for (const ratio of [0.05, 0.1, 0.5, 0.99]) expect(splitFor(key, ratio), `${key} ${ratio}`).toBe(bySlice(key, ratio));
  });
});
