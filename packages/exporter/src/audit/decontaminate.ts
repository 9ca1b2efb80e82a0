import { FingerprintSet } from '../transforms/dedup.ts';
import type { Split } from '../types.ts';

/** Bits of the train filter per expected train output, and its hash count: ~0.05% false positives. */
const BITS_PER_OUTPUT = 16;
const HASHES = 11;

/**
 * Keeps one output text out of both splits as an export streams: a validation output whose
 * (normalised) text a train output already has is dropped, and so is a train output whose text a
 * validation output already has (a stream cannot take back a written line), so no text is in both.
 * Train outputs are remembered in a Bloom filter (2 bytes an output: an export of millions keeps
 * its memory bound); a false positive drops a validation output that was in fact new (~1 in 2,000).
 * Validation outputs (a tenth) are remembered exactly.
 */
export class SplitDecontaminator {
  private readonly bits: Uint32Array;
  private readonly nbits: number;
  private readonly validation: FingerprintSet;
  /** Outputs dropped, by the split they were dropped from. */
  readonly dropped: Record<Split, number> = { train: 0, validation: 0 };

  constructor(expectedOutputs = 1 << 12) {
    this.nbits = Math.max(1 << 16, Math.ceil(expectedOutputs * BITS_PER_OUTPUT / 32) * 32);
    this.bits = new Uint32Array(this.nbits / 32);
    this.validation = new FingerprintSet(Math.max(256, Math.ceil(expectedOutputs / 8)));
  }

  private trainHas(h1: number, h2: number): boolean {
    for (let i = 0; i < HASHES; i++) {
      const b = ((h1 + Math.imul(i, h2 | 1)) >>> 0) % this.nbits;
      if (!(this.bits[b >>> 5]! & (1 << (b & 31)))) return false;
    }
    return true;
  }

  private trainAdd(h1: number, h2: number): void {
    for (let i = 0; i < HASHES; i++) {
      const b = ((h1 + Math.imul(i, h2 | 1)) >>> 0) % this.nbits;
      this.bits[b >>> 5]! |= 1 << (b & 31);
    }
  }

  /** True when an output with this normalised fingerprint may be written to `split` (it is then remembered). */
  accept(split: Split, h1: number, h2: number): boolean {
    if (split === 'validation') {
      if (this.trainHas(h1, h2)) return void this.dropped.validation++, false;
      this.validation.add(h1, h2);
      return true;
    }
    if (this.validation.has(h1, h2)) return void this.dropped.train++, false;
    this.trainAdd(h1, h2);
    return true;
  }
}
