// The audit's figures over a dataset, per source: what the hard rules dropped, duplicates within
// train and across the splits, skeleton share, output lengths, kto labels and dpo pairs. Fed
// one output at a time (by text, or by fingerprints made on another thread), so the export and
// `satprep audit-dataset` compute them with the same code.
import { fingerprint, FingerprintSet, Hasher, TAG_MASK } from '../transforms/dedup.ts';
import type { Split } from '../types.ts';
import { HARD_RULES, skeletonOf, type HardRule } from './checks.ts';

export interface LengthSummary {
  min: number;
  p10: number;
  p50: number;
  p90: number;
  max: number;
  mean: number;
}

/** One source's figures. Rates are shares of the outputs they are about (0 when there are none). */
export interface SourceAudit {
  /** Outputs looked at (written, or read from the files). */
  outputs: number;
  by_split: Record<Split, number>;
  /** Examples that broke a hard rule (dropped by an export; found by audit-dataset). */
  violations: Record<HardRule, number>;
  /** Train outputs equal to an earlier train output: character for character, or after normalisation only. */
  exact_duplicates: number;
  near_duplicates: number;
  /** (exact + near duplicates) / train outputs. */
  near_duplicate_rate: number;
  /** Outputs of one split whose normalised text also occurs in the other. */
  train_validation_overlap: number;
  /** Share of outputs whose skeleton (numbers, names, letters masked) another output shares. */
  skeleton_share: number;
  distinct_skeletons: number;
  /** Output length in characters. */
  length: LengthSummary;
  kto_labels?: { true: number; false: number };
  dpo_pairs?: number;
  /** 1 when every output fed the duplicate and skeleton figures; n when one in about n did (large exports). */
  sampled_one_in: number;
}

export interface AuditReport {
  by_source: Record<string, SourceAudit>;
  totals: { outputs: number; violations: Record<HardRule, number>; train_validation_overlap: number };
}

const MAX_TRACKED_LENGTH = 8192;

/** The running figures of one source. */
class SourceTally {
  outputs = 0;
  bySplit: Record<Split, number> = { train: 0, validation: 0 };
  violations = Object.fromEntries(HARD_RULES.map((r) => [r, 0])) as Record<HardRule, number>;
  exact = 0;
  near = 0;
  sampledTrain = 0;
  sampled = 0;
  overlap = 0;
  train = new FingerprintSet(1024);
  validation = new FingerprintSet(256);
  skeletons = new Map<number, number>();
  lengths = new Uint32Array(MAX_TRACKED_LENGTH + 1);
  lengthSum = 0;
  minLength = Number.POSITIVE_INFINITY;
  maxLength = 0;
  labels = { true: 0, false: 0 };
  hasLabels = false;
  pairs = 0;
  hasPairs = false;
}

/** Fingerprints of one output: its normalised text (h1, h2), its exact text, its skeleton (0: not computed). */
export interface OutputPrint {
  h1: number;
  h2: number;
  exact: number;
  skeleton: number;
  length: number;
}

/**
 * Collects the audit figures. The duplicate and skeleton figures of a sampled output
 * (`sampleOneIn` > 1) are kept only for outputs whose fingerprint falls in the sample, chosen by
 * their text, so copies of one text are sampled together.
 */
export class AuditCollector {
  private readonly tallies = new Map<string, SourceTally>();
  private readonly hasher = new Hasher();
  readonly sampleOneIn: number;

  constructor(sampleOneIn = 1) {
    this.sampleOneIn = sampleOneIn;
  }

  private tally(source: string): SourceTally {
    let t = this.tallies.get(source);
    if (!t) this.tallies.set(source, (t = new SourceTally()));
    return t;
  }

  /** True when the duplicate and skeleton figures take an output with this fingerprint half. */
  inSample(h1: number): boolean {
    return this.sampleOneIn <= 1 || (h1 >>> 0) % this.sampleOneIn === 0;
  }

  /** An example dropped (or found) for breaking a hard rule. */
  violation(source: string, rule: HardRule): void {
    this.tally(source).violations[rule]++;
  }

  /** The fingerprints of an output, as `output` computes them (for another thread to make). */
  printOf(output: string, withSkeleton = true): OutputPrint {
    const h = this.hasher;
    h.hash(output);
    return { h1: h.h1, h2: h.h2, exact: h.exact, skeleton: withSkeleton && this.inSample(h.h1) ? skeletonPrint(output) : 0, length: output.length };
  }

  /** An output written to (or read from) a split. */
  output(source: string, split: Split, output: string): void {
    this.outputPrint(source, split, this.printOf(output));
  }

  outputPrint(source: string, split: Split, p: OutputPrint): void {
    const t = this.tally(source);
    t.outputs++;
    t.bySplit[split]++;
    const len = p.length;
    t.lengths[Math.min(len, MAX_TRACKED_LENGTH)]!++;
    t.lengthSum += len;
    if (len < t.minLength) t.minLength = len;
    if (len > t.maxLength) t.maxLength = len;
    if (!this.inSample(p.h1)) return;
    t.sampled++;
    if (p.skeleton) t.skeletons.set(p.skeleton, (t.skeletons.get(p.skeleton) ?? 0) + 1);
    const [own, other] = split === 'train' ? [t.train, t.validation] : [t.validation, t.train];
    if (other.has(p.h1, p.h2)) t.overlap++;
    const found = own.add(p.h1, p.h2, p.exact);
    if (split === 'train') {
      t.sampledTrain++;
      if (found !== -1) {
        if (found === (p.exact & TAG_MASK)) t.exact++;
        else t.near++;
      }
    }
  }

  /** A kto label written. */
  label(source: string, label: boolean): void {
    const t = this.tally(source);
    t.hasLabels = true;
    t.labels[label ? 'true' : 'false']++;
  }

  /** A dpo pair written (counted under its chosen example's source). */
  pair(source: string): void {
    const t = this.tally(source);
    t.hasPairs = true;
    t.pairs++;
  }

  report(): AuditReport {
    const bySource: Record<string, SourceAudit> = {};
    const totals: AuditReport['totals'] = { outputs: 0, violations: Object.fromEntries(HARD_RULES.map((r) => [r, 0])) as Record<HardRule, number>, train_validation_overlap: 0 };
    for (const [source, t] of [...this.tallies].sort(([a], [b]) => a.localeCompare(b))) {
      let shared = 0;
      let counted = 0;
      for (const n of t.skeletons.values()) {
        counted += n;
        if (n > 1) shared += n;
      }
      const scale = this.sampleOneIn;
      const a: SourceAudit = {
        outputs: t.outputs,
        by_split: { ...t.bySplit },
        violations: { ...t.violations },
        exact_duplicates: t.exact * scale,
        near_duplicates: t.near * scale,
        near_duplicate_rate: t.sampledTrain ? round((t.exact + t.near) / t.sampledTrain) : 0,
        train_validation_overlap: t.overlap * scale,
        skeleton_share: counted ? round(shared / counted) : 0,
        distinct_skeletons: t.skeletons.size,
        length: lengthSummary(t),
        sampled_one_in: scale,
      };
      if (t.hasLabels) a.kto_labels = { ...t.labels };
      if (t.hasPairs) a.dpo_pairs = t.pairs;
      bySource[source] = a;
      totals.outputs += t.outputs;
      totals.train_validation_overlap += a.train_validation_overlap;
      for (const r of HARD_RULES) totals.violations[r] += t.violations[r];
    }
    return { by_source: bySource, totals };
  }
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** A skeleton as a number (0 is kept for "not computed"). */
export function skeletonPrint(output: string): number {
  const [a, b] = fingerprint(skeletonOf(output));
  return (a ^ Math.imul(b, 0x9e3779b1)) >>> 0 || 1;
}

function lengthSummary(t: SourceTally): LengthSummary {
  if (!t.outputs) return { min: 0, p10: 0, p50: 0, p90: 0, max: 0, mean: 0 };
  const at = (q: number) => {
    const rank = Math.max(1, Math.ceil(q * t.outputs));
    let seen = 0;
    for (let len = 0; len <= MAX_TRACKED_LENGTH; len++) {
      seen += t.lengths[len]!;
      if (seen >= rank) return len === MAX_TRACKED_LENGTH ? t.maxLength : len;
    }
    return t.maxLength;
  };
  return { min: t.minLength, p10: at(0.1), p50: at(0.5), p90: at(0.9), max: t.maxLength, mean: Math.round(t.lengthSum / t.outputs) };
}
