import type { AddressInfo } from 'node:net';
import { createScratchDatabase, type Orm } from '@satprep/domain/db';
import type { Tutor } from '@satprep/domain';
import { createApp, type App } from '../src/app.ts';
import { loadConfig, type AppConfig } from '../src/config.ts';
import { createCaller } from '../src/root.ts';
import { createContext } from '../src/trpc.ts';
import { createHttpServer } from '../src/server.ts';
import type { RateLimits } from '../src/services/rate-limit.ts';
import { createStaffInvite } from '@satprep/core/staff-invites';
import { createUser } from '@satprep/core/users';

export interface TestApp {
  app: App;
  /** A tRPC caller acting with the given session token (or anonymously), optionally from a client IP. */
  as: (token?: string, opts?: { clientIp?: string }) => Promise<ReturnType<typeof createCaller>>;
  /**
   * Signs up a fresh user through the API and returns a caller for it. A tutor signs up with an
   * admin's invite (staff roles are granted); `applicant` is a tutor sign-up without one (pending).
   */
  user: (opts?: { role?: 'student' | 'parent' | 'tutor' | 'applicant'; consent?: boolean; name?: string }) => Promise<{ id: number; email: string; token: string; api: ReturnType<typeof createCaller> }>;
  admin: () => Promise<{ id: number; token: string; api: ReturnType<typeof createCaller> }>;
  driver: 'postgresql' | 'pglite';
  close: () => Promise<void>;
}

let counter = 0;

/**
 * A fresh database for one test file: its own PostgreSQL database when DATABASE_URL is set
 * (dropped afterwards), otherwise an in-memory PGlite. `driver: 'pglite'` forces PGlite.
 */
export async function createTestApp(
  opts: { tutor?: Tutor; driver?: 'auto' | 'pglite'; env?: Record<string, string>; limits?: (config: AppConfig, orm: Orm) => RateLimits } = {},
): Promise<TestApp> {
  const base = process.env.DATABASE_URL;
  const usePg = Boolean(base) && opts.driver !== 'pglite';
  const scratch = usePg ? await createScratchDatabase(base!) : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    SEED_DEMO: 'false',
    DATA_DIR: 'memory://',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...opts.env,
  });
  const app = await createApp(config, { ...(opts.tutor ? { tutor: opts.tutor } : {}), ...(opts.limits ? { limits: (orm: Orm) => opts.limits!(config, orm) } : {}) });
  // A fresh context (and EntityManager fork) per call, as over HTTP.
  const as: TestApp['as'] = async (token, o = {}) => createCaller(() => createContext(app, { token, clientIp: o.clientIp, setSessionCookie: () => {} }));
  const user: TestApp['user'] = async (o = {}) => {
    const email = `user${++counter}-${Date.now().toString(36)}@example.com`;
    const anon = await as();
    const role = o.role ?? 'student';
    const inviteCode = role === 'tutor' ? (await createStaffInvite(app.orm.em.fork() as never, await inviter(), { role: 'tutor' }, 60_000)).code : undefined;
    const { user: u, token } = await anon.auth.signUp({
      email,
      password: 'correct horse battery',
      displayName: o.name ?? `Student ${counter}`,
      role: role === 'applicant' ? 'tutor' : role,
      trainingConsent: o.consent ?? true,
      ...(inviteCode ? { inviteCode } : {}),
    });
    return { id: u.id, email, token, api: await as(token) };
  };
  // The admin whose invites make the harness's tutors (created on first use).
  let inviterId: Promise<number> | undefined;
  const inviter = () =>
    (inviterId ??= createUser(app.orm.em.fork() as never, { email: `inviter${++counter}@example.com`, password: 'admin password 123', displayName: 'Inviter', role: 'admin', trainingConsent: false }).then((u) => u.id));
  const admin: TestApp['admin'] = async () => {
    const email = `admin${++counter}@example.com`;
    const u = await createUser(app.orm.em.fork() as never, { email, password: 'admin password 123', displayName: 'Admin', role: 'admin', trainingConsent: false });
    const { token } = await (await as()).auth.signIn({ email, password: 'admin password 123' });
    return { id: u.id, token, api: await as(token) };
  };
  return {
    app, as, user, admin, driver: usePg ? 'postgresql' : 'pglite',
    close: async () => {
      await app.close();
      await scratch?.drop();
    },
  };
}

/** Answers every question of a started session: correct for the first `correctCount`, wrong for the rest. */
export async function answerKey(t: TestApp, questionIds: string[]): Promise<Map<string, { answer: string; wrong: string }>> {
  const rows: { id: string; answer: string; format: string }[] = await t.app.orm.em.fork().execute(
    `select id, answer, format from questions where id in (${questionIds.map(() => '?').join(',')})`,
    questionIds,
  );
  return new Map(rows.map((r) => [r.id, { answer: r.answer, wrong: r.format === 'mcq' ? (r.answer === 'A' ? 'B' : 'A') : '-98765' }]));
}

/** Serves the app on a free loopback port; returns its base URL and a stop function. */
export async function serveHttp(t: TestApp, opts: { directTrpc?: boolean } = {}): Promise<{ base: string; stop: () => Promise<void> }> {
  const server = createHttpServer(t.app, opts);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
