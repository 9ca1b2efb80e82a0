/**
 * Demo accounts (issue #20): only in the embedded database or with SEED_DEMO=true, never with a
 * password written in the repository; the generated passwords are printed on every start and
 * kept for the operator in DATA_DIR (mode 0600).
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createCaller } from '../src/root.ts';
import { DEMO_CREDENTIALS_FILE, DEMO_EMAILS } from '../src/services/demo.ts';
import { createContext } from '../src/trpc.ts';
import { createTestApp } from './harness.ts';

const PG = 'postgres://postgres@127.0.0.1:5432/postgres';

describe('demo accounts', () => {
  it('are on by default only without DATABASE_URL; SEED_DEMO decides when set', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: PG }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: PG, SEED_DEMO: '' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: PG, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(() => loadConfig({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO/);
  });

  it.runIf(process.env.DATABASE_URL)('are not created on PostgreSQL without SEED_DEMO', async () => {
    // The harness sets SEED_DEMO=false; an empty value is "not set".
    const t = await createTestApp({ env: { SEED_DEMO: '' } });
    try {
      expect(t.driver).toBe('postgresql');
      expect(t.app.config.seedDemo).toBe(false);
      const rows = await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from users');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('in the embedded demo get generated passwords, printed on every start and kept in DATA_DIR (0600); the old known ones fail', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'satprep-demo-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, EXPORT_DIR: path.join(dataDir, 'exports') });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    const start = async () => {
      const logs: string[] = [];
      const app = await createApp(config, { log: (m) => logs.push(m) });
      return { app, printed: logs.join('\n'), api: createCaller(() => createContext(app, { token: undefined, setSessionCookie: () => {} })) };
    };

    const first = await start();
    let adminPassword: string;
    try {
      const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const kept = JSON.parse(readFileSync(file, 'utf8')) as { accounts: { role: string; email: string; password: string }[] };
      const admin = kept.accounts.find((a) => a.email === DEMO_EMAILS.admin)!;
      const student = kept.accounts.find((a) => a.email === DEMO_EMAILS.student)!;
      adminPassword = admin.password;
      expect(adminPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(student.password).not.toBe(adminPassword);
      expect(first.printed).toContain(`${DEMO_EMAILS.admin} / ${adminPassword}`);
      expect(first.printed).toContain(`${DEMO_EMAILS.student} / ${student.password}`);

      await expect(first.api.auth.signIn({ email: DEMO_EMAILS.admin, password: 'demo-admin-pass' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(first.api.auth.signIn({ email: DEMO_EMAILS.student, password: 'demo-student-pass' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(first.api.auth.signIn({ email: DEMO_EMAILS.admin, password: adminPassword })).resolves.toMatchObject({ user: { role: 'admin' } });
      await expect(first.api.auth.signIn({ email: DEMO_EMAILS.student, password: student.password })).resolves.toMatchObject({ user: { role: 'student' } });
    } finally {
      await first.app.close();
    }

    // A restart prints the same passwords and creates nothing new.
    const second = await start();
    try {
      expect(second.printed).toContain(`${DEMO_EMAILS.admin} / ${adminPassword}`);
      const rows = await second.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from users');
      expect(rows[0]!.n).toBe(2);
    } finally {
      await second.app.close();
    }
  }, 120_000);
});
