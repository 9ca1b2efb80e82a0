import type { Tutor } from '@satprep/domain';
import { CHECKS, checkCase, type CheckName, type CheckResult } from './checks.ts';
import type { CaseKind, EvalCase } from './set.ts';

export interface CaseResult {
  id: string;
  kind: CaseKind;
  skill: string | null;
  inBank: boolean;
  modelId: string;
  promptVersion: string;
  input: string;
  output: string;
  /** The call failed (no output): every check counts as failed. */
  error: string | null;
  checks: Record<CheckName, CheckResult>;
}

export interface CheckScore {
  passed: number;
  failed: number;
  /** passed / (passed + failed); null when the check applied to no case. */
  rate: number | null;
}

export interface Scorecard {
  model: string;
  cases: number;
  errors: number;
  checks: Record<CheckName, CheckScore>;
  /** The same per kind of case (help explanations, hints, feedback, …). */
  byKind: Record<string, Record<CheckName, CheckScore>>;
  /** Failed cases of each check, a few each, for reading. */
  samples: Partial<Record<CheckName, { id: string; detail: string; output: string }[]>>;
}

/** Runs every case through the tutor, `concurrency` at a time, in case order. */
export async function runEval(tutor: Tutor, cases: readonly EvalCase[], opts: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i]!;
      const base = { id: c.id, kind: c.kind, skill: c.skill, inBank: c.inBank };
      try {
        const r = await c.run(tutor);
        results[i] = { ...base, modelId: r.modelId, promptVersion: r.promptVersion, input: r.input, output: r.output, error: null, checks: checkCase(c, r.input, r.output, r.promptVersion) };
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        results[i] = { ...base, modelId: tutor.modelId, promptVersion: '', input: '', output: '', error: detail, checks: Object.fromEntries(CHECKS.map((k) => [k, { ok: false, detail: `no answer: ${detail}` }])) as Record<CheckName, CheckResult> };
      }
      opts.onProgress?.(++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, cases.length)) }, worker));
  return results;
}

function tally(results: readonly CaseResult[]): Record<CheckName, CheckScore> {
  return Object.fromEntries(
    CHECKS.map((k) => {
      let passed = 0;
      let failed = 0;
      for (const r of results) {
        const c = r.checks[k];
        if (c === null) continue;
        if (c.ok) passed++;
        else failed++;
      }
      return [k, { passed, failed, rate: passed + failed ? passed / (passed + failed) : null }];
    }),
  ) as Record<CheckName, CheckScore>;
}

export function scorecard(model: string, results: readonly CaseResult[], samplesPerCheck = 3): Scorecard {
  const kinds = [...new Set(results.map((r) => r.kind))];
  const samples: Scorecard['samples'] = {};
  for (const k of CHECKS) {
    const failed = results.flatMap((r) => {
      const c = r.checks[k];
      return c && !c.ok ? [{ id: r.id, detail: c.detail, output: r.output.slice(0, 200) }] : [];
    });
    if (failed.length) samples[k] = failed.slice(0, samplesPerCheck);
  }
  return {
    model,
    cases: results.length,
    errors: results.filter((r) => r.error !== null).length,
    checks: tally(results),
    byKind: Object.fromEntries(kinds.map((kind) => [kind, tally(results.filter((r) => r.kind === kind))])),
    samples,
  };
}

/**
 * The pass rates a model must reach to be released: the data-quality rules almost always (a model
 * that leaks keys or invents numbers teaches students wrong things), the softer checks most of the time.
 */
export const DEFAULT_THRESHOLDS: Record<CheckName, number> = {
  final_answer: 0.8, key_leak: 0.98, grounding: 0.98, contradiction: 0.98, placeholder: 0.98, internal_id: 0.98, contact: 1, length: 0.9, on_topic: 0.9,
};

/** Checks whose pass rate is under its threshold. */
export function belowThresholds(card: Scorecard, thresholds: Record<CheckName, number> = DEFAULT_THRESHOLDS): { check: CheckName; rate: number; min: number }[] {
  return CHECKS.flatMap((check) => {
    const rate = card.checks[check].rate;
    const min = thresholds[check];
    return rate !== null && rate < min ? [{ check, rate, min }] : [];
  });
}

const pct = (r: number | null) => (r === null ? '   —  ' : `${(r * 100).toFixed(1).padStart(5)}%`);

/** The scorecard as text: one line a check (overall and per kind of case), then failed samples. */
export function formatScorecard(card: Scorecard): string[] {
  const kinds = Object.keys(card.byKind);
  const lines = [`model ${card.model}: ${card.cases} cases, ${card.errors} without an answer`, `${'check'.padEnd(14)} ${'all'.padStart(6)}  ${kinds.map((k) => k.padStart(9)).join(' ')}`];
  for (const k of CHECKS) {
    const s = card.checks[k];
    lines.push(`${k.padEnd(14)} ${pct(s.rate)}  ${kinds.map((kind) => pct(card.byKind[kind]![k].rate).padStart(9)).join(' ')}   (${s.passed} passed, ${s.failed} failed)`);
  }
  for (const [k, list] of Object.entries(card.samples)) for (const x of list) lines.push(`  ${k} ${x.id}: ${x.detail} — "${x.output.replace(/\s+/g, ' ').slice(0, 120)}"`);
  return lines;
}
