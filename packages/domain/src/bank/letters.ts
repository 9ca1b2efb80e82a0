/**
 * Choices are shuffled (math) or rotated (Reading and Writing) after an item is written, so a
 * letter in a rationale or a choice explanation can end up naming the wrong choice. Texts refer to
 * choices by their content instead; this finds the places where a text names a letter anyway.
 */
const CHOICE_LETTER_PATTERNS: readonly RegExp[] = [
  // "choice B", "choices A, C and D", "option C", "answer (D)", "the key A"
  /\b(?:[Cc]hoices?|[Oo]ptions?|[Aa]nswers?|[Kk]ey|[Ll]etter)\s*\(?[A-D]\b/,
  // "so A is wrong", "B and C are incorrect", "D) is right"
  /\b[A-D]\)?\s+(?:is|are|was|were|would be|could be|seems|looks)\s+(?:wrong|incorrect|correct|right|tempting|a trap|the answer|the key|the best|best|true|false|out)\b/,
  // "(B)" as a reference, "(choice B)"
  /\(\s*[A-D]\s*\)/,
];

/** The first mention of a choice letter in `text`, or null. */
export function choiceLetterMention(text: string): string | null {
  for (const re of CHOICE_LETTER_PATTERNS) {
    const m = re.exec(text);
    if (m) return m[0];
  }
  return null;
}

/** Throws when an item's explanatory text names a choice letter: it would be wrong after the choices move. */
export function assertNoChoiceLetters(id: string, what: string, text: string): void {
  const hit = choiceLetterMention(text);
  if (hit) throw new Error(`${id}: ${what} names a choice letter ("${hit}"); refer to the choice by its content`);
}
