import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Foundation } from './Migration0001Foundation.ts';
import { Migration0002Collection } from './Migration0002Collection.ts';
import { Migration0003ExportRuns } from './Migration0003ExportRuns.ts';
import { Migration0004Review } from './Migration0004Review.ts';
import { Migration0005RateLimits } from './Migration0005RateLimits.ts';
import { Migration0009GroundedContext } from './Migration0009GroundedContext.ts';

/** Every committed migration, in order. Listed explicitly so no file globbing happens at run time. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration0001Foundation', class: Migration0001Foundation },
  { name: 'Migration0002Collection', class: Migration0002Collection },
  { name: 'Migration0003ExportRuns', class: Migration0003ExportRuns },
  { name: 'Migration0004Review', class: Migration0004Review },
  { name: 'Migration0005RateLimits', class: Migration0005RateLimits },
  { name: 'Migration0009GroundedContext', class: Migration0009GroundedContext },
];
