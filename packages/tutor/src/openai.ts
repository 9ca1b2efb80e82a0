import { describeFigure, renderFeedbackContext, skillInfo, type ExplainRequest, type PlanAdjustmentRequest, type ReplyRequest, type SessionFeedbackRequest, type TextSink, type Tutor, type TutorText } from '@satprep/domain';
import { PROMPT_VERSIONS } from './offline/index.ts';
import { classifyHelpQuery, type HelpIntent } from './offline/intent.ts';
import { classifyNote } from './offline/reply.ts';
import { backoffMs, CircuitBreaker, DEFAULT_CIRCUIT, DEFAULT_RETRY, EndpointError, isRetryable, parseRetryAfter, UsageLedger, type CircuitOptions, type RetryPolicy, type TutorStatus } from './health.ts';

export interface OpenAiTutorOptions {
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
  /** The whole call's budget, retries included. */
  timeoutMs: number;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Where calls, tokens and cost are counted (shared with the FallbackTutor's status). */
  usage?: UsageLedger;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const SYSTEM = 'You are a patient, precise SAT tutor. Answer in at most 120 words, in plain text, addressed to the student. Be specific to the data given; never invent statistics.';

/** What the student asked for, in the words the model is told to answer. */
const INTENT_ASK: Record<HelpIntent, string> = {
  'why-wrong': 'why an answer (theirs, or the one they name) is wrong: explain why that choice tempts and where it fails',
  'first-step': 'the first step only: give it and stop',
  hint: 'a hint: point to the idea to use without stating the answer, the correct choice or its text',
  concept: 'the concept the question tests: explain the idea, then how it applies here',
  'check-work': 'a check of their answer: say whether it is right and show the check',
  explain: 'an explanation of the question',
};

function questionBlock(q: ExplainRequest['question']): string {
  const choices = q.choices.map((c) => `${c.label}) ${c.text}${q.choiceExplanations?.[c.label] ? ` [why it tempts: ${q.choiceExplanations[c.label]}]` : ''}`).join('\n');
  return [q.passage ? `Passage:\n${q.passage}` : '', `Question: ${q.stem}`, q.figure ? describeFigure(q.figure) : '', choices, `Correct answer: ${q.answer}`, `Reference explanation: ${q.rationale}`, `Skill: ${skillInfo(q.skill).name}`]
    .filter(Boolean)
    .join('\n');
}

/** Chat-completions client for any OpenAI-compatible endpoint; prompts are versioned with the offline tutor's. */
export class OpenAiTutor implements Tutor {
  readonly modelId: string;
  private readonly opts: OpenAiTutorOptions;

  constructor(opts: OpenAiTutorOptions) {
    this.opts = opts;
    this.modelId = opts.model;
  }

  /**
   * One completion; 429, 5xx and dropped connections are retried with backoff while the time budget
   * lasts. With a sink the endpoint is asked to stream and each piece goes to the sink as it comes;
   * once a piece has been sent, a failure is not retried (the caller resets and answers otherwise).
   */
  private async complete(user: string, promptVersion: string, sink?: TextSink): Promise<TutorText> {
    const { model, timeoutMs, retry = DEFAULT_RETRY, usage, random = Math.random, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = this.opts;
    const started = Date.now();
    const deadline = started + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const sent = { any: false };
        const result = await this.attempt(user, promptVersion, deadline - Date.now(), sink, sent).catch((err: unknown) => {
          throw sent.any ? Object.assign(err instanceof Error ? err : new Error(String(err)), { midStream: true }) : err;
        });
        usage?.succeeded(model, result.tokens, Date.now() - started);
        return result.text;
      } catch (err) {
        const midStream = (err as { midStream?: boolean }).midStream === true;
        const wait = !midStream && attempt < retry.retries && isRetryable(err) ? backoffMs(retry, attempt, random, err instanceof EndpointError ? err.retryAfterMs : undefined) : null;
        if (wait === null || Date.now() + wait >= deadline) {
          usage?.failed(model);
          throw err;
        }
        usage?.retried(model);
        await sleep(wait);
      }
    }
  }

  private async attempt(user: string, promptVersion: string, budgetMs: number, sink: TextSink | undefined, sent: { any: boolean }): Promise<{ text: TutorText; tokens: { prompt: number; completion: number } }> {
    const doFetch = this.opts.fetch ?? fetch;
    const res = await doFetch(`${this.opts.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
      body: JSON.stringify({
        model: this.opts.model, temperature: 0.2, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }],
        ...(sink ? { stream: true, stream_options: { include_usage: true } } : {}),
      }),
      signal: AbortSignal.timeout(Math.max(1, budgetMs)),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new EndpointError(`tutor endpoint answered HTTP ${res.status}`, res.status, parseRetryAfter(res.headers.get('retry-after')));
    }
    if (sink && res.body && (res.headers.get('content-type') ?? '').includes('text/event-stream')) return this.readStream(res.body, promptVersion, sink, sent);
    const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[]; model?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
    const text = body.choices?.[0]?.message?.content;
    if (typeof text !== 'string' || text.trim() === '') throw new EndpointError('tutor endpoint returned no text');
    const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
    return {
      text: { text: text.trim(), modelId: typeof body.model === 'string' && body.model ? body.model : this.modelId, promptVersion },
      tokens: { prompt: count(body.usage?.prompt_tokens), completion: count(body.usage?.completion_tokens) },
    };
  }

  /** Reads a chat-completions event stream (`data: {choices: [{delta: {content}}]}` lines, then `data: [DONE]`), passing each piece on. */
  private async readStream(body: ReadableStream<Uint8Array>, promptVersion: string, sink: TextSink, sent: { any: boolean }): Promise<{ text: TutorText; tokens: { prompt: number; completion: number } }> {
    const decoder = new TextDecoder();
    let buffered = '';
    let text = '';
    let model: string | undefined;
    let done = false;
    const tokens = { prompt: 0, completion: 0 };
    const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
    const reader = body.getReader();
    const take = (raw: string) => {
      const line = raw.trim();
      if (!line.startsWith('data:')) return;
      const data = line.slice(5).trim();
      if (data === '[DONE]') {
        done = true;
        return;
      }
      const event = JSON.parse(data) as { choices?: { delta?: { content?: unknown }; finish_reason?: unknown }[]; model?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null };
      if (typeof event.model === 'string' && event.model) model = event.model;
      if (event.usage) Object.assign(tokens, { prompt: count(event.usage.prompt_tokens), completion: count(event.usage.completion_tokens) });
      // A finish reason ends the answer too (some servers send no [DONE] after it).
      if (typeof event.choices?.[0]?.finish_reason === 'string') done = true;
      const piece = event.choices?.[0]?.delta?.content;
      if (typeof piece === 'string' && piece) {
        // Leading whitespace is not sent: the stored text is trimmed.
        const out = text ? piece : piece.trimStart();
        text += piece;
        if (out) {
          sent.any = true;
          sink.delta(out);
        }
      }
    };
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        buffered += decoder.decode(r.value, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          take(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
        }
      }
      // The last line may come without a newline.
      take(buffered + decoder.decode());
    } finally {
      // A stream left part-read (a parse error) frees its connection now, not at the timeout.
      await reader.cancel().catch(() => {});
    }
    if (!done) throw new EndpointError('tutor endpoint stream ended before [DONE]');
    if (text.trim() === '') throw new EndpointError('tutor endpoint returned no text');
    return { text: { text: text.trim(), modelId: model ?? this.modelId, promptVersion }, tokens };
  }

  /**
   * The model is given what the exported input states and nothing else: the session's domain
   * tallies as renderPerformance writes them and the stored context as renderFeedbackContext
   * renders it (not the raw all-time stats, which hold skills and numbers the input never shows).
   */
  sessionFeedback(req: SessionFeedbackRequest): Promise<TutorText> {
    const tallies = Object.entries(req.performance).flatMap(([section, domains]) =>
      Object.entries(domains ?? {}).map(([domain, t]) => `- ${section} / ${domain}: ${t!.correct} of ${t!.total} correct (${t!.total ? Math.round((100 * t!.correct) / t!.total) : 0}%)`),
    );
    return this.complete(
      `Write feedback for a student on this SAT practice session (do not name them).\nPerformance:\n${tallies.join('\n')}\n${renderFeedbackContext(req.context)}\nState only facts given above. Name the skill to focus on if the numbers show one, compare with the previous session if there is one, and suggest the next step.`,
      PROMPT_VERSIONS.sessionFeedback,
    );
  }

  explain(req: ExplainRequest, sink?: TextSink): Promise<TutorText> {
    const intent = classifyHelpQuery(req.query);
    const asks = intent ? `The student is asking for ${INTENT_ASK[intent]}.` : 'If the question is unclear or off-topic, say so briefly instead of guessing.';
    if (req.hintOnly) {
      return this.complete(
        `${questionBlock(req.question)}\nThe student is in the middle of a practice session and has not submitted this question.\nStudent asks: ${req.query}\n${asks}\nGive a hint or the first step only. Do not state the correct answer, which choice is right, or the final value.`,
        PROMPT_VERSIONS.hint,
        sink,
      );
    }
    return this.complete(
      `${questionBlock(req.question)}\nStudent's answer: ${req.studentAnswer ?? 'not answered yet'}\nStudent asks: ${req.query}\n${asks} Answer that, not a generic explanation. Never mention the question's id.`,
      PROMPT_VERSIONS.explain,
      sink,
    );
  }

  planAdjustment(req: PlanAdjustmentRequest): Promise<TutorText> {
    return this.complete(
      `A student ${req.action} a study-plan task ${JSON.stringify(req.task)}${req.reason ? ` (reason: ${req.reason})` : ''}.\nSkill stats before: ${JSON.stringify(req.before)}; after: ${JSON.stringify(req.after)}.\nThe plan engine made these changes: ${JSON.stringify(req.changes)}.\nExplain the changes to the student.`,
      PROMPT_VERSIONS.planAdjustment,
    );
  }

  reply(req: ReplyRequest, sink?: TextSink): Promise<TutorText> {
    const kind = classifyNote(req.text, req.title ?? '');
    const what =
      req.kind === 'community'
        ? 'Answer the posted question: name the SAT skill it is about and work one short example.'
        : kind === 'confusion'
          ? 'The student is confused: make the idea concrete with one example.'
          : kind === 'question'
            ? 'The note asks a question: answer it directly.'
            : 'The note is a reminder to self: confirm or sharpen it in one line.';
    return this.complete(
      `${req.kind === 'note' ? 'A student wrote this study note' : 'A student posted this community question'}:\n${req.title ? `Title: ${req.title}\n` : ''}${req.text}\n${req.question ? questionBlock(req.question) : ''}${req.skill ? `\nSkill: ${skillInfo(req.skill).name}` : ''}\n${what} End with one concrete next step. Never mention ids, names or placeholders; if the text is not about studying, say so briefly.`,
      PROMPT_VERSIONS.reply,
      sink,
    );
  }
}

/**
 * Uses the primary tutor and falls back to the offline one on any failure or timeout; while the
 * primary keeps failing, a circuit breaker sends calls straight to the fallback (no student waits
 * for an endpoint that is down), trying the primary again after a cooldown.
 */
export class FallbackTutor implements Tutor {
  readonly modelId: string;
  private readonly primary: Tutor;
  private readonly fallback: Tutor;
  private readonly onError: (err: unknown) => void;
  private readonly circuit: CircuitBreaker;
  private readonly usage: UsageLedger;
  private readonly endpoint: string;
  private readonly onCircuitOpen: () => void;
  private fallbacks = 0;
  private shortCircuited = 0;

  constructor(
    primary: Tutor,
    fallback: Tutor,
    onError: (err: unknown) => void = () => {},
    opts: { circuit?: CircuitOptions; usage?: UsageLedger; endpoint?: string; onCircuitOpen?: () => void } = {},
  ) {
    this.primary = primary;
    this.fallback = fallback;
    this.onError = onError;
    this.modelId = primary.modelId;
    this.circuit = new CircuitBreaker(opts.circuit ?? DEFAULT_CIRCUIT);
    this.usage = opts.usage ?? new UsageLedger();
    this.endpoint = opts.endpoint ?? '';
    this.onCircuitOpen = opts.onCircuitOpen ?? (() => {});
  }

  /** A streamed answer that broke part-way is voided (`sink.reset`) before the fallback answers. */
  private async run<R>(call: (t: Tutor) => Promise<R>, sink?: TextSink): Promise<R> {
    if (!this.circuit.tryAcquire()) {
      this.shortCircuited++;
      return call(this.fallback);
    }
    try {
      const result = await call(this.primary);
      this.circuit.success();
      return result;
    } catch (err) {
      if (this.circuit.failure()) this.onCircuitOpen();
      this.fallbacks++;
      this.onError(err);
      sink?.reset();
      return call(this.fallback);
    }
  }

  status(): TutorStatus {
    return {
      mode: 'remote',
      since: this.usage.since.toISOString(),
      remote: { endpoint: this.endpoint, model: this.modelId, circuit: this.circuit.snapshot(), fallbacks: this.fallbacks, shortCircuited: this.shortCircuited },
      models: this.usage.report(),
    };
  }

  sessionFeedback(req: SessionFeedbackRequest) { return this.run((t) => t.sessionFeedback(req)); }
  explain(req: ExplainRequest, sink?: TextSink) { return this.run((t) => t.explain(req, sink), sink); }
  planAdjustment(req: PlanAdjustmentRequest) { return this.run((t) => t.planAdjustment(req)); }
  reply(req: ReplyRequest, sink?: TextSink) { return this.run((t) => t.reply(req, sink), sink); }
}
