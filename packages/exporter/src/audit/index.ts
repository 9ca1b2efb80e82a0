// The quality audit of training data: per-example hard rules (checks.ts), the dataset figures
// (stats.ts), the train/validation decontamination of a streaming export (decontaminate.ts) and
// the audit of an export directory (files.ts, `satprep audit-dataset`).
export { contradiction, groundingViolation, hardRuleBroken, HARD_RULES, internalId, itemFacts, keyLeak, placeholderIn, skeletonOf, type AuditExample, type HardRule } from './checks.ts';
export { AuditCollector, skeletonPrint, type AuditReport, type OutputPrint, type SourceAudit } from './stats.ts';
export { SplitDecontaminator } from './decontaminate.ts';
export { auditDataset, type DatasetAudit } from './files.ts';
