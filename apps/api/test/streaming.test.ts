import { createTRPCClient, httpBatchStreamLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextSink } from '@satprep/domain';
import { buildQuestionBank } from '@satprep/domain/bank';
import { fakeStreamingEndpoint } from '@satprep/eval/testing';
import { FallbackTutor, OfflineTutor, OpenAiTutor, UsageLedger } from '@satprep/tutor';
import type { AppRouter } from '../src/root.ts';
import { createTestApp, serveHttp, type TestApp } from './harness.ts';

// #23 item 3: help answers and note replies stream as a remote model writes them; the row is
// written once, complete; a stream that breaks falls back to the offline tutor with no duplicate.

const ANSWER = 'Start by isolating the variable: subtract 3 from both sides, then divide both sides by 2 and check the result in the original equation.';

function recorder(): TextSink & { events: string[] } {
  const events: string[] = [];
  return { events, delta: (t) => void events.push(t), reset: () => void events.push('<reset>') };
}

const question = buildQuestionBank().find((q) => q.format === 'spr')!;

describe('streaming from an OpenAI-compatible endpoint', () => {
  it('passes each piece on as it arrives and returns the whole text with its tokens', async () => {
    const fake = await fakeStreamingEndpoint({ text: ANSWER, delayMs: 5 });
    try {
      const usage = new UsageLedger();
      const tutor = new OpenAiTutor({ baseUrl: fake.url, model: 'm', apiKey: undefined, timeoutMs: 5000, usage });
      const sink = recorder();
      const r = await tutor.explain({ question, studentAnswer: '5', query: 'why is 5 wrong?' }, sink);
      expect(sink.events.length).toBe(ANSWER.split(' ').length);
      expect(sink.events.join('')).toBe(ANSWER);
      expect(r).toMatchObject({ text: ANSWER, modelId: 'fake-stream' });
      expect(usage.report()[0]).toMatchObject({ calls: 1, succeeded: 1, completionTokens: ANSWER.split(' ').length });
    } finally {
      await fake.close();
    }
  });

  it('accepts a stream that ends with a finish reason and no [DONE], its last line without a newline', async () => {
    const events = ['data: {"choices":[{"delta":{"content":"Subtract 3 "}}]}\n\n', 'data: {"choices":[{"delta":{"content":"from both sides, then divide by 2."},"finish_reason":"stop"}]}'];
    const fetch = async () =>
      new Response(new ReadableStream({ start: (c) => { for (const e of events) c.enqueue(new TextEncoder().encode(e)); c.close(); } }), { headers: { 'content-type': 'text/event-stream' } });
    const tutor = new OpenAiTutor({ baseUrl: 'http://unused.invalid/v1', model: 'm', apiKey: undefined, timeoutMs: 5000, fetch });
    const sink = recorder();
    const r = await tutor.explain({ question, studentAnswer: '5', query: 'why is 5 wrong?' }, sink);
    expect(r.text).toBe('Subtract 3 from both sides, then divide by 2.');
    expect(sink.events).toEqual(['Subtract 3 ', 'from both sides, then divide by 2.']);
  });

  it('voids a broken stream and lets the offline tutor answer, without retrying the endpoint', async () => {
    const fake = await fakeStreamingEndpoint({ text: ANSWER, delayMs: 5, breakAfter: 4 });
    try {
      const tutor = new FallbackTutor(new OpenAiTutor({ baseUrl: fake.url, model: 'm', apiKey: undefined, timeoutMs: 5000 }), new OfflineTutor());
      const sink = recorder();
      const r = await tutor.explain({ question, studentAnswer: '5', query: 'why is 5 wrong?' }, sink);
      expect(sink.events.slice(0, 4).join('')).toBe(ANSWER.split(/(?<= )/).slice(0, 4).join(''));
      expect(sink.events[4]).toBe('<reset>');
      expect(r.modelId).toBe(new OfflineTutor().modelId);
      expect(fake.requests()).toBe(1);
    } finally {
      await fake.close();
    }
  });
});

describe('practice.helpStream and notes.addStream over HTTP', () => {
  let t: TestApp;
  let http: Awaited<ReturnType<typeof serveHttp>>;
  let fake: Awaited<ReturnType<typeof fakeStreamingEndpoint>>;
  beforeAll(async () => {
    fake = await fakeStreamingEndpoint({ text: ANSWER, delayMs: 40 });
    t = await createTestApp({ env: { TUTOR_BASE_URL: fake.url, TUTOR_MODEL: 'm' } });
    http = await serveHttp(t);
  });
  afterAll(async () => {
    await http?.stop();
    await t?.close();
    await fake?.close();
  });

  const client = (token: string) =>
    createTRPCClient<AppRouter>({ links: [httpBatchStreamLink({ url: `${http.base}/trpc`, headers: { authorization: `Bearer ${token}`, 'x-satprep-client': 'web' } })] });

  it('sends the first words long before the answer is complete, then the stored request, written once', async () => {
    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ count: 1 });
    await s.api.practice.submit({ sessionId, answers: [{ questionId: questions[0]!.id, answer: 'A', timeSpentMs: 1000 }] });
    const started = performance.now();
    const stream = await client(s.token).practice.helpStream.mutate({ questionId: questions[0]!.id, sessionId, query: 'How do I start this one?', inputMode: 'text', clientEventId: 'stream-help-1' });
    let firstAt: number | null = null;
    let text = '';
    let done: { helpRequestId: number; answer: string } | null = null;
    for await (const ev of stream) {
      if (ev.type === 'delta') {
        firstAt ??= performance.now() - started;
        text += ev.text;
      } else if (ev.type === 'done') done = ev.result;
    }
    const total = performance.now() - started;
    console.log(`helpStream: first text after ${firstAt!.toFixed(0)} ms, complete after ${total.toFixed(0)} ms (${ANSWER.split(' ').length} words, 40 ms apart)`);
    expect(text).toBe(ANSWER);
    expect(done!.answer).toBe(ANSWER);
    // 24 words 40 ms apart: the first arrives while most of the answer is still to come.
    expect(firstAt!).toBeLessThan(total - 500);
    const rows = await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from help_requests where user_id = ?', [s.id]);
    expect(rows[0]!.n).toBe(1);
    // A retry of the same client event replays the stored answer without streaming again.
    const again = await client(s.token).practice.helpStream.mutate({ questionId: questions[0]!.id, sessionId, query: 'How do I start this one?', inputMode: 'text', clientEventId: 'stream-help-1' });
    const replay: string[] = [];
    for await (const ev of again) replay.push(ev.type);
    expect(replay).toEqual(['done']);
    expect((await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from help_requests where user_id = ?', [s.id]))[0]!.n).toBe(1);
  });

  it('streams a note reply and stores the note once', async () => {
    const s = await t.user();
    const stream = await client(s.token).notes.addStream.mutate({ text: 'I keep mixing up slope and intercept. How do I tell them apart?', askTutor: true });
    const types: string[] = [];
    let reply = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'done') reply = ev.result.aiResponse ?? '';
    }
    expect(types.filter((x) => x === 'delta').length).toBeGreaterThan(5);
    expect(types.at(-1)).toBe('done');
    expect(reply).toBe(ANSWER);
    expect((await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from user_notes where user_id = ?', [s.id]))[0]!.n).toBe(1);
  });

  it('streams a community draft answer and stores the question with it once', async () => {
    const s = await t.user();
    const stream = await client(s.token).community.postQuestionStream.mutate({ title: 'Slope from two points?', body: 'How do I find the slope of a line from two points quickly?' });
    let deltas = 0;
    let questionId = 0;
    for await (const ev of stream) {
      if (ev.type === 'delta') deltas++;
      if (ev.type === 'done') questionId = ev.result.id;
    }
    expect(deltas).toBeGreaterThan(5);
    const rows = await t.app.orm.em.fork().execute<{ body: string }[]>('select a.body from community_answers a join community_questions q on q.id = a.question_id where q.author_id = ?', [s.id]);
    expect(rows).toEqual([{ body: ANSWER }]);
    expect(questionId).toBeGreaterThan(0);
  });

  it('posts a community question once when the same post is sent again (a dropped stream, then Post again)', async () => {
    const s = await t.user();
    const input = { title: 'Ratios in tables?', body: 'How do I read a ratio from a two-way table?', clientEventId: 'community-retry-1' };
    const first = await client(s.token).community.postQuestionStream.mutate(input);
    // The client goes away after the first words; the server still stores the post.
    for await (const ev of first) if (ev.type === 'delta') break;
    let again: number | null = null;
    await expect.poll(async () => (await t.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from community_questions where author_id = ?', [s.id]))[0]!.n, { timeout: 10_000 }).toBe(1);
    for await (const ev of await client(s.token).community.postQuestionStream.mutate(input)) if (ev.type === 'done') again = ev.result.id;
    const rows = await t.app.orm.em.fork().execute<{ id: number }[]>('select id from community_questions where author_id = ?', [s.id]);
    expect(rows.map((r) => r.id)).toEqual([again]);
  });

  it('refuses bad input and other users the same way as the plain procedure', async () => {
    const s = await t.user();
    await expect(client(s.token).practice.helpStream.mutate({ questionId: 'NOPE-1', query: 'help', inputMode: 'text' }).then(async (it) => { for await (const _ of it); })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    await expect(client(s.token).practice.helpStream.mutate({ questionId: '', query: '', inputMode: 'text' } as never)).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
  });
});
