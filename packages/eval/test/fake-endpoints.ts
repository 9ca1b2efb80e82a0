import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Two local OpenAI-compatible endpoints for testing the evaluation: `good` answers each prompt from
 * what it states (the key, the tallies, the stem's words); `bad` makes planted mistakes: a wrong key
 * in explanations, the key in hints, invented numbers in feedback, a placeholder and an item id in
 * plan texts and replies.
 */
export type Behaviour = 'good' | 'bad';

function answer(prompt: string, behaviour: Behaviour): string {
  const key = /\nCorrect answer: (.+)/.exec(prompt)?.[1]?.trim() ?? '';
  const stemWords = (/(?:^|\n)Question: ([^]*?)\n[A-D]\) |(?:^|\n)Question: ([^]*?)\nCorrect answer/.exec(prompt)?.slice(1).find(Boolean) ?? '').split(/\s+/).filter(Boolean).slice(0, 8).join(' ');
  if (prompt.includes('Give a hint or the first step only')) {
    return behaviour === 'good' ? `Start from what the question gives you: "${stemWords}". Write that down as an equation or a claim, then test it.` : `The answer is ${key}. Pick it and move on to the next question.`;
  }
  if (prompt.startsWith('Write feedback')) {
    const tally = /\n- ([^\n]+): (\d+) of (\d+) correct \((\d+)%\)/.exec(prompt);
    return behaviour === 'good'
      ? `In ${tally?.[1] ?? 'this session'} you got ${tally?.[2]} of ${tally?.[3]} correct. Review the questions you missed, then practise a few more like them.`
      : 'You scored 95% this time, up 20 points from your last session (55%). You answered 40 questions in 12 minutes.';
  }
  if (prompt.includes('study-plan task')) {
    return behaviour === 'good' ? 'Your plan changed after this task: the planner moved your next tasks to match what you completed or skipped. Keep going with the next task.' : 'Great job, [NAME]! You completed 10 questions on M-ALG-LIN1-SOLVE-01.';
  }
  if (prompt.includes('study note') || prompt.includes('community question')) {
    const topic = /\nSkill: ([^\n]+)/.exec(prompt)?.[1] ?? /Title: ([^\n]+)/.exec(prompt)?.[1] ?? 'this topic';
    return behaviour === 'good' ? `On ${topic}: work one question slowly, write each step, and check your answer against the question before you pick a choice.` : `Hi [NAME], see item M-ADV-NLF-EXPO-03 or write to tutor@example.com.`;
  }
  // An explanation.
  if (behaviour === 'good') return `The correct answer is ${key}. Work from the question ("${stemWords}") step by step and check each choice against it.`;
  const wrong = ['A', 'B', 'C', 'D'].find((l) => l !== key) ?? 'A';
  return /^[A-D]$/.test(key) ? `The correct answer is ${wrong}, because it matches the question best.` : `The correct answer is ${Number(key) + 7 || 99}, after simplifying.`;
}

export async function fakeEndpoint(behaviour: Behaviour): Promise<{ url: string; requests: () => number; authorization: () => string | undefined; close: () => Promise<void> }> {
  let requests = 0;
  let authorization: string | undefined;
  const server = http.createServer((req, res) => {
    authorization = req.headers.authorization;
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      requests++;
      const { messages } = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const content = answer(messages.at(-1)!.content, behaviour);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model: `fake-${behaviour}`, choices: [{ message: { role: 'assistant', content } }], usage: { prompt_tokens: 100, completion_tokens: 30 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests: () => requests, authorization: () => authorization, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * An OpenAI-compatible endpoint that streams (`stream: true`) a fixed answer word by word, one
 * event every `delayMs`; with `breakAfter`, the connection drops after that many words (no [DONE]).
 * Without `stream`, it answers at once with the whole text.
 */
export async function fakeStreamingEndpoint(opts: { text: string; delayMs: number; breakAfter?: number; model?: string }): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const model = opts.model ?? 'fake-stream';
  const words = opts.text.split(/(?<= )/);
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', async () => {
      requests++;
      const { stream } = JSON.parse(body) as { stream?: boolean };
      if (!stream) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model, choices: [{ message: { role: 'assistant', content: opts.text } }] }));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const [i, word] of words.entries()) {
        if (opts.breakAfter !== undefined && i >= opts.breakAfter) return void res.destroy();
        res.write(`data: ${JSON.stringify({ model, choices: [{ delta: { content: word } }] })}\n\n`);
        await new Promise((r) => setTimeout(r, opts.delayMs));
      }
      res.write(`data: ${JSON.stringify({ model, choices: [], usage: { prompt_tokens: 50, completion_tokens: words.length } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests: () => requests, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
