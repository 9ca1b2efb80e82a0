import type { QuestionInput } from '../../schemas/question.ts';
import type { Domain, SkillId } from '../../taxonomy.ts';
import { assertNoChoiceLetters } from '../letters.ts';
import { hashString } from '../random.ts';

type Label = 'A' | 'B' | 'C' | 'D';

const LABELS = ['A', 'B', 'C', 'D'] as const;

/** For each wrong choice, in the order the choices are written: why it tempts and why it fails. */
export type WrongChoiceExplanations = Partial<Record<Label, string>>;

/**
 * Builds one authored Reading and Writing item. Choices are rotated so the key lands on a
 * position derived from the id (keys spread evenly over A–D however the item was written).
 * Rationales and choice explanations never name a letter (the builder refuses them), so the
 * rotation cannot make a text point at the wrong choice; `explain` is keyed by the letters as
 * written and relabelled with the choices.
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
  explain: WrongChoiceExplanations = {},
): QuestionInput {
  const shift = (hashString(id) % 4 - LABELS.indexOf(answer) + 4) % 4;
  const relabel = (l: Label): Label => LABELS[(LABELS.indexOf(l) + shift) % 4]!;
  const rotated = LABELS.map((_, i) => choices[(i - shift + 4) % 4]!);
  assertNoChoiceLetters(id, 'the rationale', rationale);
  const choiceExplanations: Record<string, string> = {};
  for (const [label, why] of Object.entries(explain) as [Label, string][]) {
    if (label === answer) throw new Error(`${id}: the key ${label} needs no wrong-choice explanation`);
    assertNoChoiceLetters(id, `the explanation of choice ${label}`, why);
    choiceExplanations[relabel(label)] = why;
  }
  return {
    id, section: 'Reading and Writing', domain, skill, difficulty, format: 'mcq', passage, stem,
    choices: LABELS.map((label, i) => ({ label, text: rotated[i]! })),
    answer: relabel(answer), rationale, choiceExplanations, source: 'authored',
  };
}

export const CONVENTIONS_STEM = 'Which choice completes the text so that it conforms to the conventions of Standard English?';
export const TRANSITION_STEM = 'Which choice completes the text with the most logical transition?';
