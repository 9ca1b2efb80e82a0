import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Foundation } from './Migration0001Foundation.ts';
import { Migration0002Collection } from './Migration0002Collection.ts';
import { Migration0003ExportRuns } from './Migration0003ExportRuns.ts';
import { Migration0004Review } from './Migration0004Review.ts';
import { Migration0005RateLimits } from './Migration0005RateLimits.ts';
import { Migration0006StaffRoles } from './Migration0006StaffRoles.ts';
import { Migration0007ReviewIntegrity } from './Migration0007ReviewIntegrity.ts';
import { Migration0008ExportWithdrawals } from './Migration0008ExportWithdrawals.ts';
import { Migration0009GroundedContext } from './Migration0009GroundedContext.ts';
import { Migration0010ChoiceExplanations } from './Migration0010ChoiceExplanations.ts';
import { Migration0011DraftAnswers } from './Migration0011DraftAnswers.ts';
import { Migration0012QuestionFigures } from './Migration0012QuestionFigures.ts';
import { Migration0013EvalRuns } from './Migration0013EvalRuns.ts';
import { Migration0014Experiments } from './Migration0014Experiments.ts';
import { Migration0015HeldOutReviews } from './Migration0015HeldOutReviews.ts';

/** Every committed migration, in order. Listed explicitly so no file globbing happens at run time. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration0001Foundation', class: Migration0001Foundation },
  { name: 'Migration0002Collection', class: Migration0002Collection },
  { name: 'Migration0003ExportRuns', class: Migration0003ExportRuns },
  { name: 'Migration0004Review', class: Migration0004Review },
  { name: 'Migration0005RateLimits', class: Migration0005RateLimits },
  { name: 'Migration0006StaffRoles', class: Migration0006StaffRoles },
  { name: 'Migration0007ReviewIntegrity', class: Migration0007ReviewIntegrity },
  { name: 'Migration0008ExportWithdrawals', class: Migration0008ExportWithdrawals },
  { name: 'Migration0009GroundedContext', class: Migration0009GroundedContext },
  { name: 'Migration0010ChoiceExplanations', class: Migration0010ChoiceExplanations },
  { name: 'Migration0011DraftAnswers', class: Migration0011DraftAnswers },
  { name: 'Migration0012QuestionFigures', class: Migration0012QuestionFigures },
  { name: 'Migration0013EvalRuns', class: Migration0013EvalRuns },
  { name: 'Migration0014Experiments', class: Migration0014Experiments },
  { name: 'Migration0015HeldOutReviews', class: Migration0015HeldOutReviews },
];
