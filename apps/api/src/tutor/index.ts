import type { Tutor } from '@satprep/domain';
import type { AppConfig } from '../config.ts';
import { OfflineTutor } from './offline.ts';
import { FallbackTutor, OpenAiTutor } from './openai.ts';

export { OfflineTutor, OFFLINE_MODEL_ID, PROMPT_VERSIONS, detectSkill } from './offline.ts';
export { OpenAiTutor, FallbackTutor } from './openai.ts';

/** The offline tutor, or an OpenAI-compatible model with the offline tutor as fallback when TUTOR_BASE_URL is set. */
export function createTutor(config: AppConfig['tutor'], log: (msg: string) => void = console.warn): Tutor {
  const offline = new OfflineTutor();
  if (!config.baseUrl || !config.model) return offline;
  const remote = new OpenAiTutor({ baseUrl: config.baseUrl, model: config.model, apiKey: config.apiKey, timeoutMs: config.timeoutMs });
  return new FallbackTutor(remote, offline, (err) => log(`tutor: ${config.baseUrl} failed (${err instanceof Error ? err.message : String(err)}); used the offline tutor`));
}
