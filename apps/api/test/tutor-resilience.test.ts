import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTutor, FallbackTutor, OfflineTutor, OpenAiTutor, tutorStatus, UsageLedger } from '@satprep/tutor';
import type { ExplainRequest } from '@satprep/domain';
import { createTestApp, type TestApp } from './harness.ts';

// #23 item 4: "timeouts, retries with backoff on 429/5xx, a circuit breaker that falls back to the offline
// tutor while the endpoint fails, per-model token and cost accounting visible to admins".

const question: ExplainRequest['question'] = {
  id: 'TEST-1', skill: 'linear-equations-one-variable', format: 'mcq', stem: 'If 3x + 5 = 20, what is x?',
  choices: [{ label: 'A', text: '3' }, { label: 'B', text: '5' }, { label: 'C', text: '15' }, { label: 'D', text: '25/3' }],
  answer: 'B', rationale: 'Subtract 5 from both sides to get 3x = 15, then divide by 3 to get x = 5.',
};
const ask = { question, studentAnswer: 'C', query: 'why is C wrong?' } as const;
const OFFLINE = new OfflineTutor().modelId;

/** A fake OpenAI-compatible endpoint that answers from a script: one status (and headers) per request, then 200s. */
let server: http.Server;
let url = '';
let script: { status: number; headers?: Record<string, string> }[] = [];
let requests = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume().on('end', () => {
      requests++;
      const step = script.shift() ?? { status: 200 };
      if (step.status !== 200) return void res.writeHead(step.status, step.headers ?? {}).end('{"error":"scripted"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ model: 'fake-model-1', choices: [{ message: { role: 'assistant', content: 'Choice C forgets to divide by 3.' } }], usage: { prompt_tokens: 120, completion_tokens: 30 } }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  requests = 0;
});

describe('retries', () => {
  it('retries a 503 and a 429 with backoff, then answers from the model; tokens and cost are counted per model', async () => {
    script = [{ status: 503 }, { status: 429 }];
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: undefined, timeoutMs: 5000, prices: { inputPerMTok: 2, outputPerMTok: 10 } });
    const a = await tutor.explain(ask);
    expect(a.modelId).toBe('fake-model-1');
    expect(requests).toBe(3);
    const status = tutorStatus(tutor);
    expect(status.mode).toBe('remote');
    expect(status.remote).toMatchObject({ model: 'fake-model', endpoint: new URL(url).origin, fallbacks: 0, circuit: { state: 'closed' } });
    expect(status.models).toEqual([
      expect.objectContaining({ model: 'fake-model', calls: 1, succeeded: 1, failed: 0, retries: 2, promptTokens: 120, completionTokens: 30, costUsd: (120 * 2 + 30 * 10) / 1e6 }),
    ]);
  });

  it('does not retry what a retry cannot fix (400, 401), and falls back to the offline tutor at once', async () => {
    script = [{ status: 400 }];
    const tutor = createTutor({ baseUrl: url, model: 'fake-model', apiKey: undefined, timeoutMs: 5000 });
    expect((await tutor.explain(ask)).modelId).toBe(OFFLINE);
    script = [{ status: 401 }];
    expect((await tutor.explain(ask)).modelId).toBe(OFFLINE);
    expect(requests).toBe(2);
    expect(tutorStatus(tutor).remote?.fallbacks).toBe(2);
    expect(tutorStatus(tutor).models[0]).toMatchObject({ calls: 2, failed: 2, retries: 0, costUsd: null });
  });

  it('waits as long as Retry-After asks when that fits the time budget, and gives up at once when it does not', async () => {
    const waits: number[] = [];
    const usage = new UsageLedger();
    const remote = new OpenAiTutor({ baseUrl: url, model: 'fake-model', apiKey: undefined, timeoutMs: 3000, usage, sleep: async (ms) => void waits.push(ms) });
    script = [{ status: 429, headers: { 'retry-after': '1' } }];
    expect((await remote.explain(ask)).modelId).toBe('fake-model-1');
    expect(waits).toEqual([1000]);
    script = [{ status: 429, headers: { 'retry-after': '60' } }];
    await expect(remote.explain(ask)).rejects.toThrow('HTTP 429');
    expect(waits).toEqual([1000]); // no second wait: a minute does not fit in 3 s
    expect(requests).toBe(3);
  });

  it('stops retrying after the configured number of retries', async () => {
    script = Array.from({ length: 10 }, () => ({ status: 502 }));
    const remote = new OpenAiTutor({ baseUrl: url, model: 'fake-model', apiKey: undefined, timeoutMs: 5000, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    await expect(remote.explain(ask)).rejects.toThrow('HTTP 502');
    expect(requests).toBe(3);
  });
});

describe('circuit breaker', () => {
  it('opens after 5 failures in a row: the offline tutor answers without calling the endpoint; after the cooldown one trial call closes it again', async () => {
    let now = 1_000_000;
    const logs: string[] = [];
    const usage = new UsageLedger();
    const remote = new OpenAiTutor({ baseUrl: url, model: 'fake-model', apiKey: undefined, timeoutMs: 2000, usage, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const tutor = new FallbackTutor(remote, new OfflineTutor(), () => {}, { usage, circuit: { failureThreshold: 5, cooldownMs: 30_000, now: () => now }, onCircuitOpen: () => logs.push('open') });
    script = Array.from({ length: 5 }, () => ({ status: 500 }));
    for (let i = 0; i < 5; i++) expect((await tutor.explain(ask)).modelId).toBe(OFFLINE);
    expect(requests).toBe(5);
    expect(logs).toEqual(['open']);
    expect(tutor.status().remote?.circuit).toMatchObject({ state: 'open', consecutiveFailures: 5 });

    // Open: ten more calls, none reaches the endpoint (which would answer by now).
    for (let i = 0; i < 10; i++) expect((await tutor.explain(ask)).modelId).toBe(OFFLINE);
    expect(requests).toBe(5);
    expect(tutor.status().remote).toMatchObject({ fallbacks: 5, shortCircuited: 10 });

    // After the cooldown a trial call fails: open again for another cooldown.
    now += 30_000;
    script = [{ status: 500 }];
    expect((await tutor.explain(ask)).modelId).toBe(OFFLINE);
    expect(requests).toBe(6);
    expect(tutor.status().remote?.circuit.state).toBe('open');
    expect((await tutor.explain(ask)).modelId).toBe(OFFLINE);
    expect(requests).toBe(6);

    // The next trial succeeds: closed, and the model answers again.
    now += 30_000;
    expect((await tutor.explain(ask)).modelId).toBe('fake-model-1');
    expect((await tutor.explain(ask)).modelId).toBe('fake-model-1');
    expect(requests).toBe(8);
    expect(tutor.status().remote?.circuit).toMatchObject({ state: 'closed', consecutiveFailures: 0, openUntil: null });
  });
});

describe('data.tutorStatus', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('shows admins the endpoint, its circuit and the calls, tokens and cost of a help request; students may not read it', async () => {
    t = await createTestApp({ env: { TUTOR_BASE_URL: url, TUTOR_MODEL: 'fake-model', TUTOR_API_KEY: 'sk-secret', TUTOR_PRICE_INPUT_PER_MTOK: '0.5', TUTOR_PRICE_OUTPUT_PER_MTOK: '1.5' } });
    const admin = await t.admin();
    const before = await admin.api.data.tutorStatus();
    expect(before).toMatchObject({ mode: 'remote', remote: { model: 'fake-model', circuit: { state: 'closed' } }, models: [] });
    expect(JSON.stringify(before)).not.toContain('sk-secret');

    const s = await t.user();
    const { sessionId, questions } = await s.api.practice.start({ count: 1 });
    await s.api.practice.help({ questionId: questions[0]!.id, sessionId, query: 'how do I start?', inputMode: 'text' });
    const after = await admin.api.data.tutorStatus();
    expect(after.models).toEqual([expect.objectContaining({ model: 'fake-model', calls: 1, succeeded: 1, promptTokens: 120, completionTokens: 30, costUsd: (120 * 0.5 + 30 * 1.5) / 1e6 })]);
    await expect(s.api.data.tutorStatus()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('says the offline tutor answers when no endpoint is configured', async () => {
    const offline = await createTestApp();
    try {
      const admin = await offline.admin();
      expect(await admin.api.data.tutorStatus()).toMatchObject({ mode: 'offline', remote: null, models: [] });
    } finally {
      await offline.close();
    }
  });

  it('refuses a price that is not a number at start', async () => {
    await expect(createTestApp({ env: { TUTOR_PRICE_INPUT_PER_MTOK: 'cheap' } })).rejects.toThrow(/TUTOR_PRICE_INPUT_PER_MTOK/);
  });
});
