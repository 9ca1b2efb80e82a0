// Micro-benchmark: CPU cost of the quality audit's per-row work (the hard rules of
// packages/exporter/src/audit/checks.ts and the output's fingerprints for the figures) on rows
// like the export benchmark's (tutor feedback ratings as bench/fill.ts writes them, rendered by
// the exporter's own source renderer, then redacted as the export does).
// Usage: node bench/audit.ts [rows]   (default 300000). Prints CPU µs per row of each part: the
// hard rules by the regex reference and by the fast paths (two rounds, in turns: the machine is noisy).
import { hardRuleBroken, hardRuleBrokenReference } from '../packages/exporter/src/audit/checks.ts';
import { AuditCollector } from '../packages/exporter/src/audit/stats.ts';
import { SOURCE_DEFS, type SourceRow } from '../packages/exporter/src/sources/index.ts';
import { personNeedles, Redactor } from '../packages/exporter/src/transforms/redact.ts';
import type { AuditExample } from '../packages/exporter/src/audit/checks.ts';

const COUNT = Number(process.argv[2] ?? 300_000);
const USERS = Math.max(100, Math.round(COUNT / 50));

/** One feedback_ratings row as bench/fill.ts inserts it (same texts, same numbers). */
function row(i: number): SourceRow {
  const u = 1 + (i % USERS);
  const perf = { Math: { Algebra: { correct: i % 11, total: 10 } }, 'Reading and Writing': { 'Craft and Structure': { correct: i % 7, total: 6 } } };
  return {
    id: i, user_id: u, display_name: `Student ${u}`, email: `student${u}@example.com`, created_at: new Date(), review_status: null, review_final_text: null,
    feedback_text: `Good effort${i % 100 === 50 ? `, Student ${u}` : ''}: you answered ${i % 11} of 10 Algebra questions correctly and ${i % 7} of 6 in Craft and Structure. Tip: flip the inequality sign when dividing by a negative number (session ${i}).`
      + (i % 100 === 0 ? ` Questions? Write to coach${i}@example.org.` : ''),
    rating: 1 + (i % 5), performance_data: JSON.stringify(perf),
    context_text: `Session: ${i % 11} of 16 correct; 15 of 16 answered.\nPrevious session: ${i % 100}% correct.`
      + `\nTime per question: ${20 + (i % 90)} seconds on average; ${i % 4} of 15 answers given in under 10 seconds. SAT pacing: about 71 seconds per Reading and Writing question and 95 seconds per Math question.`
      + '\nSkills (this session; all practice including it):\n- Linear functions: 4 of 5 correct (80%); all practice 20 of 31 (65%)'
      + `\n- Linear inequalities in one or two variables: 3 of 5 correct (60%); all practice ${i % 9} of 14 (64%)`
      + '\n- Words in context: 2 of 6 correct (33%); all practice 5 of 9 (56%)',
    model_id: 'satprep-offline-tutor-1', prompt_version: 'session-feedback/v1',
  } as unknown as SourceRow;
}

const redactor = new Redactor();
const examples: AuditExample[] = [];
for (let i = 1; i <= COUNT; i++) {
  const r = row(i);
  const base = SOURCE_DEFS.feedback_ratings.toExample(r)!;
  const needles = personNeedles(r.display_name as string, r.email as string);
  examples.push({ source: 'feedback_ratings', input: redactor.redactWith(base.input, needles), output: redactor.redactWith(base.output, needles), promptVersion: base.promptVersion ?? null });
}

function time(label: string, f: () => number) {
  f(); // warm-up
  const runs: number[] = [];
  let n = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = process.cpuUsage();
    n = f();
    const t = process.cpuUsage(t0);
    runs.push((t.user + t.system) / examples.length);
  }
  console.log(`${label.padEnd(28)} ${Math.min(...runs).toFixed(3)} µs/row (best of 3; ${n} hits)`);
}

// The reference (the plain regex scans the audit had before its fast paths) and the fast paths, in turns.
for (let round = 0; round < 2; round++) {
  time('hard rules, reference', () => {
    let broken = 0;
    for (const ex of examples) if (hardRuleBrokenReference(ex)) broken++;
    return broken;
  });
  time('hard rules', () => {
    let broken = 0;
    for (const ex of examples) if (hardRuleBroken(ex)) broken++;
    return broken;
  });
}
const collector = new AuditCollector(16);
time('output prints (1 in 16)', () => {
  let s = 0;
  for (const ex of examples) s += collector.printOf(ex.output).skeleton ? 1 : 0;
  return s;
});
