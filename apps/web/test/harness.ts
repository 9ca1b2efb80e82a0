import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, createRequestListener, loadConfig, type App } from '@satprep/api';
import type { AppRouter } from '@satprep/api/root';
import { createStaffInvite } from '@satprep/core/staff-invites';
import { createUser } from '@satprep/core/users';
import { createScratchDatabase } from '@satprep/domain/db';
import { createTRPCClient, httpLink } from '@trpc/client';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../dist');
export const ARTIFACTS = path.resolve(here, '../test-artifacts');
const CHROMIUM = '/usr/bin/chromium';

export interface Harness {
  app: App;
  base: string;
  browser: Browser;
  /** Rows from the test database. */
  sql: <T = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<T[]>;
  newPage: (opts?: { width?: number; height?: number }) => Promise<{ context: BrowserContext; page: Page }>;
  createAdmin: () => Promise<{ email: string; password: string }>;
  /** A staff invite code from an admin (tutors and admins sign up with one; staff roles are granted, not chosen). */
  staffInviteCode: (role: 'tutor' | 'admin') => Promise<string>;
  /** A typed tRPC client over HTTP, acting with a session token (from auth.signUp / signIn) or anonymously: for setting up data without the browser. */
  api: (token?: string) => ApiClient;
  close: () => Promise<void>;
}

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

let counter = 0;
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}@example.com`;

/**
 * The real API server (in-memory PGlite, or a scratch PostgreSQL database when DATABASE_URL is set) serving the built web app, plus Chromium.
 * `env` adds or overrides configuration variables (e.g. REVIEW_SAMPLE_RATE) for this server only.
 */
export async function startHarness(opts: { env?: Record<string, string> } = {}): Promise<Harness> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error(`The web app is not built (${WEB_DIST}). Run \`pnpm --filter @satprep/web build\` first.`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });

  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', DATA_DIR: 'memory://', WEB_DIST, EXPORT_DIR: mkdtempSync(path.join(tmpdir(), 'satprep-e2e-exports-')), ...opts.env, ...(scratch ? { DATABASE_URL: scratch.url } : {}) }),
  );
  const server = http.createServer(createRequestListener(app));
  let inviterId: Promise<number> | undefined;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  return {
    app,
    base,
    browser,
    sql: (query, params = []) => app.orm.em.fork().execute(query, params),
    newPage: async ({ width = 1280, height = 900 } = {}) => {
      const context = await browser.newContext({ baseURL: base, viewport: { width, height }, locale: 'en-US' });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      return { context, page };
    },
    createAdmin: async () => {
      const email = uniqueEmail('admin');
      const password = 'admin password 123';
      await createUser(app.orm.em.fork() as Parameters<typeof createUser>[0], { email, password, displayName: 'Ada Admin', role: 'admin', trainingConsent: false });
      return { email, password };
    },
    staffInviteCode: async (role) => {
      const em = app.orm.em.fork() as Parameters<typeof createUser>[0];
      inviterId ??= createUser(em, { email: uniqueEmail('inviter'), password: 'admin password 123', displayName: 'Inviting Admin', role: 'admin', trainingConsent: false }).then((u) => u.id);
      return (await createStaffInvite(em, await inviterId, { role }, 3_600_000)).code;
    },
    api: (token) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })] }),
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await scratch?.drop();
    },
  };
}

export async function shot(page: Page, name: string, fullPage = true) {
  // From the top, so the sticky header is drawn where it belongs.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Signs up in the browser; `inviteCode` signs up through an admin's staff invite (the invite decides the role). */
export async function signUp(page: Page, opts: { name: string; role?: 'Student' | 'Parent'; inviteCode?: string; consent?: boolean; email?: string }) {
  const email = opts.email ?? uniqueEmail(opts.name.toLowerCase());
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Display name').fill(opts.name);
  if (opts.inviteCode) {
    await page.getByRole('radio', { name: /^I have an invite code/ }).check();
    await page.getByLabel('Invite code', { exact: true }).fill(opts.inviteCode);
  } else {
    await page.getByRole('radio', { name: new RegExp(`^${opts.role ?? 'Student'}`) }).check();
  }
  if (opts.consent ?? true) await page.getByRole('checkbox', { name: /Help improve the tutor/ }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Hi, ${opts.name}` }).waitFor();
  return { email, password: 'correct horse battery' };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Starts a session from the Practice screen, retrying while the question bank is still being filled. */
export async function startPractice(page: Page, opts: { domain?: string; count: number }) {
  for (let attempt = 0; ; attempt++) {
    await page.goto('/practice');
    if (opts.domain) await page.getByLabel('Content domain').selectOption(opts.domain);
    await page.getByLabel('Number of questions').fill(String(opts.count));
    await page.getByRole('button', { name: 'Start practice' }).click();
    const started = page.getByText(/^Question 1 of \d+$/);
    const failed = page.getByText('We could not start a session.');
    await started.or(failed).waitFor();
    if (await started.isVisible()) return;
    if (attempt >= 5) throw new Error('practice.start kept failing: is the question bank empty?');
    await page.waitForTimeout(30_000);
  }
}

/** Answers the current question: the first choice for multiple choice, "1" for grid-ins. */
export async function answerCurrent(page: Page) {
  const grid = page.getByLabel('Your answer');
  if (await grid.count()) await grid.fill('1');
  else await page.locator('.choices .choice').first().click();
}

/** Answers every question and submits; waits for the results. */
export async function finishSession(page: Page) {
  const total = Number((await page.getByText(/^Question 1 of \d+$/).textContent())!.match(/of (\d+)/)![1]);
  for (let i = 1; i <= total; i++) {
    await page.getByText(`Question ${i} of ${total}`).waitFor();
    await answerCurrent(page);
    if (i < total) await page.getByRole('button', { name: 'Next' }).click();
  }
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await page.getByRole('heading', { name: 'Session results' }).waitFor();
}

/** Follows a link in the main navigation (opening the menu first on narrow screens). */
export async function navTo(page: Page, label: string) {
  const toggle = page.getByRole('button', { name: 'Menu' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
}

/** The text of an element as written, with each formula typeset by MathText read back from its `data-text` (KaTeX's text content repeats it as MathML, TeX and drawn glyphs). */
export async function writtenText(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll<HTMLElement>('.math[data-text]').forEach((m) => m.replaceWith(m.dataset.text ?? ''));
    return copy.textContent ?? '';
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical WCAG 2 A/AA and best-practice findings on the page as it is (run
 * through DevTools, which the page's CSP does not govern), each as "screen: rule (impact) help at targets".
 */
export async function seriousViolations(page: Page, screen = page.url()): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    type V = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const r = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: V[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
}
