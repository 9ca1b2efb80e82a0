import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuestionBank } from '@satprep/domain/bank';
import { adjustPlan, buildPlan } from '@satprep/domain/plan';
import { SKILLS } from '@satprep/domain';
import { OfflineTutor, OpenAiTutor } from '@satprep/tutor';
import { belowThresholds, buildEvalSet, checkCase, heldOutItems, runEval, scorecard, type EvalCase } from '../src/index.ts';
import { fakeEndpoint } from './fake-endpoints.ts';
import { syntheticExample } from '@satprep/exporter/synthetic';

// #23 item 1: an evaluation set and automatic checks that separate a good model from one with planted
// mistakes (wrong key, leaked hint, invented number), check by check.

const bank = buildQuestionBank();
let cases: EvalCase[];
let good: Awaited<ReturnType<typeof fakeEndpoint>>;
let bad: Awaited<ReturnType<typeof fakeEndpoint>>;
beforeAll(async () => {
  cases = buildEvalSet({ bank, buildPlan, adjustPlan }, { perSource: 8 });
  [good, bad] = await Promise.all([fakeEndpoint('good'), fakeEndpoint('bad')]);
});
afterAll(async () => {
  await good?.close();
  await bad?.close();
});

describe('the evaluation set', () => {
  it('covers every source and every skill, deterministically', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['explain', 'hint', 'feedback', 'plan', 'note', 'community']));
    const skills = new Set(cases.filter((c) => c.kind === 'explain').map((c) => c.skill));
    for (const s of SKILLS) expect(skills, s.skill).toContain(s.skill);
    expect(buildEvalSet({ bank, buildPlan, adjustPlan }, { perSource: 8 }).map((c) => c.id)).toEqual(cases.map((c) => c.id));
  });

  it('holds math items out of the bank: none of their stems is a bank stem', () => {
    const stems = new Set(bank.map((q) => q.stem));
    const math = heldOutItems(bank).filter((i) => !i.inBank);
    expect(math.length).toBeGreaterThan(50);
    for (const i of math) expect(stems.has(i.question.stem), i.question.id).toBe(false);
    // Their key checks work: the key passes, another choice does not.
    for (const i of math.slice(0, 20)) {
      const keyText = i.question.choices.find((c) => c.label === i.question.answer)?.text ?? i.question.answer;
      expect(i.verify!(keyText), i.question.id).toBe(true);
      const other = i.question.choices.find((c) => c.label !== i.question.answer);
      if (other) expect(i.verify!(other.text), i.question.id).toBe(false);
    }
  });
});

describe('the final-answer check', () => {
  const explainCase = { id: 'explain:x', source: 'help_requests', kind: 'explain', skill: null, inBank: false, key: 'C', run: async () => ({ input: '', output: '', promptVersion: '', modelId: '' }) } as const;
  const check = (output: string) => checkCase(explainCase, 'Question: q\nCorrect answer: C', output, 'help/v3').final_answer;
  it('accepts the key named as where the working arrives, and refuses another letter', () => {
    expect(check('Redo it step by step and you should reach C, “the third option”.')).toEqual({ ok: true });
    expect(check('Why it is tempting and where it fails: … What works instead is C, “the third option”: …')).toEqual({ ok: true });
    expect(check('The correct answer is C.')).toEqual({ ok: true });
    expect(check('Redo it and you should reach B.')).toMatchObject({ ok: false });
    expect(check('The correct answer is B, because it matches.')).toMatchObject({ ok: false, detail: 'names B as the answer; the key is C' });
  });
});

describe('held out of training data', () => {
  it('no synthetic training example (drawn from the bank, default seed) holds an evaluation item', async () => {
    const held = heldOutItems(bank).filter((i) => !i.inBank).map((i) => i.question.stem);
    const tutor = new OfflineTutor();
    const bankStems = bank.map((q) => q.stem);
    let help = 0;
    for (let i = 0; i < 3000; i++) {
      const ex = await syntheticExample({ bank, tutor, buildPlan, adjustPlan }, 42, i);
      // A help example's input holds its item's stem as written (so the check below could see an evaluation item).
      if (ex.source === 'help_requests' && bankStems.some((stem) => ex.input.includes(stem))) help++;
      for (const stem of held) expect(ex.input.includes(stem), `example ${i}`).toBe(false);
    }
    expect(help).toBeGreaterThan(300);
  });
});

describe('scoring', () => {
  it('separates a good endpoint from one with planted mistakes on every check the mistakes break', async () => {
    const run = async (url: string, model: string) => scorecard(model, await runEval(new OpenAiTutor({ baseUrl: url, model, apiKey: undefined, timeoutMs: 5000 }), cases, { concurrency: 8 }));
    const g = await run(good.url, 'good');
    const b = await run(bad.url, 'bad');
    expect(good.requests()).toBeGreaterThanOrEqual(cases.length);
    expect(g.errors).toBe(0);
    // The good model clears every default threshold; the bad one does not.
    expect(belowThresholds(g), JSON.stringify(g.samples)).toEqual([]);
    const failedChecks = belowThresholds(b).map((x) => x.check);
    for (const check of ['final_answer', 'key_leak', 'grounding', 'placeholder', 'internal_id', 'contact'] as const) {
      expect(failedChecks, check).toContain(check);
      expect(g.checks[check].rate!, check).toBeGreaterThan(b.checks[check].rate!);
    }
    // Per kind: the wrong key fails explanations, the leak fails hints, invented numbers fail feedback.
    expect(b.byKind.explain!.final_answer.rate).toBe(0);
    expect(b.byKind.hint!.key_leak.rate).toBe(0);
    expect(b.byKind.feedback!.grounding.rate).toBe(0);
    expect(g.byKind.feedback!.grounding.rate).toBe(1);
    expect(b.samples.grounding?.[0]?.detail).toMatch(/absent from the input|earlier result|not the key/);
  });

  it('counts a failed call as a failed case, not a skipped one', async () => {
    const down = new OpenAiTutor({ baseUrl: 'http://127.0.0.1:9/v1', model: 'down', apiKey: undefined, timeoutMs: 500, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const card = scorecard('down', await runEval(down, cases.slice(0, 5)));
    expect(card.errors).toBe(5);
    expect(card.checks.placeholder).toMatchObject({ passed: 0, failed: 5 });
  });

  it('scores the offline tutor as a baseline: no hard-rule failures', async () => {
    const card = scorecard('offline', await runEval(new OfflineTutor(), cases));
    for (const check of ['key_leak', 'grounding', 'contradiction', 'placeholder', 'internal_id', 'contact'] as const) expect(card.checks[check].failed, check).toBe(0);
  });
});
