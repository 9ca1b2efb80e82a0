// A simulated cohort through the API, then every export format and the quality audit on each.
// Usage:
//   node bench/cohort.ts [students]          (default 120) a fresh database (PGlite, or a scratch database
//                                              on DATABASE_URL), students practising, asking for help (varied,
//                                              typos, lower case), rating, acting on their plans, writing notes,
//                                              asking and answering in the community, a few reviewers; then
//                                              every format exported (real data) and audited.
//   node bench/cohort.ts --synthetic [n]     (default 50000) the synthetic set: exported and audited, with
//                                              its skeleton share per source and overall.
// AUDIT=count keeps the examples that break a hard rule (and counts them) instead of dropping them,
// to see what the tutor writes; by default the export drops them and audit-dataset then finds none.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '@satprep/domain/db';
import { auditDataset, exportTrainingData, FORMATS, HARD_RULES, type AuditReport, type FormatName } from '@satprep/exporter';
import { createApp, createCaller, createContext, loadConfig } from '../apps/api/src/index.ts';
import { syntheticDeps } from '@satprep/core/export';
import { createUser } from '@satprep/core/users';
import { seededRandom } from '../packages/domain/src/bank/random.ts';

const args = process.argv.slice(2);
const syntheticMode = args.includes('--synthetic');
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? (syntheticMode ? 50_000 : 120));
const auditRules = process.env.AUDIT === 'count' ? 'count' : 'drop';
const SECRET = 'cohort-secret';

/** A seeded generator, so a run is repeatable. */
const rng = seededRandom;
const rand = rng(19);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// Help queries: intents × phrasings × noise (lower case, typos, no punctuation): several hundred distinct texts.
const HELP_INTENTS = [
  ['why is {mine} wrong', 'can u explain why {mine} is wrong', 'i picked {mine}, what did i miss?', 'Why isn\'t {mine} right?', 'whats wrong with {mine}'],
  ['how do I start this one?', 'what is the first step', 'where do i even begin', 'Can you give me the first step only?'],
  ['can I get a hint?', 'just a hint please, no answer', 'hint?', 'give me a small hint'],
  ['what concept is this testing?', 'what rule is this about', 'which grammar rule applies here', 'what topic is this'],
  ['can you check my work: I got {mine}', 'is {mine} correct?', 'i think its {mine}, am i right', 'check my answer {mine} pls'],
  ['why is the answer {key}?', 'explain the answer', 'walk me through it', 'I don\'t get the explanation, say it differently'],
  ['what does this word mean here?', 'is there a faster way?', 'how long should this take me', 'what is the weather today'],
] as const;
function typo(s: string): string {
  if (s.length < 6 || rand() > 0.3) return s;
  const i = 1 + Math.floor(rand() * (s.length - 2));
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}
function helpQuery(mine: string, key: string): string {
  let q = pick(pick(HELP_INTENTS)).replace('{mine}', mine).replace('{key}', key);
  if (rand() < 0.4) q = q.toLowerCase();
  if (rand() < 0.3) q = q.replace(/[?.!]$/, '');
  return typo(q);
}
const NOTES = [
  'I keep mixing up {a} and {b}', 'remember to check units', 'slow down on the last step', 'i rushed this, read the question again',
  'Why does the sign flip when dividing by a negative?', 'semicolons join two full sentences', 'note: plug the choices back in', 'vertex form is easier for max/min',
  'I ran out of time on the long passages', 'transitions: look at the sentence before AND after',
];
// Each with answers other students might post: short, in a student's words, about the question asked.
const COMMUNITY = [
  ['When do I use a semicolon?', 'I never know if a semicolon or a comma goes there.', 'boundaries', [
    'If both sides could be full sentences on their own, a semicolon works. A comma alone cannot join them.',
    'Cover one side and read the other: if each half stands alone as a sentence, use the semicolon (or a period).',
  ]],
  ['How do I find the vertex fast?', 'Is completing the square the only way?', 'nonlinear-functions', [
    'Use x = -b/(2a) for the x-coordinate, then plug it back in for y. Way faster than completing the square.',
    'If it is already in vertex form a(x - h)^2 + k you can just read (h, k) off it.',
  ]],
  ['Percent increase vs percent of', 'These questions always trick me.', 'percentages', [
    'Percent increase is (new - old) / old. "Percent of" is just part / whole. Always divide by the original amount.',
    'Turn the percent into a multiplier: up 20% means times 1.2, down 20% means times 0.8.',
  ]],
  ['Best way to do transitions questions?', 'I just guess between however and therefore.', 'transitions', [
    'Read the sentence before and after the blank and decide if the second one contrasts, continues or follows from the first. Contrast is however, result is therefore.',
    'Cross out the transition and say how the two ideas relate in your own words first, then pick the word that matches.',
  ]],
  ['Slope from two points', 'I keep flipping rise and run.', 'linear-functions', [
    'Slope is (y2 - y1) / (x2 - x1): the y values always go on top. Keep the same point first in both.',
    'Rise is up and down, so it is the change in y. Run is left and right, the change in x.',
  ]],
] as const;

const FIRST = ['Maya', 'Liam', 'Sofia', 'Noah', 'Aisha', 'Mateo', 'Chloe', 'Ethan', 'Priya', 'Lucas', 'Amara', 'Jonas', 'Hana', 'Diego', 'Zoe', 'Omar'];
const LAST = ['Garcia', 'Nguyen', 'Okafor', 'Schmidt', 'Patel', 'Kowalski', 'Haddad', 'Johansson', 'Rossi', 'Tanaka', 'Mensah', 'Dubois', 'Silva'];

type Caller = ReturnType<typeof createCaller>;

function printAudit(title: string, r: AuditReport, dropped?: Record<string, number>) {
  console.log(`\n${title}`);
  console.log(`  ${'source'.padEnd(19)} ${'outputs'.padStart(7)} ${HARD_RULES.map((h) => h.slice(0, 11).padStart(11)).join(' ')} ${'overlap'.padStart(7)} ${'near-dup'.padStart(8)} ${'skeleton'.padStart(8)} ${'len p50'.padStart(7)} labels/pairs`);
  for (const [source, s] of Object.entries(r.by_source)) {
    const extra = s.kto_labels ? `${s.kto_labels.true}/${s.kto_labels.false}` : s.dpo_pairs !== undefined ? `${s.dpo_pairs} pairs` : '';
    console.log(`  ${source.padEnd(19)} ${String(s.outputs).padStart(7)} ${HARD_RULES.map((h) => String(s.violations[h]).padStart(11)).join(' ')} ${String(s.train_validation_overlap).padStart(7)} ${`${(s.near_duplicate_rate * 100).toFixed(1)}%`.padStart(8)} ${`${(s.skeleton_share * 100).toFixed(1)}%`.padStart(8)} ${String(s.length.p50).padStart(7)} ${extra}`);
  }
  if (dropped) console.log(`  dropped by the export's hard rules: ${Object.entries(dropped).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

const base = process.env.DATABASE_URL;
const scratch = base ? await createScratchDatabase(base) : null;
const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', DATA_DIR: 'memory://', ...(scratch ? { DATABASE_URL: scratch.url } : {}) });
const app = await createApp(config, {});
const as = async (token?: string): Promise<Caller> => createCaller(() => createContext(app, { token, setSessionCookie: () => {} }));
const started = Date.now();
try {
  if (syntheticMode) {
    const outDir = mkdtempSync(path.join(tmpdir(), 'cohort-synthetic-'));
    const r = await exportTrainingData({ orm: app.orm, synthetic: syntheticDeps() }, {
      format: 'seed', outDir, secret: SECRET, trigger: 'test', mix: 'synthetic', transition: { target: count }, auditRules,
    });
    const audit = await auditDataset(outDir);
    printAudit(`synthetic set: ${r.manifest.counts.total} examples in ${outDir} (${((Date.now() - started) / 1000).toFixed(0)} s)`, audit, r.manifest.audit.dropped);
    const all = Object.values(audit.by_source);
    const share = all.reduce((n, s) => n + s.skeleton_share * s.outputs, 0) / Math.max(1, all.reduce((n, s) => n + s.outputs, 0));
    console.log(`\nskeleton share of the synthetic outputs: ${(share * 100).toFixed(1)}% overall (issue #19 measured 95.8% before the diversity work)`);
  } else {
    // Students.
    const anon = await as();
    const students: { id: number; api: Caller }[] = [];
    for (let i = 0; i < count; i++) {
      const email = `cohort${i}@example.com`;
      const displayName = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
      const { user, token } = await anon.auth.signUp({ email, password: 'correct horse battery', displayName, role: 'student', trainingConsent: i % 10 !== 9 });
      students.push({ id: user.id, api: await as(token) });
    }
    const em = app.orm.em.fork();
    const keys = new Map<string, string>((await em.execute<{ id: string; answer: string }[]>('select id, answer from questions')).map((q) => [q.id, q.answer]));
    const communityIds: { id: number; replies: readonly string[] }[] = [];
    let helps = 0;
    const queries = new Set<string>();
    for (const [i, s] of students.entries()) {
      const sessions = 1 + (i % 3);
      for (let k = 0; k < sessions; k++) {
        const { sessionId, questions } = await s.api.practice.start({ count: 4 + Math.floor(rand() * 7) });
        const answers = questions.map((q) => {
          const key = keys.get(q.id) ?? 'A';
          const right = rand() < 0.3 + (i % 5) * 0.12;
          const answer = right ? key : q.format === 'mcq' ? pick(['A', 'B', 'C', 'D'].filter((l) => l !== key)) : '-1';
          return { questionId: q.id, answer, timeSpentMs: Math.floor(2_000 + rand() * 150_000) };
        });
        const result = await s.api.practice.submit({ sessionId, answers });
        if (rand() < 0.8) await s.api.practice.rateFeedback({ feedbackId: result.feedback.feedbackId, rating: 1 + Math.floor(rand() * 5) });
        for (const a of answers.slice(0, 1 + Math.floor(rand() * 2))) {
          const query = helpQuery(a.answer, keys.get(a.questionId) ?? 'A');
          queries.add(query);
          const h = await s.api.practice.help({ questionId: a.questionId, sessionId, query, inputMode: rand() < 0.1 ? 'speech' : 'text' });
          helps++;
          if (rand() < 0.6) await s.api.practice.rateHelp({ helpRequestId: h.helpRequestId, helpful: rand() < 0.6 });
        }
        if (rand() < 0.5) {
          const q = answers[0]!;
          const note = pick(NOTES).replace('{a}', 'slope').replace('{b}', 'intercept');
          await s.api.notes.add({ text: rand() < 0.4 ? note.toLowerCase() : note, askTutor: true, questionId: rand() < 0.5 ? q.questionId : undefined });
        }
      }
      const plan = await s.api.studyPlan.get();
      for (let k = 0; k < 1 + (i % 2); k++) {
        const taskIndex = Math.min(k, plan.tasks.length - 1);
        const action = rand() < 0.6 ? 'completed' : 'skipped';
        await s.api.studyPlan.act({ planId: plan.planId, taskIndex, action, ...(action === 'skipped' && rand() < 0.5 ? { reason: pick(['busy', 'too hard', 'already know this']) } : {}) }).catch(() => {});
      }
      if (i % 5 === 0) {
        const [title, body, skill, replies] = pick(COMMUNITY);
        const q = await s.api.community.postQuestion({ title, body, skill });
        communityIds.push({ id: q.id, replies });
      }
    }
    // Community: other students answer, vote and accept.
    for (const [n, { id: qid, replies }] of communityIds.entries()) {
      const q = await students[(n * 7 + 1) % students.length]!.api.community.get({ questionId: qid });
      const answerer = students[(n * 11 + 3) % students.length]!;
      const { answerId } = await answerer.api.community.answer({ questionId: qid, body: pick(replies) });
      for (let v = 0; v < 3; v++) await students[(n * 13 + 5 + v) % students.length]!.api.community.vote({ answerId: rand() < 0.5 ? answerId : q.answers[0]!.id, value: 1 }).catch(() => {});
    }
    // A few reviewers work through the queue.
    for (let r = 0; r < 3; r++) {
      const email = `reviewer${r}@example.com`;
      await createUser(app.orm.em.fork() as never, { email, password: 'reviewer password 1', displayName: `Reviewer ${r}`, role: 'tutor', trainingConsent: false });
      const { token } = await anon.auth.signIn({ email, password: 'reviewer password 1' });
      const reviewer = await as(token);
      for (let k = 0; k < 15; k++) {
        const item = (await reviewer.review.next().catch(() => null)) as { id?: number; itemId?: number; item?: { id: number }; output?: string } | null;
        const itemId = item?.item?.id ?? item?.itemId ?? item?.id;
        if (!itemId) break;
        const roll = rand();
        const verdict = roll < 0.6 ? 'approve' : roll < 0.8 ? 'reject' : 'correct';
        await reviewer.review.submit({ itemId, verdict, ...(verdict === 'correct' ? { correctedText: 'Start from what the question asks, then check each choice against it; the rationale shows the key step.' } : {}), ...(verdict === 'reject' ? { reason: 'unclear' as const } : {}) }).catch(() => {});
      }
    }
    console.log(`cohort: ${students.length} students, ${helps} help requests with ${queries.size} distinct queries, ${communityIds.length} community questions (${((Date.now() - started) / 1000).toFixed(0)} s)`);

    // Every format, real data only, then the audit of its files.
    for (const format of FORMATS as readonly FormatName[]) {
      const outDir = mkdtempSync(path.join(tmpdir(), `cohort-${format}-`));
      const r = await exportTrainingData({ orm: app.orm }, { format, outDir, secret: SECRET, trigger: 'test', mix: 'real', auditRules });
      const audit = await auditDataset(outDir);
      const m = r.manifest.counts;
      const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
      printAudit(`${format}: ${m.total} lines in ${outDir}; manifest ${sum(m.by_source) === m.total ? 'adds up' : 'DOES NOT add up'}; decontaminated ${r.manifest.audit.decontaminated.validation} validation / ${r.manifest.audit.decontaminated.train} train; dpo identical pairs skipped ${m.dropped.dpo_identical_pair ?? 0}`, audit, r.manifest.audit.dropped);
    }
  }
} finally {
  await app.close();
  await scratch?.drop();
}
