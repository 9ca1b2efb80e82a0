export * from './types.ts';
export * from './synthetic/transition.ts';
// The generator (and the question bank it brings) is `@satprep/exporter/synthetic`, loaded only where used.
export type { SyntheticDeps } from './synthetic/generator.ts';
export { skeletonShare } from './synthetic/skeleton.ts';
export { renderFeedbackContext } from './sources/render.ts';
export { exportTrainingData, HELD_OUT, type ExportOptions, type ExportProgress, type ExportResult } from './run.ts';
export { validateDataset, detectFormat, type ValidationReport } from './validate.ts';
export { redact, emptyCounts, PII_KINDS, Redactor } from './transforms/redact.ts';
export { rowExample, type ExampleContext, type NoExample } from './prepare.ts';
export { userKey, splitFor } from './transforms/split.ts';
export { periodWindow } from './window.ts';
export type { Manifest } from './card.ts';
export { EVAL_HOLDOUT_EVERY, HELD_OUT_REVIEWED, reviewOf, SOURCE_DEFS, type SourceRow } from './sources/index.ts';
export { renderCommunity, renderHelp } from './sources/render.ts';
export { auditDataset, AuditCollector, contradiction, groundingViolation, hardRuleBroken, HARD_RULES, internalId, itemFacts, keyLeak, placeholderIn, skeletonOf, type AuditReport, type DatasetAudit, type HardRule, type SourceAudit } from './audit/index.ts';
export { KTO_LABELS, ktoLabel, ktoDecision } from './formats/index.ts';
