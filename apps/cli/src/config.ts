import { DatabaseEnv, ExportEnv, optionalString, parseEnv, replicaNeedsPrimary, StaffInviteEnv } from '@satprep/core/env';
import type { DatabaseConfig } from '@satprep/core/database';
import { z } from 'zod';

/** The variables `satprep` reads; those the API reads too come from @satprep/core/env (same rules, same messages). */
const EnvSchema = z.object({
  ...DatabaseEnv,
  ...ExportEnv,
  ...StaffInviteEnv,
  // `satprep eval`'s bearer key when --api-key is not given.
  EVAL_API_KEY: optionalString,
});

export interface CliConfig extends DatabaseConfig {
  /** Where `satprep export` writes when --out is not given (a fresh folder inside). */
  exportDir: string;
  pseudonymSecret: string | undefined;
  /** How long a code from `satprep admin invite` stays valid. */
  staffInviteTtlMs: number;
  evalApiKey: string | undefined;
}

/** Reads and validates the environment once; the commands receive a CliConfig. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const e = parseEnv(EnvSchema, env, [replicaNeedsPrimary]);
  return {
    databaseUrl: e.DATABASE_URL,
    exportReadDatabaseUrl: e.EXPORT_READ_DATABASE_URL,
    dataDir: e.DATA_DIR,
    exportDir: e.EXPORT_DIR,
    pseudonymSecret: e.PSEUDONYM_SECRET,
    staffInviteTtlMs: e.STAFF_INVITE_TTL_DAYS * 86_400_000,
    evalApiKey: e.EVAL_API_KEY,
  };
}
