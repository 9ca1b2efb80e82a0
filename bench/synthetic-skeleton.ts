// Skeleton share of the synthetic set (issue #19 item 6): generates N synthetic examples with the
// export's default seed and prints, per source and overall, the share of outputs that share their
// skeleton (digits and skill/domain names masked) with another, and the distinct help queries.
// Usage: node bench/synthetic-skeleton.ts [N=50000] [seed=42]
import { syntheticExample } from '@satprep/exporter/synthetic';
import { skeletonShare } from '../packages/exporter/src/synthetic/skeleton.ts';
import { syntheticDeps } from '@satprep/core/export';

const n = Number(process.argv[2] ?? 50_000);
const seed = Number(process.argv[3] ?? 42);
const deps = syntheticDeps();
const bySource = new Map<string, string[]>();
const queries = new Set<string>();
const notes = new Set<string>();
for (let i = 0; i < n; i++) {
  const ex = await syntheticExample(deps, seed, i);
  let outputs = bySource.get(ex.source);
  if (!outputs) bySource.set(ex.source, (outputs = []));
  outputs.push(ex.output);
  if (ex.source === 'help_requests') queries.add(ex.input.slice(ex.input.lastIndexOf('Student asks: ')));
  if (ex.source === 'user_notes') notes.add(ex.input.slice(ex.input.lastIndexOf("Student's note: ")));
}
const pc = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const [source, outputs] of [...bySource].sort()) {
  const s = skeletonShare(outputs);
  console.log(`${source.padEnd(20)} ${String(s.total).padStart(6)} outputs, skeleton share ${pc(s.share)}`);
}
const all = skeletonShare([...bySource.values()].flat());
console.log(`${'all'.padEnd(20)} ${String(all.total).padStart(6)} outputs, skeleton share ${pc(all.share)}; distinct help queries ${queries.size}, distinct notes ${notes.size}`);
