import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, MAIN } from './env.ts';

let env: Record<string, string>;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ env, drop } = await cliEnv('satprep-cli-'));
});
afterAll(async () => { await drop?.(); });

function satprep(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('satprep CLI', () => {
  it('seeds the bank, creates an admin, prints stats, exports and validates', () => {
    const seed = satprep(['seed']);
    expect(seed.err + seed.out).toMatch(/question bank: \d{3,} items loaded/);
    expect(seed.code).toBe(0);

    const weak = satprep(['admin', 'create', '--email', 'root@example.com', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.err).toContain('at least 10 characters');
    const admin = satprep(['admin', 'create', '--email', 'root@example.com', '--name', 'Root', '--password-stdin'], 'a long admin password\n');
    expect(admin.out).toMatch(/admin created: root@example.com \(id \d+\)/);
    const again = satprep(['admin', 'create', '--email', 'root@example.com', '--password-stdin'], 'a long admin password\n');
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('already exists');

    const stats = satprep(['stats', '--json']);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ transition: { stage: 'synthetic' }, tables: { feedback_ratings: { rows: 0 } } });

    const out = mkdtempSync(path.join(tmpdir(), 'satprep-cli-out-'));
    // The weekly/monthly dump is real data only: with no real data yet, seed writes an empty real_sat_data.jsonl, no synthetic pairs.
    const dump = mkdtempSync(path.join(tmpdir(), 'satprep-cli-dump-'));
    const real = satprep(['export', '--format', 'seed', '--out', dump]);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/0 examples \(0 real, 0 synthetic\)/);
    expect(readdirSync(dump)).toContain('real_sat_data.jsonl');
    // A training set that mixes synthetic pairs is asked for by name.
    const exp = satprep(['export', '--format', 'openai-chat', '--mix', 'auto', '--target', '120', '--seed', '3', '--out', out]);
    expect(exp.err.split('\n').filter((l) => l.startsWith('satprep:'))).toEqual([]);
    expect(exp.code).toBe(0);
    expect(exp.out).toMatch(/120 examples \(0 real, 120 synthetic\), stage synthetic/);
    expect(exp.err).toContain('export: synthetic');
    expect(readdirSync(out).sort()).toEqual(['README.md', 'manifest.json', 'metadata.jsonl', 'metadata.validation.jsonl', 'train.jsonl', 'validation.jsonl']);

    const ok = satprep(['validate-dataset', path.join(out, 'train.jsonl')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('format openai-chat');
    const bad = path.join(out, 'broken.jsonl');
    writeFileSync(bad, '{"messages": [{"role": "user", "content": "hi"}]}\nnot json\n');
    const v = satprep(['validate-dataset', bad]);
    expect(v.code).toBe(1);
    expect(v.out).toContain('invalid_json: 1');
    expect(v.out).toContain('example_missing_assistant_message: 1');

    // The export dropped what breaks the audit's hard rules: audit-dataset finds nothing left, and the figures per source.
    const audit = satprep(['audit-dataset', out, '--json', '--strict']);
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.out);
    expect(report.format).toBe('openai-chat');
    expect(report.totals).toMatchObject({ outputs: 120, violations: { placeholder: 0, internal_id: 0, grounding: 0, key_leak: 0, contradiction: 0 }, train_validation_overlap: 0 });
    expect(Object.keys(report.by_source).length).toBeGreaterThan(0);
    const dirty = mkdtempSync(path.join(tmpdir(), 'satprep-cli-dirty-'));
    writeFileSync(path.join(dirty, 'train.jsonl'), `${JSON.stringify({ prompt: 'Community question: commas?', completion: 'Hi [NAME], see M-ADV-NLF-EXPO-03.', metadata: { source_table: 'community' } })}\n`);
    const strict = satprep(['audit-dataset', dirty, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/placeholder \(community\): \[NAME\]/);

    const badArgs = satprep(['export', '--val-ratio', '2']);
    expect(badArgs.code).not.toBe(0);
    expect(badArgs.err).toContain('--val-ratio must be a number from 0 to 0.5');
  });

  it('makes staff invite codes in the name of an existing admin (the one created above)', () => {
    const invite = satprep(['admin', 'invite', '--role', 'tutor', '--by', 'root@example.com']);
    expect(invite.code).toBe(0);
    expect(invite.out).toMatch(/^tutor invite: [A-Z0-9]{5}(-[A-Z0-9]{5}){3} \(valid until /);
    const notAdmin = satprep(['admin', 'invite', '--role', 'admin', '--by', 'nobody@example.com']);
    expect(notAdmin.code).not.toBe(0);
    expect(notAdmin.err).toContain('No admin account');
  });
});
