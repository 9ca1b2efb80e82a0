import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTutor, OfflineTutor } from '@satprep/tutor';
import type { ExplainRequest } from '@satprep/domain';

const question: ExplainRequest['question'] = {
  id: 'TEST-1', skill: 'linear-equations-one-variable', format: 'mcq', stem: 'If 3x + 5 = 20, what is x?',
  choices: [{ label: 'A', text: '3' }, { label: 'B', text: '5' }, { label: 'C', text: '15' }, { label: 'D', text: '25/3' }],
  answer: 'B', rationale: 'Subtract 5 from both sides to get 3x = 15, then divide by 3 to get x = 5. Choice C forgets to divide by 3.',
};

describe('offline tutor', () => {
  const tutor = new OfflineTutor();

  it('explains why the chosen wrong answer fails, with the key and the solution, deterministically', async () => {
    const a = await tutor.explain({ question, studentAnswer: 'C', query: 'Why is my answer wrong?' });
    expect(a.text).toContain('You chose C, “15”. Why it is tempting and where it fails: It forgets to divide by 3.');
    expect(a.text).toContain('The correct answer is B, “5”');
    expect(a).toMatchObject({ modelId: 'satprep-offline-tutor-1', promptVersion: 'help-explain/v2' });
    expect((await tutor.explain({ question, studentAnswer: 'C', query: 'Why is my answer wrong?' })).text).toBe(a.text);
  });

  it('gives the first step without the answer when asked how to start', async () => {
    const a = await tutor.explain({ question, studentAnswer: null, query: 'How do I start this one?' });
    expect(a.text).not.toContain('correct answer is');
    expect(a.text).toContain('First step: subtract 5 from both sides to get 3x = 15.');
    expect(a.text).not.toMatch(/x = 5|\b5\b(?! from)/);
  });

  it('writes session feedback that names the weakest skill and compares with the last session', async () => {
    const fb = await tutor.sessionFeedback({
      studentName: 'Ana',
      performance: { Math: { Algebra: { correct: 7, total: 10 } } },
      sessionSkills: [
        { skill: 'linear-functions', correct: 5, total: 5, mastery: 0.9 },
        { skill: 'linear-inequalities', correct: 2, total: 5, mastery: 0.4 },
      ],
      overallSkills: [{ skill: 'linear-inequalities', correct: 4, total: 12, mastery: 0.35 }],
      previousAccuracy: 0.5,
      averageTimeMs: 60_000,
    });
    expect(fb.text).toContain('Ana: you answered 7 of 10 questions correctly (70%)');
    expect(fb.text).toContain('up 20 points from your last session (50%)');
    expect(fb.text).toContain('Focus next on linear inequalities in one or two variables, where you got 2 of 5 (33% over all your practice)');
    expect(fb.text).toContain('strongest skill today was linear functions');
  });

  it('detects the skill of a free-text note', async () => {
    const r = await tutor.reply({ kind: 'note', text: "I don't get quadratics" });
    expect(r.text).toContain('nonlinear equations');
    expect(r.promptVersion).toBe('ugc-reply/v2');
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
    expect(a).toEqual({ text: 'Subtract 5, then divide by 3.', modelId: 'fake-model-1', promptVersion: 'help-explain/v2' });
    const last = seen.at(-1)!;
    expect(last.auth).toBe('Bearer sk-test');
    expect(last.body.model).toBe('fake-model');
    expect(last.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(last.body.messages[1]!.content).toContain('If 3x + 5 = 20');
  });

  it('asks the model for a hint only, under its own prompt version, during an unsubmitted session', async () => {
    mode = 'ok';
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: 'sk-test', timeoutMs: 1000 });
    const a = await tutor.explain({ question, studentAnswer: null, query: 'what is x?', hintOnly: true });
    expect(a.promptVersion).toBe('help-hint/v2');
    const prompt = seen.at(-1)!.body.messages[1]!.content;
    expect(prompt).toContain('Do not state the correct answer');
    expect(prompt).not.toContain("Student's answer");
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
