// Benchmark: exporter throughput and memory against PostgreSQL's own COPY, measured in the same run.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/export.ts [rows ...]
// (default sizes 1,000,000 and 5,000,000; ROUNDS=n rounds per size, default 3). Prints rows/s, the
// ratio to COPY and peak RSS.
//
// After the fill the database is vacuumed and checkpointed, as pgbench does before it measures: the
// first read of freshly inserted rows sets their hint bits, and the fill leaves ~1 GB of dirty pages
// per million rows for the checkpointer and autovacuum, which would otherwise run beside whichever
// measurement comes first. Then COPY and the exporter take turns, ROUNDS times; the figures are the
// medians of the rounds (this machine's speed moves by a third between minutes).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createScratchDatabase } from '@satprep/domain/db';
import { fill } from './fill.ts';

const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000_000, 5_000_000];

/**
 * The baselines: PostgreSQL's COPY of the stored values an exported feedback example is made of, as
 * JSON lines. The target's (`COPY`): the stats, the feedback context and the text, every column the
 * example's input and output are rendered from since feedback examples carry their context (#19).
 * The earlier one (`COPY without context`, the target's baseline until 2026-12-04): the stats and the
 * text only, printed beside it so the figures stay comparable with the history in docs/export-pipeline.md.
 */
const BASELINES = {
  copy: `json_build_object('input', f.performance_data::text, 'context', f.context_text, 'output', f.feedback_text)`,
  withoutContext: `json_build_object('input', f.performance_data::text, 'output', f.feedback_text)`,
} as const;

async function copyBaseline(url: string, select: string): Promise<{ rows: number; seconds: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const started = process.hrtime.bigint();
  let lines = 0;
  const stream = c.query(copyTo(`COPY (SELECT ${select}
                                        FROM feedback_ratings f JOIN users u ON u.id = f.user_id WHERE u.training_consent ORDER BY f.id) TO STDOUT`));
  await pipeline(stream, new Writable({ write(chunk: Buffer, _e, cb) { for (const b of chunk) if (b === 10) lines++; cb(); } }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await c.end();
  return { rows: lines, seconds };
}

// The same Node flags as `pnpm satprep` (read from package.json). The export's live heap stays
// near 40 MB, but with the defaults V8 lets garbage grow the heap to 400+ MB before collecting;
// 4 MB semi-spaces (every thread's), a 96 MB old-space ceiling and one V8 helper thread keep the
// process small without slowing it down. Without allocation-site pretenuring: in about one run in
// five V8 pretenured a site of the export's per-row objects, whose garbage then filled the old
// generation (60+ full collections instead of ~12, 17.4 instead of 12–13 µs of CPU a row).
const rootScripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const CLI_NODE_FLAGS = rootScripts.satprep!.split(/\s+/).filter((a) => a.startsWith('--'));
// The CLI's entry (apps/cli/bin/satprep.js) turns on Node's compile cache before loading any
// TypeScript; the child gets the same cache through the environment, in the same default place.
const COMPILE_CACHE = process.env.NODE_COMPILE_CACHE ?? path.join(tmpdir(), 'node-compile-cache');
// After a change to the code the cache misses once, and that run loads Node's TypeScript stripper in
// both threads: ~15 MB more peak RSS (207 against 185–195 MB at 1M), which the CLI pays on its first
// run after an upgrade. The rounds measure the runs after it: the child loads its modules once first.
execFileSync(process.execPath, [...CLI_NODE_FLAGS, 'bench/export-child.ts', '--warm'], { env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE } });

/** Sets hint bits and the visibility map, refreshes statistics and writes the fill's dirty pages out. */
async function settle(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('vacuum (analyze)');
    // Needs a superuser (or pg_checkpoint); without, the pages are written out in the background.
    await c.query('checkpoint').catch((err: Error) => console.error(`no checkpoint: ${err.message}`));
  } finally {
    await c.end();
  }
}

interface ExportChild {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  machineCpuSeconds: number | null;
  maxRssMb: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const rate = (n: number) => Math.round(n).toLocaleString('en');

const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 3));
const cores = availableParallelism();
const results: string[] = [];
for (const rows of SIZES) {
  const scratch = await createScratchDatabase(base, 'satprep_bench');
  try {
    const t0 = Date.now();
    await fill(scratch.url, rows);
    await settle(scratch.url);
    console.error(`filled and vacuumed ${rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const rounds: { copyRate: number; oldCopyRate: number; ourRate: number; child: ExportChild }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const copy = await copyBaseline(scratch.url, BASELINES.copy);
      const oldCopy = await copyBaseline(scratch.url, BASELINES.withoutContext);
      const child = JSON.parse(execFileSync(process.execPath, [...CLI_NODE_FLAGS, 'bench/export-child.ts'], { env: { ...process.env, DATABASE_URL: scratch.url, NODE_COMPILE_CACHE: COMPILE_CACHE }, encoding: 'utf8' }).trim().split('\n').at(-1)!) as ExportChild;
      const r = { copyRate: copy.rows / copy.seconds, oldCopyRate: oldCopy.rows / oldCopy.seconds, ourRate: child.rows / child.seconds, child };
      rounds.push(r);
      console.error(`  round ${round}: COPY ${rate(r.copyRate)} rows/s (${copy.rows} lines; without context ${rate(r.oldCopyRate)}), exporter ${rate(r.ourRate)} rows/s (${child.rows} lines), ratio ${(r.ourRate / r.copyRate * 100).toFixed(0)}% (without context ${(r.ourRate / r.oldCopyRate * 100).toFixed(0)}%), peak RSS ${child.maxRssMb.toFixed(0)} MB`);
    }
    const copyRate = median(rounds.map((r) => r.copyRate));
    const ourRate = median(rounds.map((r) => r.ourRate));
    const ratios = rounds.map((r) => r.ourRate / r.copyRate);
    const oldRatios = rounds.map((r) => r.ourRate / r.oldCopyRate);
    const maxRss = Math.max(...rounds.map((r) => r.child.maxRssMb));
    results.push(
      `${String(rows).padStart(9)} rows | COPY ${rate(copyRate)} rows/s | exporter ${rate(ourRate)} rows/s (${rounds[0]!.child.rows} lines)` +
        ` | ratio ${(median(ratios) * 100).toFixed(0)}% (target ≥ 50%; rounds ${ratios.map((x) => `${(x * 100).toFixed(0)}%`).join(', ')})` +
        ` | peak RSS ${maxRss.toFixed(0)} MB (target < 256 MB)`,
      `${' '.repeat(9)}      | against COPY without the feedback context (the baseline before 2026-12-04): ${rate(median(rounds.map((r) => r.oldCopyRate)))} rows/s,` +
        ` ratio ${(median(oldRatios) * 100).toFixed(0)}% (rounds ${oldRatios.map((x) => `${(x * 100).toFixed(0)}%`).join(', ')})`,
    );
    console.log(results.at(-2));
    console.log(results.at(-1));
    // Where the time goes: CPU per row in the exporter's process (all its threads) and in the rest of
    // the machine meanwhile (PostgreSQL, mostly), both during the export alone. Their sum bounds
    // the rate on this machine's cores however the work were spread across them.
    const measured = rounds.filter((r) => r.child.machineCpuSeconds !== null && r.child.rows > 0);
    if (measured.length) {
      const perRow = (s: number, n: number) => (s / n) * 1e6;
      const exporterUs = median(measured.map((r) => perRow(r.child.cpuSeconds, r.child.rows)));
      const othersUs = median(measured.map((r) => perRow(Math.max(0, r.child.machineCpuSeconds! - r.child.cpuSeconds), r.child.rows)));
      const ceiling = (cores / (exporterUs + othersUs)) * 1e6;
      results.push(
        `${' '.repeat(9)}      | CPU per row: exporter ${exporterUs.toFixed(1)} µs + PostgreSQL and the rest ${othersUs.toFixed(1)} µs;` +
          ` ${cores} cores at that cost, fully used, give at most ${rate(ceiling)} rows/s (${(ceiling / copyRate * 100).toFixed(0)}% of COPY)`,
      );
      console.log(results.at(-1));
    }
  } finally {
    await scratch.drop();
  }
}
console.log('\nexport benchmark (seed format, redaction and dedup on, consented users only):');
for (const r of results) console.log(r);
