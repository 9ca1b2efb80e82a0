// Micro-benchmark: CPU cost of redacting one exported row (its needles, input and output) with the
// rule registry of packages/exporter/src/transforms/redact.ts against the hand-written redactor it
// replaced, in the same run on the same texts.
// Usage: node bench/redact.ts [texts] [baseline-commit]   (defaults: 300000 texts, ec7f61f)
// The baseline is read with `git show <commit>:packages/exporter/src/transforms/redact.ts` into a
// temporary file; nothing of it stays in the source tree. Prints µs per row and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { personNeedles, Redactor } from '../packages/exporter/src/transforms/redact.ts';
import { PII_CORPUS } from '../packages/exporter/test/pii-corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const COUNT = Number(process.argv[2] ?? 300_000);
const BASELINE = process.argv[3] ?? 'ec7f61f';

interface RedactorLike { redactWith(text: string, needles: never): string }
interface Impl { name: string; personNeedles: (name: string, email: string) => unknown; Redactor: new () => RedactorLike }

async function baseline(): Promise<Impl> {
  const source = execFileSync('git', ['show', `${BASELINE}:packages/exporter/src/transforms/redact.ts`], { cwd: ROOT, encoding: 'utf8' })
    // Its relative imports (./ascii.ts, ./redact-words.ts, ../types.ts) point into the source tree.
    .replace(/from '(\.\.?\/[^']+\.ts)'/g, (_m, rel: string) => `from '${pathToFileURL(path.join(ROOT, 'packages/exporter/src/transforms', rel)).href}'`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'redact-baseline-')), 'redact.ts');
  writeFileSync(file, source);
  const mod = await import(pathToFileURL(file).href);
  return { name: `baseline ${BASELINE}`, personNeedles: mod.personNeedles, Redactor: mod.Redactor };
}

/** Rows as the export sees them: tutor feedback (as bench/fill.ts writes it), help questions with a passage, student notes. */
function rows(n: number): { name: string; email: string; input: string; output: string }[] {
  const passage = 'Passage: The historian\'s account is ______: it relies on letters from both generals and presents each side\'s reasoning without favoring either. '
    + 'Question: Which choice completes the text with the most logical and precise word or phrase?\nA) partisan\nB) evenhanded\nC) incomplete\nD) sensational\nCorrect answer: B\nStudent\'s answer: A\n';
  const out: { name: string; email: string; input: string; output: string }[] = [];
  for (let i = 0; i < n; i++) {
    const entry = PII_CORPUS[i % PII_CORPUS.length]!;
    const sentence = entry.text.replace(/\{\{\w+:(.*?)\}\}/g, '$1');
    const kind = i % 3;
    if (kind === 0) {
      const name = `Student ${1 + (i % 20000)}`;
      out.push({
        name, email: `student${1 + (i % 20000)}@example.com`,
        input: 'Write feedback for a student on this SAT practice session.\nPerformance:\n- Math / Algebra: 3 of 4 correct (75%)\n- Reading and Writing / Craft and Structure: 2 of 6 correct (33%)',
        output: `Good effort, ${name}: you answered ${i % 11} of 10 questions correctly. Focus next on linear inequalities, where you got ${i % 5} of 5. Tip: flip the inequality sign when dividing by a negative number (session ${i}).${i % 100 === 0 ? ` Questions? Write to coach${i}@example.org.` : ''}`,
      });
    } else if (kind === 1) {
      out.push({
        name: entry.student.name, email: entry.student.email,
        input: `SAT question (Words in context):\n${passage}Student asks: ${sentence}`,
        output: 'You answered A (partisan), but the correct answer is B (evenhanded). Using both generals\' letters and favoring neither side is "evenhanded." "Partisan" means favoring one side, and nothing suggests the account is incomplete or sensational. Strategy for words in context next time: cover the word, predict a replacement from the surrounding sentences, and pick the choice closest to your prediction.',
      });
    } else {
      out.push({
        name: entry.student.name, email: entry.student.email,
        input: `Student's note: ${sentence}`,
        output: 'Good note on nonlinear equations in one variable. Set the equation equal to zero, then factor or use the quadratic formula; check each root in the original equation because some may be extraneous.',
      });
    }
  }
  return out;
}

function measure(impl: Impl, data: ReturnType<typeof rows>): number {
  const r = new impl.Redactor();
  let chars = 0;
  const started = process.cpuUsage();
  for (const row of data) {
    const needles = impl.personNeedles(row.name, row.email) as never;
    chars += r.redactWith(row.input, needles).length + r.redactWith(row.output, needles).length;
  }
  const used = process.cpuUsage(started);
  if (chars === 0) throw new Error('nothing redacted');
  // CPU time of this process, not wall time: seven other developers share the two cores.
  return (used.user + used.system) / data.length;
}

const all = rows(COUNT);
const current: Impl = { name: 'rule registry', personNeedles, Redactor };
const old = await baseline();
// Warm up both (JIT, and the lexicon the name rules load on first use), then alternate rounds.
measure(old, all.slice(0, 20_000));
measure(current, all.slice(0, 20_000));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sets: [string, typeof all][] = [
  ['all rows', all],
  ['feedback (bench/export.ts rows)', all.filter((_, i) => i % 3 === 0)],
  ['help question + student sentence', all.filter((_, i) => i % 3 === 1)],
  ['student note', all.filter((_, i) => i % 3 === 2)],
];
console.log(`redaction of ${COUNT.toLocaleString()} rows (needles + input + output), CPU µs per row, median of 3 rounds:`);
for (const [label, data] of sets) {
  const results: Record<string, number[]> = { [old.name]: [], [current.name]: [] };
  for (let round = 0; round < 3; round++) for (const impl of [old, current]) results[impl.name]!.push(measure(impl, data));
  const [o, n] = [median(results[old.name]!), median(results[current.name]!)];
  console.log(`  ${label.padEnd(34)} ${old.name} ${o.toFixed(2)}   ${current.name} ${n.toFixed(2)}   ratio ${(n / o).toFixed(2)}`);
}
