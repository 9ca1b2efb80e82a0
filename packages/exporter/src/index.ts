export * from './types.ts';
export * from './synthetic/transition.ts';
export { syntheticExample, type SyntheticDeps } from './synthetic/generator.ts';
export { exportTrainingData, type ExportOptions, type ExportProgress, type ExportResult } from './run.ts';
export { validateDataset, detectFormat, type ValidationReport } from './validate.ts';
export { redact, emptyCounts, PII_KINDS } from './transforms/redact.ts';
export { userKey, splitFor } from './transforms/split.ts';
export { periodWindow } from './window.ts';
export type { Manifest } from './card.ts';
