import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTutor, OfflineTutor } from '@satprep/tutor';
import { buildFeedbackContext, type ExplainRequest } from '@satprep/domain';
import { renderFeedbackContext } from '@satprep/exporter';
import { performanceView } from '../../../packages/exporter/src/sources/performance.ts';
import { renderPerformance } from '../../../packages/exporter/src/sources/render.ts';
import { answerKey, createTestApp, type TestApp } from './harness.ts';

const question: ExplainRequest['question'] = {
  id: 'TEST-1', skill: 'linear-equations-one-variable', format: 'mcq', stem: 'If 3x + 5 = 20, what is x?',
  choices: [{ label: 'A', text: '3' }, { label: 'B', text: '5' }, { label: 'C', text: '15' }, { label: 'D', text: '25/3' }],
  answer: 'B', rationale: 'Subtract 5 from both sides to get 3x = 15, then divide by 3 to get x = 5. Choice C forgets to divide by 3.',
};

describe('offline tutor', () => {
  const tutor = new OfflineTutor();

  it('explains why the chosen wrong answer fails, with the key and the solution, deterministically', async () => {
    const a = await tutor.explain({ question, studentAnswer: 'C', query: 'Why is my answer wrong?' });
    expect(a.text).toMatch(/^You chose C, “15”\. (?:Why it is tempting and where it fails|Here is where it goes wrong|The problem with it|It looks reasonable, but here is where it fails): It forgets to divide by 3\./);
    expect(a.text).toMatch(/(?:correct answer is|right choice is|works instead is) B, “5”/);
    expect(a).toMatchObject({ modelId: 'satprep-offline-tutor-1', promptVersion: 'help-explain/v4' });
    expect((await tutor.explain({ question, studentAnswer: 'C', query: 'Why is my answer wrong?' })).text).toBe(a.text);
  });

  it('gives the first step without the answer when asked how to start', async () => {
    const a = await tutor.explain({ question, studentAnswer: null, query: 'How do I start this one?' });
    expect(a.text).not.toContain('correct answer is');
    expect(a.text).toMatch(/^(?:First step|Start here|Step one|Begin like this): subtract 5 from both sides to get 3x = 15\./);
    expect(a.text).not.toMatch(/x = 5|\b5\b(?! from)/);
  });

  it('writes session feedback from its context: no name, the weakest skill with enough answers, the previous session', async () => {
    const answers = [
      ...Array.from({ length: 5 }, () => ({ skill: 'linear-functions', answer: 'A', isCorrect: true, timeSpentMs: 60_000 })),
      ...Array.from({ length: 5 }, (_, i) => ({ skill: 'linear-inequalities', answer: 'B', isCorrect: i < 2, timeSpentMs: 60_000 })),
    ];
    const context = buildFeedbackContext({ answers, overall: [{ skill: 'linear-inequalities', correct: 4, total: 12 }], previousAccuracy: 0.5 });
    const fb = await tutor.sessionFeedback({
      studentName: 'Ana',
      context,
      performance: { Math: { Algebra: { correct: 7, total: 10 } } },
      sessionSkills: [
        { skill: 'linear-functions', correct: 5, total: 5, mastery: 0.9 },
        { skill: 'linear-inequalities', correct: 2, total: 5, mastery: 0.4 },
      ],
      overallSkills: [{ skill: 'linear-inequalities', correct: 4, total: 12, mastery: 0.35 }],
      previousAccuracy: 0.5,
      averageTimeMs: 60_000,
    });
    expect(fb.text).not.toContain('Ana');
    expect(fb.text).toMatch(/7 of 10|7\/10/);
    expect(fb.text).toContain('50%');
    expect(fb.text).toContain('linear inequalities in one or two variables');
    expect(fb.text).toContain('60 seconds');
    expect(fb.promptVersion).toBe('session-feedback/v3');
    expect((await tutor.sessionFeedback({ context, performance: { Math: { Algebra: { correct: 7, total: 10 } } }, sessionSkills: [], overallSkills: [], previousAccuracy: 0.5, averageTimeMs: 0 })).text).toBe(fb.text);
  });

  it('detects the skill of a free-text note', async () => {
    const r = await tutor.reply({ kind: 'note', text: "I don't get quadratics" });
    expect(r.text).toContain('nonlinear equations');
    expect(r.promptVersion).toBe('ugc-reply/v6');
  });
});

describe('OpenAI-compatible tutor', () => {
  let server: http.Server;
  let url = '';
  const seen: { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
  let mode: 'ok' | 'fail' | 'slow' = 'ok';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        if (mode === 'fail') return void res.writeHead(500).end('boom');
        const reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: 'fake-model-1', choices: [{ message: { role: 'assistant', content: 'Subtract 5, then divide by 3.' } }] }));
        if (mode === 'slow') setTimeout(reply, 1500);
        else reply();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends a chat-completions request and records the model id and prompt version', async () => {
    mode = 'ok';
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: 'sk-test', timeoutMs: 1000 });
    const a = await tutor.explain({ question, studentAnswer: 'C', query: 'why?' });
    expect(a).toEqual({ text: 'Subtract 5, then divide by 3.', modelId: 'fake-model-1', promptVersion: 'help-explain/v4' });
    const last = seen.at(-1)!;
    expect(last.auth).toBe('Bearer sk-test');
    expect(last.body.model).toBe('fake-model');
    expect(last.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(last.body.messages[1]!.content).toContain('If 3x + 5 = 20');
    await tutor.explain({ question, studentAnswer: 'C', query: 'can u explain why B is wrong' });
    expect(seen.at(-1)!.body.messages[1]!.content).toContain('The student is asking for why an answer (theirs, or the one they name) is wrong');
    await tutor.reply({ kind: 'community', title: 'Semicolons', text: 'When do I use a semicolon?' });
    expect(seen.at(-1)!.body.messages[1]!.content).toContain('Answer the posted question');
  });

  it('asks the model for a hint only, under its own prompt version, during an unsubmitted session', async () => {
    mode = 'ok';
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: 'sk-test', timeoutMs: 1000 });
    const a = await tutor.explain({ question, studentAnswer: null, query: 'what is x?', hintOnly: true });
    expect(a.promptVersion).toBe('help-hint/v5');
    const prompt = seen.at(-1)!.body.messages[1]!.content;
    expect(prompt).toContain('Do not state the correct answer');
    expect(prompt).not.toContain("Student's answer");
  });

  it('gives the model for session feedback exactly the facts of the exported input', async () => {
    mode = 'ok';
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: 'sk-test', timeoutMs: 1000 });
    const answers = [
      ...Array.from({ length: 4 }, () => ({ skill: 'linear-functions', answer: 'A', isCorrect: true, timeSpentMs: 41_000 })),
      ...Array.from({ length: 3 }, (_, i) => ({ skill: 'linear-inequalities', answer: 'B', isCorrect: i < 1, timeSpentMs: 77_000 })),
    ];
    // All-time stats hold a skill this session never touched (Boundaries, 3 of 17): not in the input, so not in the prompt.
    const overall = [{ skill: 'linear-inequalities', correct: 6, total: 13 }, { skill: 'boundaries', correct: 3, total: 17 }];
    const context = buildFeedbackContext({ answers, overall, previousAccuracy: 0.64 });
    const performance = { Math: { Algebra: { correct: 5, total: 7 } } };
    await tutor.sessionFeedback({
      context, performance, previousAccuracy: 0.64, averageTimeMs: 56_428.57,
      sessionSkills: [{ skill: 'linear-functions', correct: 4, total: 4, mastery: 0.9 }, { skill: 'linear-inequalities', correct: 1, total: 3, mastery: 0.3 }],
      overallSkills: overall.map((o) => ({ ...o, mastery: 0.4 })),
    });
    const prompt = seen.at(-1)!.body.messages[1]!.content;
    const exported = renderPerformance(performanceView(JSON.stringify(performance)), renderFeedbackContext(context));
    expect(prompt).toContain(renderFeedbackContext(context));
    expect(prompt).toContain('- Math / Algebra: 5 of 7 correct (71%)');
    // Every line stating a fact is a line of the exported input; no number of the prompt is missing from it.
    const facts = prompt.split('\n').filter((l) => /\d/.test(l));
    expect(facts.length).toBeGreaterThan(4);
    for (const l of facts) expect(exported).toContain(l);
    expect(prompt).not.toMatch(/Boundaries|boundaries|\b17\b|56428|56429|mastery/);
  });

  it('falls back to the offline tutor on an error or a timeout', async () => {
    const logs: string[] = [];
    mode = 'fail';
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: undefined, timeoutMs: 300 }, (m) => logs.push(m));
    expect((await tutor.explain({ question, studentAnswer: 'C', query: 'why?' })).modelId).toBe('satprep-offline-tutor-1');
    mode = 'slow';
    // The fake answers after 1.5 s with fake-model-1; getting the offline model proves the 300 ms timeout fired.
    expect((await tutor.explain({ question, studentAnswer: 'C', query: 'why?' })).modelId).toBe('satprep-offline-tutor-1');
    expect(logs).toHaveLength(2);
    expect(logs[0]).toContain('HTTP 500');
  });
});

describe('tutor texts through the API (v2)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  const stored = async (table: string, id: number) =>
    (await t.app.orm.em.fork().execute<{ prompt_version: string; model_id: string }[]>(`select prompt_version, model_id from ${table} where id = ?`, [id]))[0]!;

  /** A submitted session on Reading and Writing (mcq items), every answer wrong. */
  async function submitted() {
    const s = await t.user({ name: 'Zebediah Quill' });
    const { sessionId, questions } = await s.api.practice.start({ skill: 'central-ideas-details', count: 2 });
    const key = await answerKey(t, questions.map((q) => q.id));
    await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: key.get(q.id)!.wrong, timeSpentMs: 30_000 })) });
    return { s, sessionId, q: questions[0]!, key: key.get(questions[0]!.id)! };
  }

  it('answers what the student asks, a different text per intent, stored as help-explain/v4', async () => {
    const { s, sessionId, q, key } = await submitted();
    const ask = (query: string) => s.api.practice.help({ questionId: q.id, sessionId, query, inputMode: 'text' });
    const other = ['A', 'B', 'C', 'D'].find((l) => l !== key.answer && l !== key.wrong)!;
    const whyOther = await ask(`can u explain why ${other} is wrong`);
    // v1 answered this with "Your answer … is correct" or the generic rationale, whatever was asked.
    expect(whyOther.answer).toMatch(new RegExp(`^You asked about ${other}, “`));
    expect(whyOther.answer).toMatch(new RegExp(`(?:correct answer is|right choice is|works instead is) ${key.answer}, “`));
    const answers = await Promise.all(['why is my answer wrong', 'how do i start', 'hint pls', 'what concept is this', 'is my answer right?', 'explain'].map(ask));
    expect(new Set(answers.map((a) => a.answer)).size).toBe(answers.length);
    expect(answers[0]!.answer).toMatch(new RegExp(`^You chose ${key.wrong}, “`));
    expect(answers[4]!.answer).toMatch(new RegExp(`^Checked: ${key.wrong}, .* (?:does not hold up|is not right|does not work)\\.`));
    for (const a of [whyOther, ...answers]) {
      expect(a.answer).not.toContain(q.id);
      expect(a.answer).not.toContain('Zebediah');
      expect(await stored('help_requests', a.helpRequestId)).toEqual({ prompt_version: 'help-explain/v4', model_id: 'satprep-offline-tutor-1' });
    }
  });

  it('says when it cannot answer a help query and stores the output as unanswerable', async () => {
    const { s, sessionId, q } = await submitted();
    const h = await s.api.practice.help({ questionId: q.id, sessionId, query: 'who won the game last night', inputMode: 'text' });
    expect(h.answer).toMatch(/^I couldn't tell what you'd like to know/);
    expect((await stored('help_requests', h.helpRequestId)).prompt_version).toBe('help-explain/v4+unanswerable');
  });

  it('replies to a note by what it says, without the item id or the student name', async () => {
    const { s, q } = await submitted();
    const n = await s.api.notes.add({ text: "Zebediah here: I don't get why the main idea has to cover the whole text", askTutor: true, questionId: q.id });
    expect(n.aiResponse).toMatch(/^(?:Many students find central ideas and details tricky|A lot of students get stuck on central ideas and details|You are not alone: many students are confused by central ideas and details)/);
    expect(n.aiResponse).toMatch(/On the question this note is attached to|For the question you attached this note to|On the attached question/);
    expect(n.aiResponse).not.toContain(q.id);
    expect(n.aiResponse).not.toContain('Zebediah');
    expect((await stored('user_notes', n.noteId)).prompt_version).toBe('ugc-reply/v6');
    const off = await s.api.notes.add({ text: 'pizza tonight', askTutor: true });
    expect((await stored('user_notes', off.noteId)).prompt_version).toBe('ugc-reply/v6+unanswerable');
  });

  it('drafts a community answer that answers the posted question with a worked example', async () => {
    const s = await t.user();
    const post = await s.api.community.postQuestion({ title: 'Given that?', body: 'How do you do the "given that" probability ones?' });
    const draft = post.answers[0]!;
    expect(draft.body).toMatch(/^(?:This is about probability and conditional probability|This is a probability and conditional probability question|The topic here is probability and conditional probability)/);
    expect(draft.body).toMatch(/(?:worked example from the practice bank|example from the practice bank, worked through):/);
    expect(draft.body).not.toMatch(/good note/i);
    const [row] = await t.app.orm.em.fork().execute<{ prompt_version: string }[]>('select prompt_version from community_answers where id = ?', [draft.id]);
    expect(row!.prompt_version).toBe('ugc-reply/v6');
    const off = await s.api.community.postQuestion({ title: 'hi', body: 'anyone here?' });
    const [offRow] = await t.app.orm.em.fork().execute<{ prompt_version: string }[]>('select prompt_version from community_answers where id = ?', [off.answers[0]!.id]);
    expect(offRow!.prompt_version).toBe('ugc-reply/v6+unanswerable');
  });
});
