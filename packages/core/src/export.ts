/** What an export needs from the app around it, the same for the admin screen and `satprep export`. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildQuestionBank } from '@satprep/domain/bank';
import { adjustPlan, buildPlan } from '@satprep/domain/plan';
import type { SyntheticDeps } from '@satprep/exporter';
import { OfflineTutor } from '@satprep/tutor';

let memorySecret: string | undefined;

/** The HMAC secret for pseudonymous user keys: PSEUDONYM_SECRET, else one generated once and kept in DATA_DIR. */
export function pseudonymSecret(config: { pseudonymSecret: string | undefined; dataDir: string }): string {
  if (config.pseudonymSecret) return config.pseudonymSecret;
  if (config.dataDir.startsWith('memory:')) return (memorySecret ??= randomBytes(32).toString('hex'));
  const file = path.join(config.dataDir, 'pseudonym-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Synthetic examples always come from the deterministic offline tutor, so a seed reproduces them. */
export function syntheticDeps(): SyntheticDeps {
  return { bank: buildQuestionBank(), tutor: new OfflineTutor(), buildPlan, adjustPlan };
}

export function exportDirName(format: string, now = new Date()): string {
  return `${format}-${now.toISOString().replace(/[:.]/g, '').replace('T', '-').slice(0, 17)}-${randomBytes(2).toString('hex')}`;
}
