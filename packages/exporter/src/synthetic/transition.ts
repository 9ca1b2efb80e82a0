import type { SourceName } from '../types.ts';

/**
 * The spec's transition plan from synthetic to real training data:
 * at the start 50K synthetic pairs; at 1K active users 5K real + 45K synthetic; at 10K users all real.
 */
export interface TransitionPlan {
  target: number;
  mixedAtUsers: number;
  realAtUsers: number;
  /** Real examples used at the mixed stage (the rest of the target is synthetic). */
  mixedRealCount: number;
}

export const DEFAULT_TRANSITION: TransitionPlan = { target: 50_000, mixedAtUsers: 1_000, realAtUsers: 10_000, mixedRealCount: 5_000 };

export type TransitionStage = 'synthetic' | 'mixed' | 'real';

export function transitionStage(activeUsers: number, plan: TransitionPlan = DEFAULT_TRANSITION): TransitionStage {
  if (activeUsers >= plan.realAtUsers) return 'real';
  if (activeUsers >= plan.mixedAtUsers) return 'mixed';
  return 'synthetic';
}

/** Days within which a student with a practice session counts as active (the plan's user counts). */
export const ACTIVE_DAYS = 30;

/**
 * Active students since the bound time, as `n`: people with a practice session since then, each
 * found through the (user_id, started_at) index, not a distinct count over every session of the
 * window (53 against 288 ms of PostgreSQL's time at 1M sessions of 20K people; an export runs it
 * beside its own read).
 */
export const ACTIVE_USERS_SQL = 'select count(*)::int as n from users u where exists (select 1 from practice_sessions s where s.user_id = u.id and s.started_at > ?)';

/**
 * How many real and synthetic examples a run should contain, given how many real ones are
 * available. The real stage takes every real example (no cap), whatever the count says.
 */
export function mixCounts(stage: TransitionStage, realAvailable: number, plan: TransitionPlan = DEFAULT_TRANSITION): { real: number; synthetic: number } {
  if (stage === 'real') return { real: Number.POSITIVE_INFINITY, synthetic: 0 };
  if (stage === 'mixed') {
    const real = Math.min(realAvailable, plan.mixedRealCount);
    return { real, synthetic: Math.max(0, plan.target - real) };
  }
  return { real: 0, synthetic: plan.target };
}

/** The spec's expected volumes at 10K users, per source. */
export const SPEC_VOLUMES_AT_10K = { feedback_ratings: 10_000, help_requests: 20_000, study_plan_actions: 5_000, user_notes: 2_000 } as const;

/** Weights of the sources in a mixed set: the spec's volumes, and community answers as many as notes (the spec gives none). */
export const MIX_WEIGHTS: Record<SourceName, number> = { ...SPEC_VOLUMES_AT_10K, community: SPEC_VOLUMES_AT_10K.user_notes };

/**
 * `count` examples shared among `sources` in proportion to MIX_WEIGHTS (largest remainders, so the
 * quotas add up to `count` exactly).
 */
export function sourceQuotas(sources: readonly SourceName[], count: number): Partial<Record<SourceName, number>> {
  const total = sources.reduce((n, s) => n + MIX_WEIGHTS[s], 0);
  if (!total || count <= 0) return {};
  const exact = sources.map((s) => ({ s, q: (count * MIX_WEIGHTS[s]) / total }));
  const quotas: Partial<Record<SourceName, number>> = Object.fromEntries(exact.map(({ s, q }) => [s, Math.floor(q)]));
  let left = count - exact.reduce((n, { q }) => n + Math.floor(q), 0);
  for (const { s } of [...exact].sort((a, b) => (b.q % 1) - (a.q % 1))) {
    if (left <= 0) break;
    quotas[s]! += 1;
    left--;
  }
  return quotas;
}
