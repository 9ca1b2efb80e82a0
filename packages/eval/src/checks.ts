/**
 * Checks that need no judge model: each looks at one case's rendered input and the model's output
 * and passes, fails (with what failed) or does not apply. The data-quality rules are the dataset
 * audit's own (placeholders, internal ids, grounding, key leaks in hints, answer/verdict
 * contradictions), so a model is held to what its training data is held to.
 */
import { contradiction, emptyCounts, groundingViolation, internalId, itemFacts, keyLeak, placeholderIn, redact } from '@satprep/exporter';
import type { EvalCase } from './set.ts';

export const CHECKS = ['final_answer', 'key_leak', 'grounding', 'contradiction', 'placeholder', 'internal_id', 'contact', 'length', 'on_topic'] as const;
export type CheckName = (typeof CHECKS)[number];

/** null: the check does not apply to this case. */
export type CheckResult = { ok: true } | { ok: false; detail: string } | null;

export const LENGTH_BOUNDS = { min: 40, max: 1200 } as const;

const REFUSAL = /\b(?:I(?:'m| am) (?:sorry|unable|not able)|I can(?:no|')t (?:help|assist|answer)|as an AI\b|language model)\b/i;
const NUMBER = /[−-]?\d+(?:\.\d+)?(?:\/\d+)?/g;
const toAscii = (s: string) => s.replace(/−/g, '-');

/**
 * The explanation of a help case arrives at the key: for a choice item it names the key letter or
 * quotes the key's text and names no other letter as the answer; for a math item, some number it
 * states is a correct answer by the item's own independent check (computed, not string-matched).
 */
function finalAnswer(c: EvalCase, output: string): CheckResult {
  if (c.kind !== 'explain' || !c.key) return null;
  const other = /\b(?:the )?(?:correct |right )?answer is:?\s+\(?([A-D])\b|\bchoice ([A-D]) is (?:the )?(?:correct|right)\b/gi;
  for (let m = other.exec(output); m; m = other.exec(output)) {
    const letter = (m[1] ?? m[2])!.toUpperCase();
    if (/^[A-D]$/.test(c.key) && letter !== c.key) return { ok: false, detail: `names ${letter} as the answer; the key is ${c.key}` };
  }
  if (/^[A-D]$/.test(c.key)) {
    if (new RegExp(`\\b(?:answer|choice|option|key)\\s+(?:is\\s+)?\\(?${c.key}\\b|\\b${c.key}\\)?\\s+is\\s+(?:the\\s+)?(?:correct|right|answer|key)`, 'i').test(output)) return { ok: true };
    // "Redo it … and you should reach C", "What works instead is C": the working arrives at the key.
    if (new RegExp(`\\b(?:reach|arrive at|land on|leads? (?:you )?to|works(?: instead)? is)\\s+\\(?${c.key}\\b`, 'i').test(output)) return { ok: true };
  }
  if (c.verify) {
    for (const n of toAscii(output).match(NUMBER) ?? []) if (c.verify(n)) return { ok: true };
    // A choice item's key may be stated by its text ("x = 5") rather than its letter.
  }
  return { ok: false, detail: `does not arrive at the key ${c.key}` };
}

/** Content words (4+ letters) and numbers of a text. */
function terms(text: string): Set<string> {
  return new Set(toAscii(text.toLowerCase()).match(/[a-z]{4,}|\d+(?:\.\d+)?/g) ?? []);
}

const STOP = new Set(['this', 'that', 'with', 'your', 'what', 'which', 'from', 'have', 'they', 'them', 'there', 'their', 'then', 'than', 'when', 'will', 'would', 'could', 'should', 'about', 'into', 'each', 'question', 'answer', 'student', 'correct']);

/** Not a refusal, and specific: shares a content word or number with the input, or works with a number of its own (a step of the solution). */
function onTopic(input: string, output: string): CheckResult {
  if (REFUSAL.test(output)) return { ok: false, detail: `refuses ("${REFUSAL.exec(output)![0]}")` };
  const mine = terms(input);
  for (const t of terms(output)) if (!STOP.has(t) && (mine.has(t) || /^\d{2,}/.test(t))) return { ok: true };
  return { ok: false, detail: 'shares no content word or number with its input' };
}

/** What the redactor finds that is a way to reach someone (names are for the grounding and placeholder rules). */
const CONTACT_KINDS = ['email', 'phone', 'url', 'address', 'handle'] as const;

function contact(output: string): CheckResult {
  const counts = emptyCounts();
  redact(output, [], counts);
  const found = CONTACT_KINDS.filter((kind) => counts[kind] > 0);
  return found.length ? { ok: false, detail: `contains ${found.join(', ')}` } : { ok: true };
}

/**
 * The checks that need only the output (no input or case): placeholders, internal ids, contact
 * details, length and refusals. Null when it passes all of them, else what failed first. Used on
 * stored outputs too (the experiment comparison), where the case is not known.
 */
export function outputRuleFailure(output: string): string | null {
  const failed = placeholderIn(output) ?? internalId(output) ?? (contact(output) as { detail?: string } | null)?.detail ?? null;
  if (failed) return failed;
  if (output.length < LENGTH_BOUNDS.min || output.length > LENGTH_BOUNDS.max) return `${output.length} characters (bounds ${LENGTH_BOUNDS.min}–${LENGTH_BOUNDS.max})`;
  return REFUSAL.test(output) ? `refuses ("${REFUSAL.exec(output)![0]}")` : null;
}

const fromDetail = (detail: string | null): CheckResult => (detail ? { ok: false, detail } : { ok: true });

/** Every check on one case's output. */
export function checkCase(c: EvalCase, input: string, output: string, promptVersion: string): Record<CheckName, CheckResult> {
  const ex = { source: c.source, input, output, promptVersion };
  const onItem = itemFacts(input) !== null;
  return {
    final_answer: finalAnswer(c, output),
    key_leak: c.kind === 'hint' ? fromDetail(keyLeak({ ...ex, promptVersion: promptVersion.includes('hint') ? promptVersion : `${promptVersion}+hint` })) : null,
    grounding: fromDetail(groundingViolation(ex)),
    contradiction: onItem ? fromDetail(contradiction(ex)) : null,
    placeholder: fromDetail(placeholderIn(output)),
    internal_id: fromDetail(internalId(output)),
    contact: contact(output),
    length: output.length < LENGTH_BOUNDS.min || output.length > LENGTH_BOUNDS.max ? { ok: false, detail: `${output.length} characters (bounds ${LENGTH_BOUNDS.min}–${LENGTH_BOUNDS.max})` } : { ok: true },
    on_topic: onTopic(input, output),
  };
}
