import type { QuestionInput } from '../../schemas/question.ts';
import type { Domain, SkillId } from '../../taxonomy.ts';
import { hashString } from '../random.ts';

type Label = 'A' | 'B' | 'C' | 'D';

const LABELS = ['A', 'B', 'C', 'D'] as const;

/**
 * Builds one authored Reading and Writing item. Choices are rotated so the key lands on a
 * position derived from the id (keys spread evenly over A–D however the item was written);
 * "choice X" / "choices X, Y and Z" in the rationale are relabelled to match.
 */
export function rw(
  id: string,
  domain: Domain,
  skill: SkillId,
  difficulty: 1 | 2 | 3,
  passage: string,
  stem: string,
  choices: [string, string, string, string],
  answer: Label,
  rationale: string,
): QuestionInput {
  const shift = (hashString(id) % 4 - LABELS.indexOf(answer) + 4) % 4;
  const relabel = (l: string) => LABELS[(LABELS.indexOf(l as Label) + shift) % 4]!;
  const rotated = LABELS.map((_, i) => choices[(i - shift + 4) % 4]!);
  const text = rationale.replace(/\b([Cc]hoices?) ([A-D](?:(?:, and |, | and | or )[A-D])*)\b/g, (_m, word: string, list: string) => `${word} ${list.replace(/[A-D]/g, relabel)}`);
  return {
    id, section: 'Reading and Writing', domain, skill, difficulty, format: 'mcq', passage, stem,
    choices: LABELS.map((label, i) => ({ label, text: rotated[i]! })),
    answer: relabel(answer), rationale: text, source: 'authored',
  };
}

export const CONVENTIONS_STEM = 'Which choice completes the text so that it conforms to the conventions of Standard English?';
export const TRANSITION_STEM = 'Which choice completes the text with the most logical transition?';
