// Runs every benchmark under bench/ (each prints its figures against a baseline measured in the same run).
import { execFileSync } from 'node:child_process';

for (const script of ['bench/export.ts']) {
  console.log(`\n== ${script}`);
  execFileSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
}
