/**
 * What keeps a remote tutor model from hurting students when it misbehaves, and what it costs:
 * retries with backoff for answers worth retrying (429, 5xx, a dropped connection) within the call's
 * time budget, a circuit breaker that sends calls straight to the offline tutor while the endpoint
 * keeps failing, and per-model counts of calls, tokens and cost for the admins.
 */

/** An endpoint's answer that was not a usable completion; `status` is the HTTP status when there was one. */
export class EndpointError extends Error {
  readonly status: number | undefined;
  /** From a Retry-After header: how long the endpoint asked us to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, status?: number, retryAfterMs?: number) {
    super(message);
    this.name = 'EndpointError';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Worth another try: rate limited, a server error, or the connection failed before an answer (not a timeout: the budget is spent). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof EndpointError) return err.status === 429 || (err.status !== undefined && err.status >= 500);
  // fetch rejects with a TypeError when the connection is refused or reset.
  return err instanceof TypeError;
}

/** Retry-After as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The first backoff; each next one doubles, up to maxDelayMs; each is jittered down to half. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 200, maxDelayMs: 2000 };

/** How long to wait before retry number `attempt` (0 = the first retry). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitOptions {
  /** Consecutive failed calls that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial call may go through. */
  cooldownMs: number;
  now?: () => number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, cooldownMs: 30_000 };

/**
 * Closed: calls go to the endpoint. After `failureThreshold` failures in a row it opens: calls are
 * refused (the caller uses its fallback) for `cooldownMs`; then one trial call goes through
 * (half-open) while the others are still refused; its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;
  private readonly opts: CircuitOptions;

  constructor(opts: CircuitOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
  }

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.opts.cooldownMs ? 'half-open' : 'open';
  }

  /** True when this call may go to the endpoint; it must then report success() or failure(). */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  /** Returns true when this failure opened the circuit. */
  failure(): boolean {
    this.failures++;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (wasTrial || (this.openedAt === null && this.failures >= this.opts.failureThreshold)) {
      this.openedAt = this.now();
      return true;
    }
    return false;
  }

  snapshot(): { state: CircuitState; consecutiveFailures: number; openUntil: string | null } {
    const state = this.state();
    return { state, consecutiveFailures: this.failures, openUntil: state === 'open' && this.openedAt !== null ? new Date(this.openedAt + this.opts.cooldownMs).toISOString() : null };
  }
}

/** Prices in US dollars per million tokens, as the provider bills them; unknown prices give no cost. */
export interface TokenPrices {
  inputPerMTok: number | undefined;
  outputPerMTok: number | undefined;
}

export interface ModelUsage {
  model: string;
  /** Calls made to the endpoint (a retried call counts once). */
  calls: number;
  succeeded: number;
  failed: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  /** From the configured prices; null when they are not configured. */
  costUsd: number | null;
  /** Mean time of the successful calls, retries included. */
  meanLatencyMs: number | null;
}

/** Counts since the process started, per model name as configured. */
export class UsageLedger {
  private readonly byModel = new Map<string, { calls: number; succeeded: number; failed: number; retries: number; promptTokens: number; completionTokens: number; latencyMs: number }>();
  readonly since = new Date();
  private readonly prices: TokenPrices;

  constructor(prices: TokenPrices = { inputPerMTok: undefined, outputPerMTok: undefined }) {
    this.prices = prices;
  }

  private entry(model: string) {
    let e = this.byModel.get(model);
    if (!e) this.byModel.set(model, (e = { calls: 0, succeeded: 0, failed: 0, retries: 0, promptTokens: 0, completionTokens: 0, latencyMs: 0 }));
    return e;
  }

  retried(model: string): void {
    this.entry(model).retries++;
  }

  succeeded(model: string, tokens: { prompt: number; completion: number }, latencyMs: number): void {
    const e = this.entry(model);
    e.calls++;
    e.succeeded++;
    e.promptTokens += tokens.prompt;
    e.completionTokens += tokens.completion;
    e.latencyMs += latencyMs;
  }

  failed(model: string): void {
    const e = this.entry(model);
    e.calls++;
    e.failed++;
  }

  report(): ModelUsage[] {
    const { inputPerMTok, outputPerMTok } = this.prices;
    return [...this.byModel].map(([model, e]) => ({
      model,
      calls: e.calls,
      succeeded: e.succeeded,
      failed: e.failed,
      retries: e.retries,
      promptTokens: e.promptTokens,
      completionTokens: e.completionTokens,
      costUsd: inputPerMTok === undefined || outputPerMTok === undefined ? null : (e.promptTokens * inputPerMTok + e.completionTokens * outputPerMTok) / 1e6,
      meanLatencyMs: e.succeeded ? Math.round(e.latencyMs / e.succeeded) : null,
    }));
  }
}

/** What an admin sees of the tutor: which model answers, whether the endpoint is healthy, and what it has cost. */
export interface TutorStatus {
  mode: 'offline' | 'remote';
  /** Since when the counts run (the server's start). */
  since: string;
  remote: {
    /** The endpoint's origin only (a path or query could carry a key). */
    endpoint: string;
    model: string;
    circuit: { state: CircuitState; consecutiveFailures: number; openUntil: string | null };
    /** Calls the offline tutor answered after the endpoint failed. */
    fallbacks: number;
    /** Calls sent straight to the offline tutor while the circuit was open. */
    shortCircuited: number;
  } | null;
  models: ModelUsage[];
}
