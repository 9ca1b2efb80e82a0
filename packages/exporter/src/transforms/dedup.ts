import { ASCII_WORD } from './ascii.ts';

/** Lower-cased, punctuation-free, whitespace-collapsed text: catches near-identical copies. */
export function normalizeText(s: string): string {
  return s.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}


/**
 * Fingerprints texts fed piece by piece, without concatenating them: `h1`/`h2` are two
 * independent 32-bit multiplicative hashes (cyrb53's mixing) that together make a 64-bit
 * fingerprint, not cryptographic (a false duplicate needs a 64-bit collision, about 1 in 10^6
 * at 5M examples). `normalizedPair` also keeps `exact`, a 32-bit hash of the raw text, in the
 * same pass over the characters.
 */
class Hasher {
  h1 = 0;
  h2 = 0;
  exact = 0;

  reset() {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    this.exact = 0x9747b28c;
  }

  char(ch: number) {
    this.h1 = Math.imul(this.h1 ^ ch, 2654435761);
    this.h2 = Math.imul(this.h2 ^ ch, 1597334677);
    this.exact = Math.imul(this.exact ^ ch, 0x85ebca6b);
  }

  text(s: string) {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /**
   * Feeds `normalizeText(s)` to h1/h2 and `s` itself to `exact`. ASCII text (the common case)
   * is normalised on the fly in one pass; other text goes through the Unicode-aware normalizeText.
   */
  normalized(s: string) {
    let h1 = this.h1;
    let h2 = this.h2;
    let exact = this.exact;
    let wordSeen = false;
    let gap = false;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch > 127) return this.normalizedSlow(s);
      exact = Math.imul(exact ^ ch, 0x85ebca6b);
      const w = ASCII_WORD[ch]!;
      if (w === 0) {
        gap = true;
        continue;
      }
      if (gap && wordSeen) {
        h1 = Math.imul(h1 ^ 32, 2654435761);
        h2 = Math.imul(h2 ^ 32, 1597334677);
      }
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
      wordSeen = true;
      gap = false;
    }
    this.h1 = h1;
    this.h2 = h2;
    this.exact = exact;
  }

  private normalizedSlow(s: string) {
    let exact = this.exact;
    for (let i = 0; i < s.length; i++) exact = Math.imul(exact ^ s.charCodeAt(i), 0x85ebca6b);
    this.text(normalizeText(s));
    this.exact = exact;
  }

  /** Finishes the fingerprint; the two halves come back in `h1` and `h2`. */
  finish() {
    const a = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    const b = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
    this.h1 = a >>> 0;
    this.h2 = b >>> 0;
    this.exact = Math.imul(this.exact ^ (this.exact >>> 15), 2246822507) >>> 0;
  }
}

/** 64-bit fingerprint of a text (see Hasher). */
export function fingerprint(s: string): [number, number] {
  const h = new Hasher();
  h.reset();
  h.text(s);
  h.finish();
  return [h.h1, h.h2];
}

/** Fingerprint of `normalizeText(s)`, computed in one pass for ASCII text. */
export function normalizedFingerprint(s: string): [number, number] {
  const h = new Hasher();
  h.reset();
  h.normalized(s);
  h.finish();
  return [h.h1, h.h2];
}

const MAX_LOAD = 0.75;
/** Bits of the tag kept with each fingerprint. */
export const TAG_MASK = 0x7f;
/** Bits of `lo` stored beside the tag (the rest of `lo` only chooses the home slot). */
const LO_BITS = 9;
const LO_MASK = (1 << LO_BITS) - 1;

/** One open-addressing table: word = 31 bits of `hi` | 1 (used); extra = 9 bits of `lo` << 7 | tag. */
interface Table {
  words: Uint32Array;
  extra: Uint16Array;
  slots: number;
  size: number;
}

const newTable = (entries: number): Table => {
  const slots = Math.max(16, Math.ceil(entries / MAX_LOAD) + 1);
  return { words: new Uint32Array(slots), extra: new Uint16Array(slots), slots, size: 0 };
};

/**
 * Probes `t` for the fingerprint: returns its slot, or -(first empty slot) - 1. Multiply-shift
 * maps the hash onto any table size, so sizes need not be powers of two.
 */
function probe(t: Table, key: number, lo: number): number {
  const { words, extra, slots } = t;
  const low = (lo & LO_MASK) << 7;
  let i = Math.floor((((lo ^ Math.imul(key, 0x9e3779b1)) >>> 0) * slots) / 4294967296);
  for (;;) {
    const word = words[i]!;
    if (word === 0) return -i - 1;
    if (word === key && (extra[i]! & ~TAG_MASK) === low) return i;
    if (++i === slots) i = 0;
  }
}

/**
 * A set of 64-bit fingerprints (`hi`, `lo`), each with a 7-bit tag, in 6 bytes a slot (at most
 * 8 an entry, against ~100 for a Set of strings): 31 bits of `hi` and 9 of `lo` are stored, and
 * the rest of `lo` picks the home slot. Equal fingerprints always meet in the same probe run, so
 * no duplicate is missed; a false match needs those 40 bits to agree within one probe run: about
 * 1 in 100,000 runs of 5M examples drops one example wrongly.
 *
 * Sized up front when the number of entries is known (no growth, no rehash peak). Since `lo` is
 * not kept, a full table cannot be rehashed: a new table twice its size takes further entries,
 * and lookups check every table.
 */
export class FingerprintSet {
  private tables: Table[];
  size = 0;

  constructor(expectedEntries = 1 << 14) {
    this.tables = [newTable(expectedEntries)];
  }

  /** Adds the fingerprint with its tag; returns -1 when it is new, else the tag stored with it. */
  add(hi: number, lo: number, tag = 0): number {
    const key = (hi | 1) >>> 0;
    lo >>>= 0;
    const tables = this.tables;
    for (let n = 0; n < tables.length - 1; n++) {
      const t = tables[n]!;
      const i = probe(t, key, lo);
      if (i >= 0) return t.extra[i]! & TAG_MASK;
    }
    let t = tables[tables.length - 1]!;
    const i = probe(t, key, lo);
    if (i >= 0) return t.extra[i]! & TAG_MASK;
    t.words[-i - 1] = key;
    t.extra[-i - 1] = ((lo & LO_MASK) << 7) | (tag & TAG_MASK);
    this.size++;
    if (++t.size > t.slots * MAX_LOAD) {
      t = newTable(t.slots * 2 * MAX_LOAD);
      tables.push(t);
    }
    return -1;
  }

  /** Bytes held by the tables. */
  get bytes(): number {
    return this.tables.reduce((n, t) => n + t.words.byteLength + t.extra.byteLength, 0);
  }
}

/**
 * Exact and normalised-text deduplication of input/output pairs. One table keyed by the
 * normalised fingerprint; its tag holds 7 bits of the exact text's hash, which tells an exact
 * copy of a kept example from a near copy (for the counts only: both are dropped; 1 near copy
 * in 128 is counted as exact).
 */
export class Deduplicator {
  private seen: FingerprintSet;
  private hasher = new Hasher();
  exactDuplicates = 0;
  normalizedDuplicates = 0;

  /** `expectedExamples` sizes the table once (e.g. from a count of the source rows). */
  constructor(expectedExamples?: number) {
    this.seen = new FingerprintSet(expectedExamples);
  }

  /** True when the pair is new; false (and counted) when it repeats an earlier one. */
  accept(input: string, output: string): boolean {
    const h = this.hasher;
    h.reset();
    h.normalized(input);
    h.char(0);
    h.normalized(output);
    h.finish();
    const found = this.seen.add(h.h1, h.h2, h.exact);
    if (found === -1) return true;
    if (found === (h.exact & TAG_MASK)) this.exactDuplicates++;
    else this.normalizedDuplicates++;
    return false;
  }

  /** Bytes held by the fingerprint table. */
  get bytes(): number {
    return this.seen.bytes;
  }
}
