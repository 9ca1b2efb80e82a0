import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userKey } from '@satprep/exporter';
import { pseudonymSecret } from '@satprep/core/export';
import { settleExports } from '../src/services/export.ts';
import { processExportWithdrawals } from '../src/services/export-withdrawals.ts';
import { createTestApp, serveHttp, type TestApp } from './harness.ts';

type Student = Awaited<ReturnType<TestApp['user']>>;

/** One student's activity in every feature, with a marker to find the student's lines in exports. */
async function activity(u: Student, marker: string) {
  const { sessionId, questions } = await u.api.practice.start({ count: 4 });
  const result = await u.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 2000 })) });
  await u.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 5 });
  await u.api.practice.help({ questionId: questions[0]!.id, sessionId, query: `${marker} why is this the answer?`, inputMode: 'text' });
  const plan = await u.api.studyPlan.get();
  await u.api.studyPlan.act({ planId: plan.planId, taskIndex: plan.nextTask!.index, action: 'skipped', reason: `${marker} busy` });
  await u.api.notes.add({ text: `${marker} note about quadratics`, askTutor: true });
}

let t: TestApp;
let http: Awaited<ReturnType<typeof serveHttp>>;
let admin: Awaited<ReturnType<TestApp['admin']>>;
let withdrawer: Student;
let deleter: Student;
const runs: Record<'seed' | 'inline' | 'parquet', number> = { seed: 0, inline: 0, parquet: 0 };

beforeAll(async () => {
  // The job runs only when the test says so, as if the server restarted before running it.
  t = await createTestApp({ env: { EXPORT_DIR: mkdtempSync(path.join(tmpdir(), 'satprep-withdraw-')), EXPORT_WITHDRAWALS_AUTORUN: 'false', TUTOR_MAX_CALLS_PER_USER: '100000' } });
  http = await serveHttp(t);
  admin = await t.admin();
  withdrawer = await t.user({ name: 'Wanda Withdraw' });
  deleter = await t.user({ name: 'Dan Delete' });
  await activity(withdrawer, 'MARKER-WITHDRAW');
  await activity(deleter, 'MARKER-DELETE');
  for (let i = 0; i < 4; i++) await activity(await t.user({ name: `Stays ${i}` }), `MARKER-STAYS${i}`);
  for (const [name, input] of [['seed', { format: 'seed' }], ['inline', { format: 'prompt-completion' }], ['parquet', { format: 'seed', fileFormat: 'parquet' }]] as const) {
    runs[name] = (await admin.api.data.export({ ...input, mix: 'real', valRatio: 0.3 })).runId;
    await settleExports();
  }
});
afterAll(async () => {
  await http?.stop();
  await t?.close();
});

const download = (runId: number, name: string) => fetch(`${http.base}/exports/${runId}/${name}`, { headers: { authorization: `Bearer ${admin.token}` } });
const runOf = async (runId: number) => (await admin.api.data.exportRuns()).find((r) => r.runId === runId)!;
/** Every JSONL file of a run, downloaded, as one text. */
const downloadAll = async (runId: number) => {
  const run = await runOf(runId);
  const texts = await Promise.all(run.files.filter((f) => f.name.endsWith('.jsonl')).map(async (f) => {
    const r = await download(runId, f.name);
    expect(r.status, f.name).toBe(200);
    return r.text();
  }));
  return texts.join('\n');
};
const pending = async () => (await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from export_withdrawals where processed_at is null'))[0]!.n;

describe('deletion and withdrawal reach old exports', () => {
  it('the exports hold every student at first', async () => {
    for (const run of [runs.seed, runs.inline]) {
      const all = await downloadAll(run);
      for (const marker of ['MARKER-WITHDRAW', 'MARKER-DELETE', 'MARKER-STAYS0']) expect(all, `${run} ${marker}`).toContain(marker);
    }
    expect((await download(runs.parquet, 'train.parquet')).status).toBe(200);
  });

  it('a consent withdrawal is recorded with the change, and blocks downloads of earlier runs until the job applies it', async () => {
    await withdrawer.api.me.setConsent({ trainingConsent: false });
    expect(await pending()).toBe(1);
    const blocked = await download(runs.seed, 'real_sat_data.jsonl');
    expect(blocked.status).toBe(503);
    expect(blocked.headers.get('retry-after')).toBe('5');
    expect(await blocked.text()).toMatch(/being rewritten/);

    await expect(processExportWithdrawals(t.app.orm, t.app.config)).resolves.toEqual({ processed: 1, waiting: 0 });
    expect(await pending()).toBe(0);
    const key = userKey(pseudonymSecret(t.app.config), withdrawer.id);
    for (const run of [runs.seed, runs.inline]) {
      const all = await downloadAll(run);
      expect(all).not.toContain('MARKER-WITHDRAW');
      expect(all).not.toContain(key);
      expect(all).toContain('MARKER-DELETE');
      expect(all).toContain('MARKER-STAYS0');
      const listed = await runOf(run);
      expect(listed.purges).toMatchObject({ lines: expect.any(Number), withdrawals: 1 });
      expect(listed.purges!.lines).toBeGreaterThanOrEqual(3);
      expect(listed.withdrawnAt).toBeNull();
    }
    // The side metadata still describes the data lines one for one, and the recorded hashes match the files.
    const seed = await runOf(runs.seed);
    const dir = (await t.app.orm.em.fork().execute<{ out_dir: string }[]>('select out_dir from export_runs where id = ?', [runs.seed]))[0]!.out_dir;
    const lines = (name: string) => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean);
    expect(lines('metadata.jsonl')).toHaveLength(lines('real_sat_data.jsonl').length);
    expect(lines('metadata.validation.jsonl')).toHaveLength(lines('real_sat_data.validation.jsonl').length);
    for (const f of seed.files) {
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(readFileSync(path.join(dir, f.name))).digest('hex'), f.name).toBe(f.sha256);
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).withdrawn_lines).toBe(seed.purges!.lines);

    // Parquet files cannot be rewritten line by line: that run is withdrawn, its files deleted.
    const parquet = await runOf(runs.parquet);
    expect(parquet.withdrawnAt).not.toBeNull();
    const gone = await download(runs.parquet, 'train.parquet');
    expect(gone.status).toBe(410);
    const parquetDir = (await t.app.orm.em.fork().execute<{ out_dir: string }[]>('select out_dir from export_runs where id = ?', [runs.parquet]))[0]!.out_dir;
    expect(existsSync(path.join(parquetDir, 'train.parquet'))).toBe(false);
    // Only the pseudonym stays in the withdrawal record.
    const [row] = await t.app.orm.em.fork().execute<{ user_id: number | null; user_key: string }[]>('select user_id, user_key from export_withdrawals');
    expect(row).toEqual({ user_id: null, user_key: key });
  });

  it('an account deletion does the same', async () => {
    await deleter.api.me.deleteAccount();
    expect(await pending()).toBe(1);
    expect((await download(runs.inline, 'train.jsonl')).status).toBe(503);
    await processExportWithdrawals(t.app.orm, t.app.config);
    for (const run of [runs.seed, runs.inline]) {
      const all = await downloadAll(run);
      expect(all).not.toContain('MARKER-DELETE');
      expect(all).toContain('MARKER-STAYS1');
      expect((await runOf(run)).purges!.withdrawals).toBe(2);
    }
  });

  it('a withdrawal does not reach exports started after it', async () => {
    const late = await t.user({ name: 'Late Comer' });
    await activity(late, 'MARKER-LATE');
    await withdrawer.api.me.setConsent({ trainingConsent: true });
    await activity(withdrawer, 'MARKER-AGAIN');
    const run = (await admin.api.data.export({ format: 'seed', mix: 'real' })).runId;
    await settleExports();
    await late.api.me.setConsent({ trainingConsent: false });
    await processExportWithdrawals(t.app.orm, t.app.config);
    const all = await downloadAll(run);
    // The student who consented again is in the new run; the one who withdrew after it is not.
    expect(all).toContain('MARKER-AGAIN');
    expect(all).not.toContain('MARKER-LATE');
  });
});
