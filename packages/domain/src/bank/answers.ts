import type { Question } from '../schemas/question.ts';

/** Parses a grid-in entry: integers, decimals, fractions like "7/2", negatives. */
export function parseNumericAnswer(raw: string): number | null {
  const s = raw.trim().replace(/\s+/g, '').replace(/^\+/, '');
  if (/^-?\d+(\.\d+)?$/.test(s) || /^-?\.\d+$/.test(s)) return Number(s);
  const frac = /^(-?\d+)\/(\d+)$/.exec(s);
  if (frac) {
    const den = Number(frac[2]);
    return den === 0 ? null : Number(frac[1]) / den;
  }
  return null;
}

/** True when a student's answer matches the item's key (equivalent numeric forms count for grid-ins). */
export function isCorrectAnswer(q: Pick<Question, 'format' | 'answer' | 'acceptedAnswers'>, given: string): boolean {
  const answer = given.trim();
  if (answer === '') return false;
  if (q.format === 'mcq') return answer.toUpperCase() === q.answer;
  const keys = [q.answer, ...q.acceptedAnswers];
  if (keys.some((k) => k.trim().toLowerCase() === answer.toLowerCase())) return true;
  const value = parseNumericAnswer(answer);
  if (value === null) return false;
  return keys.some((k) => {
    const kv = parseNumericAnswer(k);
    return kv !== null && Math.abs(kv - value) < 1e-9 * Math.max(1, Math.abs(kv));
  });
}
