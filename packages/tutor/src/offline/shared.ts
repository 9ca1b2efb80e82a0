import { nameInRunningText, SKILLS, skillInfo, type ExplainRequest, type SkillStat, type TutorText } from '@satprep/domain';
import { SHARED_KEYWORDS, SKILL_KEYWORDS } from '../skill-tips.ts';

export const OFFLINE_MODEL_ID = 'satprep-offline-tutor-1';

/** What one offline writer returns; the OfflineTutor adds the model id. */
export type OfflineText = Omit<TutorText, 'modelId'>;

export const pct = (correct: number, total: number) => (total === 0 ? 0 : Math.round((100 * correct) / total));
export const skillName = (skill: string) => skillInfo(skill).name;
/** A skill's name in running text, first letter lower-cased (see nameInRunningText). */
export const skillInText = (skill: string) => lowerFirst(nameInRunningText(skillName(skill)));
export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A sentence with its full stop: none added after one, nor after one inside a closing quote ("… by direct teaching."). */
export const endSentence = (s: string) => (/[.!?]["”’]?$/.test(s) ? s : `${s}.`);

export function weakest(stats: SkillStat[]): SkillStat | undefined {
  return [...stats].filter((s) => s.total > 0).sort((a, b) => a.correct / a.total - b.correct / b.total || b.total - a.total)[0];
}

export function strongest(stats: SkillStat[]): SkillStat | undefined {
  return [...stats].filter((s) => s.total > 0).sort((a, b) => b.correct / b.total - a.correct / a.total || b.total - a.total)[0];
}

/** First sentence of a text (rationales start with the key step). */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m ? m[1]! : text).trim();
}

export function choiceText(q: ExplainRequest['question'], label: string | null): string | null {
  if (!label) return null;
  return q.choices.find((c) => c.label === label.toUpperCase())?.text ?? null;
}

export function answerPhrase(q: ExplainRequest['question'], answer: string): string {
  const text = choiceText(q, answer);
  return text ? `${answer.toUpperCase()} (${text})` : answer;
}

/**
 * A keyword as a whole word, plural allowed ("circle" in "circles", not "sin" in "since", "tan" in
 * "understand", "rate" in "accurate", "arc" in "research"); a keyword that starts or ends with a
 * symbol ("%") is matched as written.
 */
const keywordPattern = (w: string) => {
  const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(/^[a-z]/.test(w) && /[a-z]$/.test(w) ? `(?<![a-z])${escaped}(?:s|es)?(?![a-z])` : escaped);
};
/** Each skill's keywords as patterns; `shared` marks the words any note may use in passing (`SHARED_KEYWORDS`). */
const KEYWORD_PATTERNS = Object.entries(SKILL_KEYWORDS).map(([skill, words]) => ({
  skill,
  words: words!.map((w) => ({ w, re: keywordPattern(w), shared: SHARED_KEYWORDS.has(w) })),
}));
/** Whether a lower-cased text holds a skill's taxonomy name. */
const holdsName = (lower: string, skill: string) => lower.includes(skillName(skill).toLowerCase());

/**
 * Finds the skill a free-text note or question is most likely about. `distinctive` counts only
 * keywords that belong to one topic (not `SHARED_KEYWORDS`) and the skills' names.
 */
export function detectSkill(text: string, { distinctive = false } = {}): string | null {
  const lower = ` ${text.toLowerCase()} `;
  let best: { skill: string; score: number } | null = null;
  for (const { skill, words } of KEYWORD_PATTERNS) {
    const score = words.reduce((n, { w, re, shared }) => n + (!(distinctive && shared) && re.test(lower) ? w.length : 0), 0);
    if (score > 0 && (!best || score > best.score)) best = { skill, score };
  }
  if (best) return best.skill;
  return SKILLS.find((s) => holdsName(lower, s.skill))?.skill ?? null;
}

/** Whether a text speaks of a skill by one of its distinctive keywords (not `SHARED_KEYWORDS`) or its name. */
export function mentionsSkill(skill: string, text: string): boolean {
  const lower = ` ${text.toLowerCase()} `;
  const words = KEYWORD_PATTERNS.find((k) => k.skill === skill)?.words ?? [];
  return words.some(({ re, shared }) => !shared && re.test(lower)) || holdsName(lower, skill);
}
