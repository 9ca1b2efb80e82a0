/** Lower-cased, punctuation-free, whitespace-collapsed text: catches near-identical copies. */
export function normalizeText(s: string): string {
  return s.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * A set of 64-bit fingerprints in one open-addressing table of 32-bit words: about 16 bytes per
 * entry at the maximum load, against ~100 for a Set of strings. Grows by doubling.
 */
export class FingerprintSet {
  private table: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    this.table = new Uint32Array(initialCapacity * 2);
    this.mask = initialCapacity - 1;
  }

  /** Adds the fingerprint; returns false when it was already present. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1; // 0/0 marks an empty slot
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.table[i * 2]!;
      const l = this.table[i * 2 + 1]!;
      if (h === 0 && l === 0) break;
      if (h === hi >>> 0 && l === lo >>> 0) return false;
      i = (i + 1) & this.mask;
    }
    this.table[i * 2] = hi;
    this.table[i * 2 + 1] = lo;
    if (++this.size * 10 > (this.mask + 1) * 7) this.grow();
    return true;
  }

  private grow() {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i]!, old[i + 1]!);
  }
}

/**
 * 64-bit fingerprint from two independent 32-bit multiplicative hashes over the UTF-16 code
 * units (cyrb53's mixing). Not cryptographic: a false duplicate needs a 64-bit collision,
 * about 1 in 10^6 at 5M examples.
 */
export function fingerprint(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Exact and normalised-text deduplication of input/output pairs. */
export class Deduplicator {
  private exact = new FingerprintSet();
  private normalized = new FingerprintSet();
  exactDuplicates = 0;
  normalizedDuplicates = 0;

  /** True when the pair is new; false (and counted) when it repeats an earlier one. */
  accept(input: string, output: string): boolean {
    if (!this.exact.add(...fingerprint(`${input}\u0000${output}`))) {
      this.exactDuplicates++;
      return false;
    }
    if (!this.normalized.add(...fingerprint(`${normalizeText(input)}\u0000${normalizeText(output)}`))) {
      this.normalizedDuplicates++;
      return false;
    }
    return true;
  }
}
