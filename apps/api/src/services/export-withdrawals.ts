/**
 * Deletion and withdrawal reach old exports.
 *
 * When a student withdraws training consent or deletes the account, `recordExportWithdrawal` adds
 * a row to `export_withdrawals` in the same transaction. `processExportWithdrawals` (run after the
 * change, at start-up and every minute, so a restart loses nothing) then rewrites every JSONL file
 * of the exports started before it without the lines whose `user_key` is that student's pseudonym,
 * and withdraws runs whose files cannot be rewritten in place (Parquet): their files are deleted and
 * `export_runs.withdrawn_at` is set. Until a withdrawal is processed, `/exports` serves no file of
 * a run started before it (see `exportDownload`).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import readline from 'node:readline';
import { userKey } from '@satprep/exporter';
import type { Em, Orm } from '@satprep/domain/db';
import type { AppConfig } from '../config.ts';
import { pseudonymSecret } from '@satprep/core/export';

export type WithdrawalReason = 'consent-withdrawn' | 'account-deleted';

/** Records, inside the caller's transaction, that this student's lines must leave every earlier export. */
export async function recordExportWithdrawal(tx: Em, userId: number, reason: WithdrawalReason): Promise<void> {
  await tx.execute('insert into export_withdrawals (user_id, reason, created_at) values (?, ?, now())', [userId, reason]);
}

interface PendingWithdrawal {
  id: number;
  key: string;
  createdAt: number;
}

interface RunRow {
  id: number;
  status: string;
  out_dir: string | null;
  files: { name: string; bytes: number; sha256: string; lines?: number }[] | null;
  purges: { lines: number; withdrawals: number; updatedAt: string } | null;
  started_at: Date | string;
}

const MANIFEST = 'manifest.json';
const CARD = 'README.md';
const isSideMetadata = (name: string) => /^metadata(\.validation)?\.jsonl$/.test(name);
const sideMetadataFor = (dataName: string) => (dataName.includes('validation') ? 'metadata.validation.jsonl' : 'metadata.jsonl');

/** Every `user_key` anywhere in a parsed line (a pair's line names two users). */
function userKeysIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) userKeysIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'user_key' && typeof v === 'string') into.push(v);
      else if (typeof v === 'object') userKeysIn(v, into);
    }
  }
  return into;
}

function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    createReadStream(file)
      .on('data', (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      })
      .on('end', () => resolve({ sha256: hash.digest('hex'), bytes }))
      .on('error', reject);
  });
}

/**
 * Rewrites one data file without the lines of `keys` (and its side-metadata file in step, whose
 * line i describes data line i). Writes beside and renames, so a reader never sees half a file and
 * a crash midway leaves the old file (the job then runs again). Returns the lines removed.
 */
async function rewriteJsonl(dir: string, dataName: string, sideName: string | null, keys: Set<string>): Promise<number> {
  const dataIn = readline.createInterface({ input: createReadStream(path.join(dir, dataName)), crlfDelay: Infinity });
  const sideIn = sideName ? readline.createInterface({ input: createReadStream(path.join(dir, sideName)), crlfDelay: Infinity })[Symbol.asyncIterator]() : null;
  const dataOut = createWriteStream(path.join(dir, `${dataName}.withdrawing`));
  const sideOut = sideName ? createWriteStream(path.join(dir, `${sideName}.withdrawing`)) : null;
  let removed = 0;
  for await (const line of dataIn) {
    const side = sideIn ? await sideIn.next() : null;
    if (!line) continue;
    const owner = side ? (side.done ? null : side.value) : line;
    const lineKeys = owner ? userKeysIn(JSON.parse(owner)) : [];
    if (lineKeys.some((k) => keys.has(k))) {
      removed++;
      continue;
    }
    if (!dataOut.write(`${line}\n`)) await new Promise<void>((r) => dataOut.once('drain', () => r()));
    if (sideOut && side && !side.done && !sideOut.write(`${side.value}\n`)) await new Promise<void>((r) => sideOut.once('drain', () => r()));
  }
  dataOut.end();
  sideOut?.end();
  await finished(dataOut);
  if (sideOut) await finished(sideOut);
  if (removed === 0) {
    rmSync(path.join(dir, `${dataName}.withdrawing`), { force: true });
    if (sideName) rmSync(path.join(dir, `${sideName}.withdrawing`), { force: true });
    return 0;
  }
  renameSync(path.join(dir, `${dataName}.withdrawing`), path.join(dir, dataName));
  if (sideName) renameSync(path.join(dir, `${sideName}.withdrawing`), path.join(dir, sideName));
  return removed;
}

/** Removes the lines of `keys` from one run's files, or withdraws the run; records the outcome in export_runs. */
async function purgeRun(tx: Em, run: RunRow, keys: Set<string>, withdrawals: number): Promise<void> {
  const files = run.files ?? [];
  const dir = run.out_dir;
  if (!dir || files.length === 0) return;
  if (files.some((f) => f.name.endsWith('.parquet'))) {
    // Parquet files cannot be rewritten line by line here: the run is withdrawn as a whole.
    for (const f of files) rmSync(path.join(dir, f.name), { force: true });
    await tx.execute('update export_runs set withdrawn_at = now() where id = ?', [run.id]);
    return;
  }
  const names = new Set(files.map((f) => f.name));
  let removed = 0;
  for (const f of files) {
    if (!f.name.endsWith('.jsonl') || isSideMetadata(f.name) || !existsSync(path.join(dir, f.name))) continue;
    const side = names.has(sideMetadataFor(f.name)) ? sideMetadataFor(f.name) : null;
    removed += await rewriteJsonl(dir, f.name, side, keys);
  }
  const purges = { lines: (run.purges?.lines ?? 0) + removed, withdrawals: (run.purges?.withdrawals ?? 0) + withdrawals, updatedAt: new Date().toISOString() };
  if (removed > 0 && existsSync(path.join(dir, MANIFEST))) {
    const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Record<string, unknown>;
    manifest.withdrawn_lines = purges.lines;
    manifest.withdrawn_note = 'Lines of students who later withdrew training consent or deleted their account were removed after this export was written; counts above are from the original export.';
    writeFileSync(path.join(dir, `${MANIFEST}.withdrawing`), JSON.stringify(manifest, null, 2));
    renameSync(path.join(dir, `${MANIFEST}.withdrawing`), path.join(dir, MANIFEST));
  }
  // The recorded sizes and hashes describe the files as they now are.
  const updated = await Promise.all(files.map(async (f) => (existsSync(path.join(dir, f.name)) ? { ...f, ...(await sha256File(path.join(dir, f.name))) } : f)));
  const data = updated.filter((f) => f.name !== MANIFEST && f.name !== CARD);
  const sha256 = createHash('sha256').update(data.map((f) => `${f.name}:${f.sha256}`).join('\n')).digest('hex');
  await tx.execute('update export_runs set files = ?, sha256 = ?, purges = ? where id = ?', [JSON.stringify(updated), sha256, JSON.stringify(purges), run.id]);
}

/**
 * Applies pending withdrawals to the export files written before them. A withdrawal waits while an
 * export that started before it is still running (its files may hold the student's lines). Runs
 * in one transaction under an advisory lock, so API instances do not rewrite the same files at once.
 */
export async function processExportWithdrawals(orm: Orm, config: Pick<AppConfig, 'pseudonymSecret' | 'dataDir'>): Promise<{ processed: number; waiting: number }> {
  return (orm.em.fork() as Em).transactional(async (tx) => {
    const [lock] = await tx.execute<{ ok: boolean }[]>(`select pg_try_advisory_xact_lock(hashtext('export-withdrawals')) as ok`);
    if (!lock?.ok) return { processed: 0, waiting: -1 };
    const rows = await tx.execute<{ id: number; user_id: number | null; user_key: string | null; created_at: Date | string }[]>(
      'select id, user_id, user_key, created_at from export_withdrawals where processed_at is null order by id limit 1000',
    );
    if (rows.length === 0) return { processed: 0, waiting: 0 };
    const secret = pseudonymSecret(config);
    const pending: PendingWithdrawal[] = rows.map((r) => ({ id: r.id, key: r.user_key ?? userKey(secret, r.user_id!), createdAt: new Date(r.created_at).getTime() }));
    const latest = Math.max(...pending.map((w) => w.createdAt));
    const runs = await tx.execute<RunRow[]>(
      `select id, status, out_dir, files, purges, started_at from export_runs where started_at <= ? and withdrawn_at is null and status in ('running', 'succeeded') order by id`,
      [new Date(latest)],
    );
    // A run still `running` after a day died with its process: it published nothing, so it does not hold a withdrawal back.
    const live = (r: RunRow) => r.status === 'running' && Date.now() - new Date(r.started_at).getTime() < 86_400_000;
    const oldestRunning = Math.min(...runs.filter(live).map((r) => new Date(r.started_at).getTime()));
    const ready = pending.filter((w) => w.createdAt < oldestRunning);
    for (const run of runs) {
      if (run.status !== 'succeeded') continue;
      const started = new Date(run.started_at).getTime();
      // A student who consented again later may be in later runs: each withdrawal reaches only runs started before it.
      const applying = ready.filter((w) => started <= w.createdAt);
      if (applying.length > 0) await purgeRun(tx, run, new Set(applying.map((w) => w.key)), applying.length);
    }
    for (const w of ready) await tx.execute('update export_withdrawals set processed_at = now(), user_key = ?, user_id = null where id = ?', [w.key, w.id]);
    return { processed: ready.length, waiting: pending.length - ready.length };
  });
}

let chain: Promise<unknown> = Promise.resolve();

/** Runs the job soon, after any run already queued (one at a time in this process); failures are logged and retried by the next run. */
export function scheduleExportWithdrawals(orm: Orm, config: Pick<AppConfig, 'pseudonymSecret' | 'dataDir'>): Promise<void> {
  const next = chain.then(() => processExportWithdrawals(orm, config)).then(
    () => undefined,
    (err: unknown) => console.error('export withdrawals: failed, will retry', err),
  );
  chain = next;
  return next;
}

/** Waits for scheduled runs of the job (tests and shutdown). */
export async function settleExportWithdrawals(): Promise<void> {
  await chain;
}

/** True while a withdrawal recorded after the run started is not yet applied: its files may still hold that student's lines. */
export async function runHasPendingWithdrawals(em: Em, runId: number): Promise<boolean> {
  const rows = await em.execute<{ n: number }[]>(
    'select count(*)::int as n from export_withdrawals w join export_runs r on r.id = ? where w.processed_at is null and w.created_at >= r.started_at',
    [runId],
  );
  return (rows[0]?.n ?? 0) > 0;
}
