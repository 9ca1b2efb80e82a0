/**
 * The evaluation set: cases for every source the tutor writes for (help answers and hints, session
 * feedback, plan explanations, note replies, community drafts) and every skill, built
 * deterministically. Math help cases use items the bank generators make with an evaluation-only seed,
 * so their numbers are in no bank item and hence in no training export (real or synthetic, both are
 * made from bank items); feedback, plan and note cases are drawn with the evaluation seed from the
 * synthetic generator. Reading and Writing items are authored, so their help cases reuse bank
 * passages: those cases are marked `inBank` and the scorecard counts them apart.
 */
import { QuestionSchema, SKILLS, skillInfo, type Question, type Tutor } from '@satprep/domain';
import { hashString, MATH_GENERATORS, pick, seededRandom } from '@satprep/domain/bank';
import { renderCommunity, renderHelp, type SourceName } from '@satprep/exporter';
import { sourceForIndex, syntheticExample, type SyntheticDeps } from '@satprep/exporter/synthetic';

/** The seed of every evaluation draw; training exports use other seeds (42 by default). */
export const EVAL_SEED = 20_261_205;

export type CaseKind = 'explain' | 'hint' | 'feedback' | 'plan' | 'note' | 'community';

export interface EvalCase {
  id: string;
  source: SourceName;
  kind: CaseKind;
  skill: string | null;
  /** A Reading and Writing item that is also in the bank (so possibly in training data). */
  inBank: boolean;
  /** For help on an item: its key, and an independent check of a stated answer (math items). */
  key?: string;
  verify?: (answer: string) => boolean;
  /** Asks the tutor and renders the input as an export would. */
  run: (tutor: Tutor) => Promise<{ input: string; output: string; promptVersion: string; modelId: string }>;
}

/** The plan engine and the bank, as the synthetic generator takes them (the tutor is the one evaluated). */
export type EvalDeps = Omit<SyntheticDeps, 'tutor'>;

interface HeldOutItem {
  question: Question;
  verify?: (answer: string) => boolean;
  inBank: boolean;
}

/** Math items from every generator with the evaluation seed, none with a stem the bank has; the bank's Reading and Writing items. */
export function heldOutItems(bank: readonly Question[], perGenerator = 2): HeldOutItem[] {
  const stems = new Set(bank.map((q) => q.stem));
  const math = MATH_GENERATORS.flatMap((gen) => {
    const rand = seededRandom(hashString(`eval:${EVAL_SEED}:${gen.id}`));
    const items: HeldOutItem[] = [];
    for (let i = 0; items.length < perGenerator && i < perGenerator * 5; i++) {
      const { item, verify } = gen.generate(rand, i);
      if (stems.has(item.stem)) continue;
      items.push({ question: QuestionSchema.parse({ ...item, id: `EVAL-${gen.id}-${i}`, source: `eval:${gen.id}` }), verify, inBank: false });
    }
    return items;
  });
  const rw = bank.filter((q) => q.section === 'Reading and Writing').map((question) => ({ question, inBank: true }));
  return [...math, ...rw];
}

const HELP_QUERIES = ['Why is my answer wrong?', 'Can you explain how to solve this?', 'I picked my answer but I am not sure. Can you check it?'];
const HINT_QUERIES = ['Can I get a hint?', 'How should I start this one?'];
const COMMUNITY: { title: (skill: string) => string; body: (skill: string) => string }[] = [
  { title: (s) => `How do I get faster at ${s} questions?`, body: (s) => `I understand ${s} when I have time, but I run out of time on the test. What should I do?` },
  { title: (s) => `Confused about ${s}`, body: (s) => `Every ${s} question I try, I pick a tempting wrong answer. How do I avoid that?` },
];

/**
 * The evaluation set: per skill, one help explanation (the student answered wrong) and one hint;
 * per source, `perSource` feedback, plan and note cases; per skill, one community draft.
 */
export function buildEvalSet(deps: EvalDeps, opts: { perSource?: number } = {}): EvalCase[] {
  const perSource = opts.perSource ?? 20;
  const items = heldOutItems(deps.bank);
  const rand = seededRandom(EVAL_SEED);
  const cases: EvalCase[] = [];

  for (const s of SKILLS) {
    const forSkill = items.filter((i) => i.question.skill === s.skill);
    if (!forSkill.length) continue;
    for (const kind of ['explain', 'hint'] as const) {
      const { question: q, verify, inBank } = pick(rand, forSkill);
      const wrong = q.choices.find((c) => c.label !== q.answer)?.label ?? (q.format === 'mcq' ? null : '-1');
      const studentAnswer = kind === 'hint' ? null : wrong;
      const query = pick(rand, kind === 'hint' ? HINT_QUERIES : HELP_QUERIES);
      cases.push({
        id: `${kind}:${q.id}`, source: 'help_requests', kind, skill: q.skill, inBank, key: q.answer, ...(verify ? { verify } : {}),
        run: async (tutor) => {
          const t = await tutor.explain({ question: q, studentAnswer, query, ...(kind === 'hint' ? { hintOnly: true } : {}) });
          const input = renderHelp({ skill: q.skill, passage: q.passage ?? null, stem: q.stem, choices: q.choices, correctAnswer: q.answer, studentAnswer, figure: q.figure ?? null }, query);
          return { input, output: t.text, promptVersion: t.promptVersion, modelId: t.modelId };
        },
      });
    }
    const c = COMMUNITY[cases.length % COMMUNITY.length]!;
    const name = skillInfo(s.skill).name.toLowerCase();
    cases.push({
      id: `community:${s.skill}`, source: 'community', kind: 'community', skill: s.skill, inBank: false,
      run: async (tutor) => {
        const t = await tutor.reply({ kind: 'community', title: c.title(name), text: c.body(name), skill: s.skill });
        return { input: renderCommunity(c.title(name), c.body(name), s.skill), output: t.text, promptVersion: t.promptVersion, modelId: t.modelId };
      },
    });
  }

  // Feedback, plan and note cases: the synthetic generator's draws under the evaluation seed, over the held-out items.
  const bank = items.map((i) => i.question);
  const want: Partial<Record<SourceName, CaseKind>> = { feedback_ratings: 'feedback', study_plan_actions: 'plan', user_notes: 'note' };
  const taken: Partial<Record<SourceName, number>> = {};
  for (let i = 0; Object.keys(want).some((s) => (taken[s as SourceName] ?? 0) < perSource) && i < perSource * 200; i++) {
    const source = sourceForIndex(i, EVAL_SEED);
    const kind = want[source];
    if (!kind || (taken[source] ?? 0) >= perSource) continue;
    taken[source] = (taken[source] ?? 0) + 1;
    cases.push({
      id: `${kind}:${i}`, source, kind, skill: null, inBank: false,
      run: async (tutor) => {
        const ex = await syntheticExample({ ...deps, bank, tutor }, EVAL_SEED, i);
        return { input: ex.input, output: ex.output, promptVersion: ex.promptVersion ?? '', modelId: ex.modelId ?? tutor.modelId };
      },
    });
  }
  return cases;
}
