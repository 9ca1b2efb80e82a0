/**
 * The environment variables the API and the CLI both read, each rule and message written once.
 * Each app's config.ts spreads the pieces it needs into its own schema and parses it with
 * `parseEnv`, so a bad value reads the same from `satprep` as from the server.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_STAFF_INVITE_TTL_DAYS } from './staff-invites.ts';

/** Unset or blank: undefined. */
export const optionalString = z.string().trim().optional().transform((v) => (v ? v : undefined));

// node-postgres reads postgres:// and postgresql:// URLs; any other (http://, localhost:5432) used to pass and fail at connect.
const postgresUrl = (name: string) =>
  optionalString.pipe(z.string().regex(/^postgres(?:ql)?:\/\/\S+$/i, `${name} must be a postgres:// URL`).optional());

/** Where the data lives: PostgreSQL (and a read replica for exports), else PGlite under DATA_DIR (`memory://` keeps nothing). */
export const DatabaseEnv = {
  DATABASE_URL: postgresUrl('DATABASE_URL'),
  EXPORT_READ_DATABASE_URL: postgresUrl('EXPORT_READ_DATABASE_URL'),
  DATA_DIR: z.string().default('.data').transform((dir) => (dir.startsWith('memory:') ? 'memory://' : path.resolve(dir))),
};

/** A replica without its primary is a mistake, not a read-only setup. */
export const replicaNeedsPrimary = (e: { DATABASE_URL?: string | undefined; EXPORT_READ_DATABASE_URL?: string | undefined }) =>
  e.EXPORT_READ_DATABASE_URL && !e.DATABASE_URL ? 'EXPORT_READ_DATABASE_URL needs DATABASE_URL (a replica of which database?)' : undefined;

/** Where exports go by default, and the secret of the pseudonymous user keys (else one kept in DATA_DIR). */
export const ExportEnv = {
  EXPORT_DIR: z.string().default('.data/exports').transform((dir) => path.resolve(dir)),
  PSEUDONYM_SECRET: optionalString,
};

export const StaffInviteEnv = {
  STAFF_INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(DEFAULT_STAFF_INVITE_TTL_DAYS),
};

/**
 * Parses the environment with `schema`, then runs the checks that span variables; throws one
 * `Invalid configuration:` error listing each bad variable on its own line.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, checks: ((e: z.output<S>) => string | undefined)[] = []): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  for (const check of checks) {
    const problem = check(parsed.data);
    if (problem) throw new Error(`Invalid configuration:\n  ${problem}`);
  }
  return parsed.data;
}
