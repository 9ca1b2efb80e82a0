import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@satprep/domain/db';
import { cliEnv, MAIN } from './env.ts';

// #22 item 3: `satprep` is an app beside the API, not a client of it. It shares the use cases
// through packages (@satprep/core and the rest) and opens the database itself, so an export
// does not boot the server's rate limits, session listener and experiments.

const CLI_DIR = path.resolve(import.meta.dirname, '..');
const ROOT = path.resolve(CLI_DIR, '../..');

type PackageJson = { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const readPackage = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;

/** Every workspace package by name, with its folder (apps/* and packages/*). */
function workspace(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const group of ['apps', 'packages']) {
    for (const entry of readdirSync(path.join(ROOT, group), { withFileTypes: true })) {
      if (entry.isDirectory()) byName.set(readPackage(path.join(ROOT, group, entry.name)).name, path.join(group, entry.name));
    }
  }
  return byName;
}

/** The workspace folders the CLI depends on: its own dependencies (dev ones too), then theirs at run time. */
function reachableFromCli(): string[] {
  const byName = workspace();
  const seen = new Set<string>();
  const cli = readPackage(CLI_DIR);
  const queue = Object.keys({ ...cli.dependencies, ...cli.devDependencies });
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const dir = byName.get(name);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    queue.push(...Object.keys(readPackage(path.join(ROOT, dir)).dependencies ?? {}));
  }
  return [...seen].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

let env: Record<string, string>;
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ env, drop } = await cliEnv('satprep-cli-decoupled-'));
});
afterAll(async () => { await drop?.(); });

function satprep(args: string[], extraEnv: Record<string, string> = {}, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, MAIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('satprep without the API app', () => {
  it('depends on no app, directly or through a package, and no file of it imports the API', () => {
    const reachable = reachableFromCli();
    expect(reachable).toContain('packages/core');
    expect(reachable.filter((dir) => dir.startsWith('apps/'))).toEqual([]);
    const importsApi = /from\s+['"](@satprep\/api(\/[^'"]*)?|[^'"]*apps\/api\/[^'"]*)['"]|import\(\s*['"](@satprep\/api|[^'"]*apps\/api\/)/;
    const thisFile = path.resolve(import.meta.filename);
    const offenders = ['src', 'test', 'bin']
      .flatMap((d) => sourceFiles(path.join(CLI_DIR, d)))
      .filter((f) => f !== thisFile && importsApi.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('exports from a fresh database: migrated and the bank loaded, without loading a module of the API or tRPC', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'satprep-cli-decoupled-out-'));
    const record = path.join(out, '..', `${path.basename(out)}.modules`);
    const r = satprep(['export', '--format', 'seed', '--out', path.join(out, 'seed')], { RECORD_MODULES: record }, ['--import', path.join(import.meta.dirname, 'record-modules.ts')]);
    expect(r.err.split('\n').filter((l) => l.startsWith('satprep:'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^export run \d+: 0 examples \(0 real, 0 synthetic\)/);
    expect(r.err).toMatch(/^database: .*applied Migration0001Foundation/m);
    expect(r.err).toMatch(/^question bank: loaded \d{3,} items$/m);
    expect(readdirSync(path.join(out, 'seed'))).toContain('real_sat_data.jsonl');

    const modules = readFileSync(record, 'utf8').split('\n');
    // The recording works: the shared database opening was loaded from the core package.
    expect(modules.some((u) => u.endsWith('/packages/core/src/database.ts'))).toBe(true);
    expect(modules.filter((u) => u.includes('/apps/api/') || u.includes('@trpc/server') || u.includes('@trpc+server'))).toEqual([]);

    const orm = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : path.join(env.DATA_DIR!, 'pglite') });
    try {
      const em = orm.em.fork();
      const [bank] = await em.execute<{ n: number }[]>('select count(*)::int as n from questions');
      expect(bank!.n).toBeGreaterThanOrEqual(400);
      const runs = await em.execute<{ status: string; trigger: string }[]>('select status, trigger from export_runs');
      expect(runs).toEqual([{ status: 'succeeded', trigger: 'cli' }]);
    } finally {
      await orm.close();
    }
  });

  it('reads only its own variables, with the rules and messages it shares with the API (@satprep/core/env), and only when a command needs them', () => {
    // A variable only the server reads is none of the CLI's business.
    const stats = satprep(['stats', '--json'], { PORT: 'not-a-port', TRPC_MAX_BATCH_CALLS: '0' });
    expect(stats.err).not.toContain('Invalid configuration');
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ tables: { feedback_ratings: { rows: 0 } } });

    const badUrl = satprep(['stats'], { DATABASE_URL: 'not a url' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toBe('satprep: Invalid configuration:\n  DATABASE_URL: DATABASE_URL must be a postgres:// URL\n');
    const badTtl = satprep(['admin', 'invite', '--role', 'tutor', '--by', 'root@example.com'], { STAFF_INVITE_TTL_DAYS: '365' });
    expect(badTtl.code).toBe(1);
    expect(badTtl.err).toMatch(/^satprep: Invalid configuration:\n {2}STAFF_INVITE_TTL_DAYS: /);
    const replica = satprep(['export'], { DATABASE_URL: '', EXPORT_READ_DATABASE_URL: 'postgres://replica.example/db' });
    expect(replica.code).toBe(1);
    expect(replica.err).toContain('EXPORT_READ_DATABASE_URL needs DATABASE_URL (a replica of which database?)');

    // A command that reads only files does not look at the environment.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'satprep-cli-decoupled-files-')), 'train.jsonl');
    writeFileSync(file, `${JSON.stringify({ messages: [{ role: 'user', content: 'What is 2 + 2?' }, { role: 'assistant', content: 'It is 4.' }] })}\n`);
    const v = satprep(['validate-dataset', file], { DATABASE_URL: 'not a url' });
    expect(v.err).toBe('');
    expect(v.out).toContain('format openai-chat');
    expect(v.code).toBe(0);
  });
});
