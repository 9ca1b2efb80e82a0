export { buildEvalSet, heldOutItems, EVAL_SEED, type EvalCase, type EvalDeps, type CaseKind } from './set.ts';
export { CHECKS, checkCase, outputRuleFailure, LENGTH_BOUNDS, type CheckName, type CheckResult } from './checks.ts';
export { runEval, scorecard, belowThresholds, DEFAULT_THRESHOLDS, formatScorecard, type CaseResult, type Scorecard, type CheckScore } from './run.ts';
export { storeEvalRun, listEvalRuns, type StoredEvalRun } from './store.ts';
export { reviewedCases } from './reviewed.ts';
