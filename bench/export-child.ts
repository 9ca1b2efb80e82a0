// Runs one export in its own process so its peak RSS is measured alone. Prints one JSON line:
// rows, seconds, the CPU seconds of this process (all its threads) and of the whole machine
// (null where /proc/stat is missing) during the export, and peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { flushCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '@satprep/domain/db';
import { exportTrainingData } from '@satprep/exporter';
import { machineCpuSeconds } from './machine.ts';

// `--warm`: only load the modules, so that the compile cache holds them (see bench/export.ts).
if (process.argv.includes('--warm')) {
  flushCompileCache();
  process.exit(0);
}

const orm = await openDb({ databaseUrl: process.env.DATABASE_URL });
const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-bench-'));
// Measured around the export alone: starting Node and loading the ORM is not the export's work.
const cpuBefore = process.cpuUsage();
const machineBefore = machineCpuSeconds();
const started = process.hrtime.bigint();
const r = await exportTrainingData({ orm }, {
  format: 'seed', outDir, mix: 'real', sources: ['feedback_ratings'], minRating: 1, valRatio: 0.1,
  secret: 'bench', trigger: 'cli', batchSize: Number(process.env.BATCH ?? 5000),
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const machineAfter = machineCpuSeconds();
await orm.close(true);
rmSync(outDir, { recursive: true, force: true });
console.log(JSON.stringify({
  rows: r.manifest.counts.total, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6,
  machineCpuSeconds: machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore,
  maxRssMb: process.resourceUsage().maxRSS / 1024, redactions: r.manifest.redactions,
}));
