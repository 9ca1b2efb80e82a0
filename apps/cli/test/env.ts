import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '@satprep/domain/db';

/** The installed command's entry (it turns on the compile cache, then loads src/main.ts). */
export const MAIN = path.resolve(import.meta.dirname, '../bin/satprep.js');

/**
 * The environment the CLI runs in for one test file: its own embedded database in a temporary
 * DATA_DIR, or a scratch PostgreSQL database when DATABASE_URL is set (dropped by `drop`).
 */
export async function cliEnv(prefix: string): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, SEED_DEMO: 'false' };
  delete env.DATABASE_URL;
  if (!process.env.DATABASE_URL) return { env, drop: async () => {} };
  const scratch = await createScratchDatabase(process.env.DATABASE_URL);
  env.DATABASE_URL = scratch.url;
  return { env, drop: scratch.drop };
}
