import { ASCII_WORD } from './ascii.ts';

/** Lower-cased, punctuation-free, whitespace-collapsed text: catches near-identical copies. */
export function normalizeText(s: string): string {
  return s.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** ASCII letters and digits → their lower-case code; everything else → a space (all bytes: indexed by a byte, V8 needs no bounds check). */
const NORMAL = new Uint8Array(256).fill(32);
for (let c = 0; c < 128; c++) NORMAL[c] = ASCII_WORD[c] || 32;

/** One MurmurHash3 round: mixes the word `k` into `h`. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * Mixes the word `k` into the exact hash: a multiply, which keeps each word's difference (both
 * steps are one-to-one) for `fmix` to spread into the low bits the duplicate check keeps
 * (7 of them, to tell an exact copy from a near one). A MurmurHash3 round costs three times as much.
 */
const mixExact = (h: number, k: number) => Math.imul(h ^ k, 0x01000193);

/** MurmurHash3's 32-bit mixing over the first `bytes` bytes of `words`, zero-padded to whole words (no separate tail step). */
function murmur3(words: Int32Array, bytes: number, seed: number): number {
  let h = seed;
  const n = (bytes + 3) >>> 2;
  for (let i = 0; i < n; i++) h = mixWord(h, words[i]!);
  return fmix(h ^ bytes);
}

/** Both halves of a 64-bit fingerprint: `murmur3` with two seeds, in one pass over the words from word `from`. */
function murmur3Pair(words: Int32Array, from: number, bytes: number, seed1: number, seed2: number, out: { h1: number; h2: number }): void {
  let a = seed1;
  let b = seed2;
  const n = from + ((bytes + 3) >>> 2);
  for (let i = from; i < n; i++) {
    let k = Math.imul(words[i]!, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b ^= k;
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
  }
  out.h1 = fmix(a ^ bytes);
  out.h2 = fmix(b ^ bytes);
}

/** MurmurHash3's finalisation mix. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEED_1 = 0x9747b28c;
const SEED_2 = 0x41c6ce57;
const SEED_EXACT = 0xdeadbeef;

/**
 * Fingerprints texts: `normalizeText` of each text, joined by a NUL byte (which no normalised
 * text contains), as UTF-8, hashed by two MurmurHash3 passes with different seeds into a 64-bit
 * fingerprint (not cryptographic: a false duplicate needs a 64-bit collision, about 1 in 10^6 at
 * 5M examples); `exact` is a 32-bit hash of the raw texts and their lengths.
 *
 * ASCII text (the common case) is copied as Latin-1, which is its UTF-8 and several times faster
 * to write, and normalised a word (4 bytes) at a time into a scratch buffer by one branch-free
 * pass that also hashes the raw words: a third less work than hashing it character by character,
 * whose branches the CPU mispredicts at every word boundary. Other text goes through normalizeText.
 */
export class Hasher {
  h1 = 0;
  h2 = 0;
  exact = 0;
  /** After `hash(first, second)`: the fingerprint of `second` alone, as `hash(second)` gives it (`h1`, `h2`, `exact`). */
  readonly second = { h1: 0, h2: 0, exact: 0 };
  // The raw and the normalised bytes, each with a view of whole words.
  private raw = Buffer.alloc(0);
  private raw32 = new Int32Array(0);
  private norm = Buffer.alloc(0);
  private norm32 = new Int32Array(0);

  private reserve(bytes: number) {
    if (bytes <= this.raw.length && bytes <= this.norm.length) return;
    const size = (Math.max(4096, bytes) + 3) & ~3;
    this.raw32 = new Int32Array(size >>> 2);
    this.raw = Buffer.from(this.raw32.buffer);
    this.norm32 = new Int32Array(size >>> 2);
    this.norm = Buffer.from(this.norm32.buffer);
  }

  /** Grows the normalised buffer to at least `bytes`, keeping its first `keep` bytes. */
  private growNorm(bytes: number, keep: number) {
    const old = this.norm;
    this.norm32 = new Int32Array((bytes + 3) >>> 2);
    this.norm = Buffer.from(this.norm32.buffer);
    old.copy(this.norm, 0, 0, keep);
  }

  /**
   * Mixes the raw bytes of `text` into `exact` and writes its normalised form at `at` of the
   * normalised buffer; returns the end of the normalised bytes.
   */
  private put(text: string, at: number): number {
    const raw = this.raw;
    const raw32 = this.raw32;
    // Bytes equal to characters: ASCII, whose Latin-1 is its UTF-8.
    let bytes = raw.write(text, 0, 'latin1');
    const ascii = Buffer.byteLength(text) === bytes;
    if (!ascii) bytes = raw.write(text, 0);
    // Zeros up to a whole word.
    for (let i = bytes; i & 3; i++) raw[i] = 0;
    const words = (bytes + 3) >>> 2;
    let exact = mixExact(this.exact, bytes);
    if (!ascii) {
      for (let w = 0; w < words; w++) exact = mixExact(exact, raw32[w]!);
      this.exact = exact;
      // NFKC can lengthen such text manyfold.
      const normal = normalizeText(text);
      if (at + normal.length * 3 + 4 > this.norm.length) this.growNorm(at + normal.length * 3 + 4, at);
      return at + this.norm.write(normal, at);
    }
    if (at + words * 4 + 4 > this.norm.length) this.growNorm(at + words * 4 + 4, at);
    // Runs of non-word bytes (the zeros after the text too) become one space (none leading):
    // written unconditionally, the position only moves past a byte that is a word character or
    // the first space of a run.
    const norm = this.norm;
    let j = at;
    let prev = 32;
    let c = 0;
    let d = 0;
    for (let w = 0; w < words; w++) {
      const v = raw32[w]!;
      exact = mixExact(exact, v);
      c = NORMAL[v & 0xff]!;
      norm[j] = c;
      d = (c ^ 32) | (prev ^ 32);
      j += (d | -d) >>> 31;
      prev = c;
      c = NORMAL[(v >>> 8) & 0xff]!;
      norm[j] = c;
      d = (c ^ 32) | (prev ^ 32);
      j += (d | -d) >>> 31;
      prev = c;
      c = NORMAL[(v >>> 16) & 0xff]!;
      norm[j] = c;
      d = (c ^ 32) | (prev ^ 32);
      j += (d | -d) >>> 31;
      prev = c;
      c = NORMAL[v >>> 24]!;
      norm[j] = c;
      d = (c ^ 32) | (prev ^ 32);
      j += (d | -d) >>> 31;
      prev = c;
    }
    this.exact = exact;
    // No trailing space.
    return prev === 32 && j > at ? j - 1 : j;
  }

  /**
   * Writes `text` as it is (not normalised) at `at` of the normalised buffer; returns the end.
   * For text rendered by the export itself from numbers and fixed words (see `hash`), where
   * normalising could only merge texts that no renderer writes differently. ASCII only: other
   * text is normalised as usual.
   */
  private putVerbatim(text: string, at: number): number {
    if (at + text.length + 4 > this.norm.length) this.growNorm(at + text.length * 3 + 4, at);
    const bytes = this.norm.write(text, at, 'latin1');
    if (Buffer.byteLength(text) !== bytes) return this.put(text, at);
    // The fingerprint covers these bytes as they are: `exact` need not (it only tells copies whose fingerprints agree apart).
    this.exact = mixExact(this.exact, bytes);
    return at + bytes;
  }

  /**
   * Fingerprints `first`, or `first` and `second` (see the class comment), into `h1`, `h2` and
   * `exact`; with `second`, also `second` alone into `this.second` in the same pass. With
   * `firstVerbatim`, `first` is hashed as it is, not normalised (an input a source renders only
   * from numbers and fixed words: see SourceDef.inputWithoutFreeText).
   */
  hash(first: string, second?: string, firstVerbatim = false) {
    // Each text's UTF-8 takes at most 3 bytes per UTF-16 unit, their normalised ASCII together
    // at most 2 (growNorm takes care of the rest); then a separator and padding.
    this.reserve(Math.max(first.length, second?.length ?? 0) * 3 + 8);
    this.exact = SEED_EXACT;
    let end = firstVerbatim ? this.putVerbatim(first, 0) : this.put(first, 0);
    if (second !== undefined) {
      // The separator, then zeros to a whole word: `second` starts a word, so its own
      // fingerprint is a pass over its words alone.
      this.norm[end++] = 0;
      for (; end & 3; end++) this.norm[end] = 0;
      const exactFirst = this.exact;
      this.exact = SEED_EXACT;
      const from = end;
      end = this.put(second, from);
      for (let i = end; i & 3; i++) this.norm[i] = 0;
      murmur3Pair(this.norm32, from >>> 2, end - from, SEED_1, SEED_2, this.second);
      this.second.exact = fmix(this.exact);
      this.exact = mixExact(exactFirst, this.exact);
    }
    // Zero the bytes after the end up to a whole word.
    for (let i = end; i & 3; i++) this.norm[i] = 0;
    murmur3Pair(this.norm32, 0, end, SEED_1, SEED_2, this);
    this.exact = fmix(this.exact);
  }
}

/** 64-bit fingerprint of a text as it is, e.g. of a text already normalised (the halves of Hasher's). */
export function fingerprint(s: string): [number, number] {
  const bytes = Buffer.byteLength(s);
  const words = new Int32Array((bytes + 3) >>> 2);
  Buffer.from(words.buffer).write(s);
  return [murmur3(words, bytes, SEED_1), murmur3(words, bytes, SEED_2)];
}

/** Fingerprint of `normalizeText(s)`, normalising ASCII text in one pass. */
export function normalizedFingerprint(s: string): [number, number] {
  const h = new Hasher();
  h.hash(s);
  return [h.h1, h.h2];
}

/**
 * A table is sized to be 80% full with the entries it is sized for, and a second table is added
 * only past 90%: an expected count a tenth too low (a planner's estimate on stale statistics)
 * costs longer probe runs, not a second table. Probes are sequential, so even full runs stay cheap.
 */
const SIZE_LOAD = 0.8;
const MAX_LOAD = 0.9;
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
  const slots = Math.max(16, Math.ceil(entries / SIZE_LOAD) + 1);
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
      t = newTable(t.slots * 2 * SIZE_LOAD);
      tables.push(t);
    }
    return -1;
  }

  /** True when the fingerprint was added. */
  has(hi: number, lo: number): boolean {
    const key = (hi | 1) >>> 0;
    lo >>>= 0;
    for (const t of this.tables) if (probe(t, key, lo) >= 0) return true;
    return false;
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
  accept(input: string, output: string, inputVerbatim = false): boolean {
    const h = this.hasher;
    h.hash(input, output, inputVerbatim);
    return this.acceptFingerprint(h.h1, h.h2, h.exact);
  }

  /** As `accept`, for a pair a Hasher has fingerprinted (e.g. on another thread). */
  acceptFingerprint(h1: number, h2: number, exact: number): boolean {
    const found = this.seen.add(h1, h2, exact);
    if (found === -1) return true;
    if (found === (exact & TAG_MASK)) this.exactDuplicates++;
    else this.normalizedDuplicates++;
    return false;
  }

  /** Bytes held by the fingerprint table. */
  get bytes(): number {
    return this.seen.bytes;
  }
}
