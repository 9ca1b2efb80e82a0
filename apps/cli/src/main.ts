import { Command, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import { openDatabase, type Database } from '@satprep/core/database';
import { dataStats } from '@satprep/core/data-stats';
import { exportDirName, pseudonymSecret, syntheticDeps } from '@satprep/core/export';
import { seedQuestionBank } from '@satprep/core/question-bank';
import { createStaffInvite } from '@satprep/core/staff-invites';
import { createUser } from '@satprep/core/users';
import { auditDataset, exportTrainingData, FILE_FORMATS, FORMATS, HARD_RULES, SOURCES, validateDataset, type AuditReport, type ExportProgress, type FileFormat, type FormatName, type SourceName } from '@satprep/exporter';
import cliProgress from 'cli-progress';
import { belowThresholds, buildEvalSet, CHECKS, DEFAULT_THRESHOLDS, formatScorecard, reviewedCases, runEval, scorecard, storeEvalRun, type CheckName } from '@satprep/eval';
import { OfflineTutor, OpenAiTutor } from '@satprep/tutor';
import { buildQuestionBank } from '@satprep/domain/bank';
import { adjustPlan, buildPlan } from '@satprep/domain/plan';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, CreateStaffInviteInput, SignUpInput } from '@satprep/domain';
import { User } from '@satprep/domain/entities';
import type { Em } from '@satprep/domain/db';
import { loadConfig, type CliConfig } from './config.ts';

let config: CliConfig | undefined;
/** The environment, validated on first use: commands that read only files (validate-dataset, audit-dataset) never need it. */
const cliConfig = () => (config ??= loadConfig());

/** Opens the database (migrated, question bank current) for one command, and closes it after. */
async function withDatabase<T>(fn: (db: Database, em: Em, config: CliConfig) => Promise<T>): Promise<T> {
  const db = await openDatabase(cliConfig(), (m) => console.error(m));
  try {
    return await fn(db, db.orm.em.fork() as Em, cliConfig());
  } finally {
    await db.close();
  }
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const pw = await rl.question('Password (at least 10 characters): ');
  rl.close();
  return pw;
}

const program = new Command()
  .name('satprep')
  .description('SAT Prep data-collection tools. Uses DATABASE_URL when set, else the embedded database in DATA_DIR (.data).');

program
  .command('seed')
  .description('load (or refresh) the SAT question bank')
  .action(() => withDatabase(async (_db, em) => console.log(`question bank: ${(await seedQuestionBank(em)).items} items loaded`)));

const adminCommand = program.command('admin').description('manage staff accounts (the first admin; invites for tutors and admins)');

adminCommand
  .command('create')
  .description('create an admin account (password from a prompt, or stdin with --password-stdin)')
  .requiredOption('--email <email>', 'admin email')
  .option('--name <name>', 'display name', 'Admin')
  .option('--password-stdin', 'read the password from standard input')
  .action(async (opts: { email: string; name: string; passwordStdin?: boolean }) => {
    const password = await readPassword(Boolean(opts.passwordStdin));
    const parsed = SignUpInput.safeParse({ email: opts.email, password, displayName: opts.name, role: 'student', trainingConsent: false });
    if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
    await withDatabase(async (_db, em) => {
      const user = await createUser(em, { ...parsed.data, role: 'admin' });
      console.log(`admin created: ${user.email} (id ${user.id})`);
    });
  });

adminCommand
  .command('invite')
  .description('print a single-use staff invite code (tutor or admin) made in the name of an existing admin')
  .addOption(new Option('--role <role>', 'role the invite grants').choices(['tutor', 'admin']).makeOptionMandatory())
  .requiredOption('--by <email>', 'email of the admin the invite is made by')
  .option('--email <email>', 'only this email may use the invite')
  .action(async (opts: { role: 'tutor' | 'admin'; by: string; email?: string }) => {
    const parsed = CreateStaffInviteInput.safeParse({ role: opts.role, ...(opts.email ? { email: opts.email } : {}) });
    if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
    await withDatabase(async (_db, em, config) => {
      const by = await em.findOne(User, { email: opts.by.trim().toLowerCase() });
      if (!by || by.role !== 'admin') throw new AppError('NOT_FOUND', `No admin account with the email ${opts.by}.`);
      const invite = await createStaffInvite(em, by.id, parsed.data, config.staffInviteTtlMs);
      console.log(`${invite.role} invite: ${invite.code} (valid until ${invite.expiresAt.toISOString()}${invite.email ? `, only for ${invite.email}` : ''})`);
    });
  });

program
  .command('stats')
  .description('print collection volumes, rating distribution and the transition-plan stage')
  .addOption(new Option('--json', 'print JSON'))
  .action((opts: { json?: boolean }) =>
    withDatabase(async (_db, em) => {
      const s = await dataStats(em);
      if (opts.json) return console.log(JSON.stringify(s, null, 2));
      console.log('rows per table (consented):');
      for (const [table, v] of Object.entries(s.tables)) console.log(`  ${table.padEnd(22)} ${String(v.rows).padStart(8)} (${v.consentedRows})`);
      console.log('progress toward the spec volumes at 10K users:');
      for (const t of s.targets) console.log(`  ${t.table.padEnd(22)} ${String(t.rows).padStart(8)} / ${t.target} (${(t.progress * 100).toFixed(1)}%)`);
      console.log(`ratings 1..5: ${[1, 2, 3, 4, 5].map((r) => s.ratingDistribution[r as 1]).join(' / ')}`);
      console.log(`students: ${s.users.students}, consented ${(s.users.consentedShare * 100).toFixed(0)}%, active (30 days) ${s.users.activeLast30Days}`);
      console.log(`transition stage: ${s.transition.stage}`);
    }),
  );

const parseDate = (v: string) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new AppError('BAD_REQUEST', `"${v}" is not a date (use YYYY-MM-DD)`);
  return d;
};
const parseNumber = (what: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new AppError('BAD_REQUEST', `${what} must be a number from ${min} to ${max}`);
  return n;
};
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** A progress bar (rows/s, ETA) on a terminal; one log line per step otherwise. */
function progressReporter(): { onProgress: (p: ExportProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    let lastLog = 0;
    return {
      onProgress: (p) => {
        if (p.phase === 'done' || p.rows === p.total || Date.now() - lastLog > 2000) {
          lastLog = Date.now();
          console.error(`export: ${p.phase} ${p.source} ${p.rows}/${p.total} rows, ${p.written} lines written`);
        }
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{phase} {source} |{bar}| {value}/{total} rows | {speed} rows/s | ETA {eta_formatted} | {written} lines', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  let t0 = Date.now();
  return {
    onProgress: (p) => {
      const key = `${p.phase}:${p.source}`;
      if (key !== current) {
        if (started) bar.stop();
        bar.start(Math.max(p.total, 1), 0, { phase: p.phase, source: p.source, speed: 0, written: p.written });
        started = true;
        current = key;
        t0 = Date.now();
      }
      // The real phase's total starts as an estimate.
      if (p.total !== bar.getTotal()) bar.setTotal(Math.max(p.total, 1));
      bar.update(p.rows, { speed: Math.round(p.rows / Math.max((Date.now() - t0) / 1000, 0.001)), written: p.written });
    },
    stop: () => started && bar.stop(),
  };
}

program
  .command('export')
  .description('export training data (JSONL or Parquet + manifest.json + dataset card) from consented interactions, mixed with synthetic pairs per the transition plan')
  .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('seed'))
  .addOption(new Option('--file-format <type>', 'data files: JSON lines, or train.parquet/validation.parquet with nested columns').choices(FILE_FORMATS).default('jsonl'))
  .option('--out <dir>', 'output directory (default: EXPORT_DIR/<format>-<time>)')
  .addOption(new Option('--period <period>', 'the last full week or month').choices(['weekly', 'monthly']))
  .option('--since <date>', 'start of the window (inclusive)', parseDate)
  .option('--until <date>', 'end of the window (exclusive, default now)', parseDate)
  .option('--incremental', 'start where the last successful run of this format ended')
  .option('--reviewed-only', 'only outputs a reviewer approved or corrected in the review queue')
  .option('--min-rating <n>', 'SFT formats keep session feedback rated at least this', parseNumber('--min-rating', 1, 5), 4)
  .option('--val-ratio <r>', 'share of users in the validation split', parseNumber('--val-ratio', 0, 0.5), 0.1)
  .option('--min-length <n>', 'drop examples whose input or output is shorter', parseNumber('--min-length', 0, 100_000), 10)
  .option('--max-length <n>', 'drop examples longer than this (input + output characters)', parseNumber('--max-length', 100, 10_000_000), 20_000)
  .option('--model <ids>', 'only outputs from these model ids (comma-separated)', list)
  .option('--exclude-model <ids>', 'drop outputs from these model ids (comma-separated)', list)
  .option('--sources <names>', `only these sources (${SOURCES.join(', ')})`, list)
  .addOption(new Option('--mix <mode>', 'real: real data only (the weekly/monthly dump, real_sat_data.jsonl for seed); auto: a training set mixed with synthetic pairs as the transition plan says (training_mix.jsonl for seed); synthetic: synthetic only').choices(['auto', 'real', 'synthetic']).default('real'))
  .option('--target <n>', 'total examples the transition plan aims for', parseNumber('--target', 1, 10_000_000), 50_000)
  .option('--mixed-at <n>', 'active users at which real data is mixed in', parseNumber('--mixed-at', 1, 1e9), 1_000)
  .option('--real-at <n>', 'active users at which only real data is used', parseNumber('--real-at', 1, 1e9), 10_000)
  .option('--seed <n>', 'seed for synthetic examples', parseNumber('--seed', 0, 2 ** 31), 42)
  .option('--experiment <id>', 'only real examples of one arm of this experiment (its students, while it ran); needs --arm', parseNumber('--experiment', 1, 2_147_483_647))
  .addOption(new Option('--arm <arm>', 'the experiment arm to export').choices(['control', 'candidate']))
  .addOption(new Option('--audit <mode>', 'examples that break a hard rule of the quality audit: drop them, or keep and only count them').choices(['drop', 'count']).default('drop'))
  .action((o: Record<string, any>) =>
    withDatabase(async (db, _em, config) => {
      const sources = o.sources as string[] | undefined;
      const unknown = sources?.filter((s) => !(SOURCES as readonly string[]).includes(s));
      if (unknown?.length) throw new AppError('BAD_REQUEST', `unknown source(s): ${unknown.join(', ')}`);
      if ((o.experiment === undefined) !== (o.arm === undefined)) throw new AppError('BAD_REQUEST', '--experiment and --arm go together');
      if (o.experiment !== undefined && o.mix === 'synthetic') throw new AppError('BAD_REQUEST', 'an experiment arm is exported from real examples only: leave out --mix synthetic');
      const outDir = path.resolve(o.out ?? path.join(config.exportDir, exportDirName(o.format)));
      const progress = progressReporter();
      try {
        const result = await exportTrainingData(
          { orm: db.orm, readOrm: db.readOrm, synthetic: syntheticDeps() },
          {
            format: o.format as FormatName, fileFormat: o.fileFormat as FileFormat, outDir, period: o.period, since: o.since, until: o.until, incremental: Boolean(o.incremental), reviewedOnly: Boolean(o.reviewedOnly),
            minRating: o.minRating, valRatio: o.valRatio, minLength: o.minLength, maxLength: o.maxLength, models: o.model, excludeModels: o.excludeModel,
            sources: sources as SourceName[] | undefined, mix: o.mix, ...(o.experiment !== undefined ? { experiment: { id: o.experiment, arm: o.arm } } : {}),
            transition: { target: o.target, mixedAtUsers: o.mixedAt, realAtUsers: o.realAt, mixedRealCount: Math.round(o.target / 10) },
            seed: o.seed, secret: pseudonymSecret(config), trigger: 'cli', onProgress: progress.onProgress, auditRules: o.audit,
          },
        );
        progress.stop();
        const m = result.manifest;
        console.log(`export run ${result.runId}: ${m.counts.total} examples (${Object.entries(m.counts.by_origin).map(([k, v]) => `${v} ${k}`).join(', ')}), stage ${m.transition.stage}`);
        console.log(`wrote ${result.outDir}: ${result.files.map((f) => f.name).join(', ')}`);
        const dropped = Object.entries(m.audit.dropped).map(([k, v]) => `${k} ${v}`).join(', ');
        console.log(`audit: ${o.audit === 'count' ? 'kept but broke' : 'dropped'} ${dropped}; decontaminated ${m.audit.decontaminated.validation} validation / ${m.audit.decontaminated.train} train outputs`);
        printAudit(m.audit);
      } catch (err) {
        progress.stop();
        throw err;
      }
    }),
  );

program
  .command('validate-dataset')
  .description('check a JSONL training file (valid JSON per line, required keys and roles, no empty content; size and token estimates)')
  .argument('<file>', 'JSONL file')
  .addOption(new Option('--format <format>', 'expected format (detected when omitted)').choices(FORMATS))
  .action(async (file: string, o: { format?: FormatName }) => {
    const r = await validateDataset(path.resolve(file), o.format);
    console.log(`${file}: ${r.lines} lines, format ${r.format}, ${r.bytes} bytes, ~${r.estimatedTokens} tokens (max ~${r.maxTokensPerLine} per line)`);
    if (r.ok) return console.log('OK');
    for (const [k, v] of Object.entries(r.errorCounts)) console.log(`  ${k}: ${v}`);
    for (const e of r.errors.slice(0, 10)) console.log(`  line ${e.line}: ${e.message}`);
    process.exitCode = 1;
  });

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The audit's figures per source, one line each, and the hard rules' totals. */
function printAudit(r: AuditReport, log: (line: string) => void = console.log): void {
  log(`${'source'.padEnd(20)} ${'outputs'.padStart(7)}  ${HARD_RULES.map((h) => h.padStart(13)).join(' ')}  overlap  near-dup  skeleton  length p10/p50/p90  labels t/f  pairs`);
  for (const [source, s] of Object.entries(r.by_source)) {
    log(`${source.padEnd(20)} ${String(s.outputs).padStart(7)}  ${HARD_RULES.map((h) => String(s.violations[h]).padStart(13)).join(' ')}  ${String(s.train_validation_overlap).padStart(7)}  ${pct(s.near_duplicate_rate).padStart(8)}  ${pct(s.skeleton_share).padStart(8)}  ${`${s.length.p10}/${s.length.p50}/${s.length.p90}`.padStart(18)}  ${(s.kto_labels ? `${s.kto_labels.true}/${s.kto_labels.false}` : '-').padStart(11)}  ${String(s.dpo_pairs ?? '-').padStart(5)}`);
  }
  log(`total: ${r.totals.outputs} outputs; ${HARD_RULES.map((h) => `${h} ${r.totals.violations[h]}`).join(', ')}; train/validation overlap ${r.totals.train_validation_overlap}`);
}

program
  .command('audit-dataset')
  .description('audit an export directory: hard rules (grounding, placeholders, internal ids, key leaks in hints, answer/verdict contradictions), duplicates, train/validation overlap, skeleton share, lengths, kto labels and dpo pairs, per source')
  .argument('<dir>', 'export directory (JSONL data files with their metadata)')
  .option('--json', 'print the report as JSON')
  .option('--strict', 'exit with status 1 when a hard rule is broken or a text is in both splits')
  .action(async (dir: string, o: { json?: boolean; strict?: boolean }) => {
    const r = await auditDataset(path.resolve(dir));
    if (o.json) console.log(JSON.stringify(r, null, 2));
    else {
      console.log(`${dir}: format ${r.format}`);
      printAudit(r);
      for (const [rule, samples] of Object.entries(r.samples)) for (const x of samples) console.log(`  ${rule} (${x.source}): ${x.detail} — "${x.output.slice(0, 120)}"`);
    }
    const broken = Object.values(r.totals.violations).reduce((a, b) => a + b, 0) + r.totals.train_validation_overlap;
    if (o.strict && broken) process.exitCode = 1;
  });

program
  .command('eval')
  .description('evaluate a tutor model on the held-out evaluation set (help answers and hints, feedback, plan texts, note replies, community drafts) with automatic checks; exits 1 when a check is under its threshold')
  .option('--base-url <url>', 'OpenAI-compatible endpoint (e.g. http://localhost:8000/v1)')
  .option('--model <name>', 'model name sent to the endpoint')
  .option('--api-key <key>', 'bearer key (default: the EVAL_API_KEY environment variable)')
  .option('--offline', 'evaluate the offline tutor instead of an endpoint')
  .option('--concurrency <n>', 'requests at a time', parseNumber('--concurrency', 1, 64), 4)
  .option('--timeout-ms <n>', 'time budget of one answer, retries included', parseNumber('--timeout-ms', 100, 600_000), 30_000)
  .option('--per-source <n>', 'feedback, plan and note cases each', parseNumber('--per-source', 1, 1000), 20)
  .option('--min-pass <rate>', 'one pass rate (0–1) every check must reach, instead of the defaults', parseNumber('--min-pass', 0, 1))
  .option('--out <file>', 'also write every case (input, output, checks) as JSON lines')
  .option('--json', 'print the scorecard as JSON')
  .option('--no-store', 'do not keep the run in the database (eval_runs, shown to admins beside earlier runs)')
  .option('--no-reviewed', 'leave out the held-out reviewed real examples (one in ten approved or corrected review items)')
  .option('--max-reviewed <n>', 'held-out reviewed examples to include at most', parseNumber('--max-reviewed', 1, 100_000), 200)
  .action(async (o: { baseUrl?: string; model?: string; apiKey?: string; offline?: boolean; concurrency: number; timeoutMs: number; perSource: number; minPass?: number; out?: string; json?: boolean; store: boolean; reviewed: boolean; maxReviewed: number }) => {
    if (!o.offline && (!o.baseUrl || !o.model)) throw new AppError('BAD_REQUEST', 'give --base-url and --model, or --offline');
    if (o.baseUrl && !/^https?:\/\//.test(o.baseUrl)) throw new AppError('BAD_REQUEST', '--base-url must be an http(s) URL');
    // One database opening for the held-out reviewed examples and the stored run; none when neither is wanted.
    const evaluate = async (em: Em | null) => {
      // The model itself, without the offline fallback: a failed call is a failed case.
      const tutor = o.offline
        ? new OfflineTutor()
        : new OpenAiTutor({ baseUrl: o.baseUrl!, model: o.model!, apiKey: o.apiKey ?? cliConfig().evalApiKey, timeoutMs: o.timeoutMs });
      const bank = buildQuestionBank();
      const generated = buildEvalSet({ bank, buildPlan, adjustPlan }, { perSource: o.perSource });
      const reviewed = em && o.reviewed ? await reviewedCases(em, bank, { limit: o.maxReviewed }) : [];
      if (!o.json) console.error(`eval: ${generated.length} generated cases, ${reviewed.length} held-out reviewed examples`);
      const cases = [...generated, ...reviewed];
      let last = 0;
      const started = performance.now();
      const results = await runEval(tutor, cases, {
        concurrency: o.concurrency,
        onProgress: (done, total) => {
          if (done === total || Date.now() - last > 2000) {
            last = Date.now();
            console.error(`eval: ${done}/${total} cases`);
          }
        },
      });
      const card = scorecard(o.offline ? tutor.modelId : o.model!, results);
      if (o.out) await writeFile(path.resolve(o.out), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
      if (o.json) console.log(JSON.stringify(card, null, 2));
      else for (const line of formatScorecard(card)) console.log(line);
      const thresholds = o.minPass === undefined ? DEFAULT_THRESHOLDS : (Object.fromEntries(CHECKS.map((k) => [k, o.minPass!])) as Record<CheckName, number>);
      const below = belowThresholds(card, thresholds);
      if (em && o.store) {
        const durationMs = performance.now() - started;
        const id = await storeEvalRun(em, { card, results, endpoint: o.offline ? null : o.baseUrl!, thresholds, passed: !below.length, durationMs });
        console.error(`eval: stored as run ${id}`);
      }
      if (below.length) {
        console.error(`eval: under threshold: ${below.map((b) => `${b.check} ${(b.rate * 100).toFixed(1)}% < ${(b.min * 100).toFixed(0)}%`).join(', ')}`);
        process.exitCode = 1;
      } else if (!o.json) console.log('eval: every check at or above its threshold');
    };
    await (o.store || o.reviewed ? withDatabase((_db, em) => evaluate(em)) : evaluate(null));
  });

program.parseAsync().catch((err: unknown) => {
  console.error(`satprep: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof AppError && err.code === 'BAD_REQUEST' ? 2 : 1);
});
