// Benchmark: the logging write path under load, against pgbench on the same database in the same run.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/ingest.ts [seconds]
// (default 30 s per phase). Starts the real API (its own process, NODE_ENV=production) on a scratch
// database, signs up 64 students with a finished practice session each, then drives
// practice.rateFeedback and practice.help with 64 connections (autocannon), and measures pgbench
// single-row INSERTs with 64 clients. Prints requests/s, p50/p99 latency, errors and the ratio.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { createScratchDatabase } from '@satprep/domain/db';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.argv[2] ?? 30);
const CONNECTIONS = 64;
const PORT = 3900 + Math.floor(Math.random() * 90);
const api = `http://127.0.0.1:${PORT}`;

interface Student { token: string; feedbackId: number; questionIds: string[]; sessionId: number }

async function call<T>(proc: string, input: unknown, token?: string): Promise<T> {
  const r = await fetch(`${api}/trpc/${proc}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await r.json()) as { result?: { data: T }; error?: { message: string } };
  if (!r.ok || !body.result) throw new Error(`${proc}: ${r.status} ${body.error?.message}`);
  return body.result.data;
}

async function waitHealthy() {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${api}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become healthy');
}

async function makeStudent(i: number): Promise<Student> {
  const { token } = await call<{ token: string }>('auth.signUp', { email: `load${i}-${Date.now()}@example.com`, password: 'load-test-password', displayName: `Load ${i}`, role: 'student', trainingConsent: true });
  const { sessionId, questions } = await call<{ sessionId: number; questions: { id: string }[] }>('practice.start', { count: 5 }, token);
  const result = await call<{ feedback: { feedbackId: number } }>('practice.submit', { sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: 'A', timeSpentMs: 3000 })) }, token);
  return { token, feedbackId: result.feedback.feedbackId, questionIds: questions.map((q) => q.id), sessionId };
}

type Body = (s: Student, n: number) => unknown;

async function drive(proc: string, students: Student[], body: Body) {
  let next = 0;
  const result = await autocannon({
    url: `${api}/trpc/${proc}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{
      method: 'POST',
      setupRequest: (req: autocannon.Request, context: object) => {
        // One student per connection; every request is a new event (a fresh clientEventId).
        const c = context as { student?: Student; n?: number };
        const s = (c.student ??= students[next++ % students.length]!);
        c.n = (c.n ?? 0) + 1;
        return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify(body(s, c.n)) };
      },
    }],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, errors };
}

function pgbench(url: string): { tps: number; latencyMs: number } {
  const u = new URL(url);
  const db = u.pathname.slice(1);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres'];
  execFileSync('psql', [...args, '-q', '-d', db, '-c', 'create table bench_events (id bigserial primary key, user_id int not null, feedback_id int not null, rating smallint not null, client_event_id uuid not null unique, created_at timestamptz not null default now())']);
  const dir = mkdtempSync(path.join(tmpdir(), 'satprep-pgbench-'));
  const script = path.join(dir, 'insert.sql');
  writeFileSync(script, "\\set uid random(1, 64)\n\\set r random(1, 5)\ninsert into bench_events (user_id, feedback_id, rating, client_event_id) values (:uid, :uid, :r, gen_random_uuid());\n");
  const out = execFileSync('pgbench', [...args, '-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(SECONDS), '-f', script, db], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  return { tps, latencyMs };
}

const scratch = await createScratchDatabase(base, 'satprep_ingest');
// API_NODE_ARGS adds Node flags to the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const server = spawn(process.execPath, [...(process.env.API_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'apps/api/src/server.ts'], {
  env: { ...process.env, DATABASE_URL: scratch.url, PORT: String(PORT), HOST: '127.0.0.1', NODE_ENV: 'production', SEED_DEMO: 'false', TUTOR_MAX_CALLS_PER_USER: '100000000', WRITE_MAX_CALLS_PER_USER: '100000000', SIGNUP_MAX_PER_IP: '100000' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitHealthy();
  const students: Student[] = [];
  for (let i = 0; i < CONNECTIONS; i++) students.push(await makeStudent(i));
  console.error(`${students.length} students ready; ${SECONDS} s per phase`);

  const rating = await drive('practice.rateFeedback', students, (s, n) => ({ feedbackId: s.feedbackId, rating: 1 + (n % 5), clientEventId: randomUUID() }));
  const help = await drive('practice.help', students, (s, n) => ({ questionId: s.questionIds[n % s.questionIds.length], sessionId: s.sessionId, query: `Why is choice ${'ABCD'[n % 4]} wrong here?`, inputMode: 'text', clientEventId: randomUUID() }));
  // Let requests autocannon abandoned at the deadline finish before the API stops.
  await new Promise((r) => setTimeout(r, 2000));
  server.kill('SIGTERM');
  const pg = pgbench(scratch.url);

  const line = (name: string, r: Awaited<ReturnType<typeof drive>>) =>
    `${name.padEnd(22)} ${Math.round(r.rps).toLocaleString('en').padStart(7)} req/s | p50 ${r.p50} ms | p99 ${r.p99} ms | errors ${r.errors} of ${r.total} | ${((r.rps / pg.tps) * 100).toFixed(0)}% of pgbench`;
  console.log(`\ningest benchmark (${CONNECTIONS} connections, ${SECONDS} s each, API and PostgreSQL on one 2-core machine):`);
  console.log(line('practice.rateFeedback', rating) + ' (target ≥ 25%, p99 < 50 ms, 0 errors)');
  console.log(line('practice.help', help));
  console.log(`${'pgbench INSERT'.padEnd(22)} ${Math.round(pg.tps).toLocaleString('en').padStart(7)} tx/s  | latency avg ${pg.latencyMs} ms`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await scratch.drop();
}
