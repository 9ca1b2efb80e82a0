import { defineEntity, p } from '@mikro-orm/core';
import { User } from './users.ts';

/** One training-data export: its parameters, what it wrote and who started it. */
export const ExportRun = defineEntity({
  name: 'ExportRun',
  tableName: 'export_runs',
  indexes: [{ properties: ['startedAt'] }],
  properties: {
    id: p.integer().primary(),
    startedBy: () => p.manyToOne(User).mapToPk().deleteRule('set null').nullable(),
    trigger: p.string().length(20),
    status: p.enum(['running', 'succeeded', 'failed'] as const),
    format: p.string().length(30),
    params: p.json<Record<string, unknown>>(),
    windowSince: p.datetime().nullable(),
    windowUntil: p.datetime(),
    counts: p.json<Record<string, unknown>>().nullable(),
    files: p.json<{ name: string; bytes: number; sha256: string }[]>().nullable(),
    outDir: p.text().nullable(),
    sha256: p.string().length(64).nullable(),
    durationMs: p.integer().nullable(),
    error: p.text().nullable(),
    /** Set when the run's files were removed because students in them withdrew (a file that cannot be rewritten). */
    withdrawnAt: p.datetime().nullable(),
    /** Lines removed from the files after students withdrew consent or deleted their accounts. */
    purges: p.json<{ lines: number; withdrawals: number; updatedAt: string }>().nullable(),
    startedAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  },
});
