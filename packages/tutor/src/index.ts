import type { Tutor, TutorText } from '@satprep/domain';
import { OfflineTutor } from './offline/index.ts';
import { UsageLedger, type TutorStatus } from './health.ts';
import { FallbackTutor, OpenAiTutor } from './openai.ts';

export { OfflineTutor, OFFLINE_MODEL_ID, PROMPT_VERSIONS, detectSkill } from './offline/index.ts';
export { classifyHelpQuery, answerNamedInQuery, HELP_INTENTS, type HelpIntent } from './offline/intent.ts';
export { classifyNote, type NoteKind } from './offline/reply.ts';
export { OpenAiTutor, FallbackTutor, type OpenAiTutorOptions } from './openai.ts';
export { CircuitBreaker, EndpointError, UsageLedger, type ModelUsage, type TutorStatus, type TokenPrices } from './health.ts';
export { SKILL_TIPS, SKILL_KEYWORDS } from './skill-tips.ts';

/** Where an OpenAI-compatible tutor model is served; without baseUrl and model the offline tutor answers. */
export interface TutorConfig {
  baseUrl: string | undefined;
  model: string | undefined;
  apiKey: string | undefined;
  timeoutMs: number;
  /** US dollars per million tokens, for the cost the admins see; optional. */
  prices?: { inputPerMTok: number | undefined; outputPerMTok: number | undefined };
}

/** The offline tutor, or an OpenAI-compatible model with the offline tutor as fallback when a base URL is configured. */
export function createTutor(config: TutorConfig, log: (msg: string) => void = console.warn): Tutor {
  const offline = new OfflineTutor();
  if (!config.baseUrl || !config.model) return offline;
  const usage = new UsageLedger(config.prices);
  const endpoint = new URL(config.baseUrl).origin;
  const remote = new OpenAiTutor({ baseUrl: config.baseUrl, model: config.model, apiKey: config.apiKey, timeoutMs: config.timeoutMs, usage });
  return new FallbackTutor(remote, offline, (err) => log(`tutor: ${endpoint} failed (${err instanceof Error ? err.message : String(err)}); used the offline tutor`), {
    usage,
    endpoint,
    onCircuitOpen: () => log(`tutor: ${endpoint} keeps failing; the offline tutor answers until it recovers (circuit open)`),
  });
}

/** What the admins see of a tutor: the remote endpoint's health and usage, or that the offline tutor answers. */
export function tutorStatus(tutor: Tutor, since = new Date()): TutorStatus {
  if (tutor instanceof FallbackTutor) return tutor.status();
  return { mode: 'offline', since: since.toISOString(), remote: null, models: [] };
}

/**
 * The prompt version stored with an output: an output the tutor marked as unanswerable is
 * stored as `<version>+unanswerable`, so exports can leave it out without a new column.
 */
export function storedPromptVersion(t: Pick<TutorText, 'promptVersion' | 'unanswerable'>): string {
  return t.unanswerable ? `${t.promptVersion}${UNANSWERABLE_SUFFIX}` : t.promptVersion;
}

export const UNANSWERABLE_SUFFIX = '+unanswerable';
