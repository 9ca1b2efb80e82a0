// Runs every benchmark under bench/ with its default sizes; each prints its figures against a
// baseline measured in the same run. Run one alone to pass sizes: `node bench/export.ts 1000000`.
import { execFileSync } from 'node:child_process';

for (const script of ['bench/export.ts', 'bench/ingest.ts']) {
  console.log(`\n== ${script}`);
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
