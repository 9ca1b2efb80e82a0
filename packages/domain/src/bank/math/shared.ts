/**
 * Shared helpers for the parametric math generators: number formatting in SAT
 * style (Unicode minus, reduced fractions, radicals), a tiny expression
 * evaluator used by `verify` to check answers by substitution, and the
 * `defineGenerator` wrapper that turns a spec into a schema-shaped item.
 */
import { shuffle } from '../random.ts';
import { skillInfo, type SkillId } from '../../taxonomy.ts';
import type { ChoiceLabel } from '../../schemas/question.ts';
import type { FigureInput } from '../../schemas/figure.ts';
import type { GeneratedQuestion, QuestionGenerator } from '../types.ts';
import { assertNoChoiceLetters } from '../letters.ts';

export type Difficulty = 1 | 2 | 3;
export type Rand = () => number;

// ---------------------------------------------------------------- numbers

export const MINUS = '−';

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Rounds away binary noise so 0.1 + 0.2 compares and prints as 0.3. */
export function clean(x: number): number {
  const r = Math.round(x * 1e9) / 1e9;
  return Object.is(r, -0) ? 0 : r;
}

export function approx(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

export function isInt(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x - Math.round(x)) < 1e-9;
}

/** Smallest-denominator fraction n/d equal to x (d ≤ maxDen), or null. */
export function toRational(x: number, maxDen = 10000): [number, number] | null {
  if (!Number.isFinite(x)) return null;
  for (let d = 1; d <= maxDen; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n / d - x) < 1e-9) return [n, d];
  }
  return null;
}

export function fmtInt(n: number): string {
  const r = Math.round(n);
  return r < 0 ? `${MINUS}${-r}` : String(r);
}

export function fmtFrac(num: number, den: number): string {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den) || 1;
  const n = num / g;
  const d = den / g;
  if (d === 1) return fmtInt(n);
  return `${n < 0 ? MINUS : ''}${Math.abs(n)}/${d}`;
}

/** Decimal with at most `digits` places, trailing zeros dropped. */
export function fmtDec(x: number, digits = 4): string {
  let s = clean(x).toFixed(digits);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s.startsWith('-') ? `${MINUS}${s.slice(1)}` : s === '-0' ? '0' : s;
}

/** Money amounts: whole dollars without decimals, otherwise two decimals. */
export function fmtMoney(x: number): string {
  const c = clean(x);
  return isInt(c) ? fmtInt(c) : c.toFixed(2);
}

/** Integers as integers, other rationals as reduced fractions. */
export function fmtNum(x: number): string {
  const c = clean(x);
  if (isInt(c)) return fmtInt(c);
  const q = toRational(c, 1000);
  if (q) return fmtFrac(q[0], q[1]);
  return fmtDec(c);
}

/** Parenthesize negatives for substitution displays: 3(−2). */
export function par(x: number, fmt: (n: number) => string = fmtNum): string {
  return clean(x) < 0 ? `(${fmt(x)})` : fmt(x);
}

/** "+ 5" / "− 5" for a term following another term. */
export function signed(x: number, fmt: (n: number) => string = fmtNum): string {
  return clean(x) < 0 ? `${MINUS} ${fmt(-x)}` : `+ ${fmt(x)}`;
}

function coefText(c: number, v: string, fmt: (n: number) => string = fmtNum): string {
  const cc = clean(c);
  if (cc === 1) return v;
  if (cc === -1) return `${MINUS}${v}`;
  if (isInt(cc)) return `${fmtInt(cc)}${v}`;
  const f = fmt(Math.abs(cc));
  return `${cc < 0 ? MINUS : ''}${f.includes('/') ? `(${f})` : f}${v}`;
}

/**
 * Polynomial from coefficients, highest power first: poly([6, 7, -3]) = "6x^2 + 7x − 3".
 */
export function poly(coefs: readonly number[], v = 'x', fmt: (n: number) => string = fmtNum): string {
  const deg = coefs.length - 1;
  const parts: string[] = [];
  coefs.forEach((raw, i) => {
    const c = clean(raw);
    if (c === 0) return;
    const p = deg - i;
    const varPart = p === 0 ? '' : p === 1 ? v : `${v}^${p}`;
    let body: string;
    if (p === 0) body = fmt(Math.abs(c));
    else body = coefText(Math.abs(c), varPart, fmt);
    if (parts.length === 0) parts.push(c < 0 ? `${MINUS}${body}` : body);
    else parts.push(c < 0 ? `${MINUS} ${body}` : `+ ${body}`);
  });
  return parts.length ? parts.join(' ') : '0';
}

/** m·x + b as text: linear(2, -3) = "2x − 3". */
export function linear(m: number, b: number, v = 'x', fmt: (n: number) => string = fmtNum): string {
  return poly([m, b], v, fmt);
}

/** Simplified square root of a non-negative integer: 72 → "6√2", 49 → "7". */
export function radical(n: number, coef = 1): string {
  const [c, r] = simplifyRoot(n);
  const k = c * coef;
  if (r === 1) return fmtInt(k);
  return `${k === 1 ? '' : fmtInt(k)}√${r}`;
}

export function simplifyRoot(n: number): [number, number] {
  let c = 1;
  let r = Math.round(n);
  for (let f = 2; f * f <= r; f++) {
    while (r % (f * f) === 0) {
      r /= f * f;
      c *= f;
    }
  }
  return [c, r];
}

/** Grid-in form of a number: canonical answer plus accepted equivalents (SAT fill-in rules). */
export function sprForm(x: number, preferDecimal = false): { answer: string; accepted: string[] } {
  const c = clean(x);
  const q = toRational(c);
  if (!q) throw new Error(`spr answer ${x} is not rational`);
  const [n, d] = q;
  if (d === 1) return { answer: String(n), accepted: [] };
  const frac = `${n}/${d}`;
  let dd = d;
  while (dd % 2 === 0) dd /= 2;
  while (dd % 5 === 0) dd /= 5;
  const accepted = new Set<string>();
  let answer = frac;
  if (dd === 1) {
    const dec = String(c);
    if (preferDecimal) {
      answer = dec;
      accepted.add(frac);
    } else accepted.add(dec);
  } else {
    for (const digits of [3, 4]) {
      const scale = 10 ** digits;
      accepted.add(String(Math.round(c * scale) / scale));
      accepted.add(String(Math.trunc(c * scale) / scale));
    }
  }
  accepted.delete(answer);
  return { answer, accepted: [...accepted] };
}

// ---------------------------------------------------------------- evaluator

type Tok = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Tok[] {
  const s = src
    .replace(/[−–]/g, '-')
    .replace(/[×·]/g, '*')
    .replace(/÷/g, '/')
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      let j = i;
      while (j < s.length && /[0-9.]/.test(s[j]!)) j++;
      const str = s.slice(i, j);
      if (!/^(\d+(\.\d*)?|\.\d+)$/.test(str)) throw new Error(`bad number ${str}`);
      out.push({ t: 'num', v: Number(str) });
      i = j;
    } else if (c === 'π') {
      out.push({ t: 'num', v: Math.PI });
      i++;
    } else if (/[a-zA-Z]/.test(c)) {
      out.push({ t: 'id', v: c });
      i++;
    } else if ('+-*/^()√'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
    } else throw new Error(`unexpected character ${c}`);
  }
  return out;
}

class Parser {
  private pos = 0;
  private readonly toks: Tok[];
  private readonly vars: Record<string, number>;
  constructor(toks: Tok[], vars: Record<string, number>) {
    this.toks = toks;
    this.vars = vars;
  }

  parse(): number {
    const v = this.expr();
    if (this.pos !== this.toks.length) throw new Error('trailing input');
    return v;
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  private startsAtom(): boolean {
    const t = this.peek();
    if (!t) return false;
    return t.t !== 'op' || t.v === '(' || t.v === '√';
  }

  private expr(): number {
    let v = this.term();
    for (;;) {
      if (this.isOp('+')) {
        this.pos++;
        v += this.term();
      } else if (this.isOp('-')) {
        this.pos++;
        v -= this.term();
      } else return v;
    }
  }

  private term(): number {
    let v = this.unary();
    for (;;) {
      if (this.isOp('*')) {
        this.pos++;
        v *= this.unary();
      } else if (this.isOp('/')) {
        this.pos++;
        v /= this.unary();
      } else if (this.startsAtom()) {
        v *= this.power();
      } else return v;
    }
  }

  private unary(): number {
    if (this.isOp('-')) {
      this.pos++;
      return -this.unary();
    }
    if (this.isOp('+')) {
      this.pos++;
      return this.unary();
    }
    return this.power();
  }

  private power(): number {
    const base = this.atom();
    if (this.isOp('^')) {
      this.pos++;
      return base ** this.unary();
    }
    return base;
  }

  private atom(): number {
    const t = this.peek();
    if (!t) throw new Error('unexpected end');
    this.pos++;
    if (t.t === 'num') return t.v;
    if (t.t === 'id') {
      const v = this.vars[t.v];
      if (v === undefined) throw new Error(`unknown variable ${t.v}`);
      return v;
    }
    if (t.v === '(') {
      const v = this.expr();
      if (!this.isOp(')')) throw new Error('missing )');
      this.pos++;
      return v;
    }
    if (t.v === '√') return Math.sqrt(this.atom());
    throw new Error(`unexpected ${t.v}`);
  }
}

/** Evaluates plain-text math ("3x^2 − 2(x + 1)", "5√2", "12π") with the given variables. */
export function evaluate(expr: string, vars: Record<string, number> = {}): number {
  return new Parser(tokenize(expr), vars).parse();
}

export function tryEvaluate(expr: string, vars: Record<string, number> = {}): number | null {
  try {
    const v = evaluate(expr, vars);
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}

/** The right-hand side of "y = 2x + 1" / "f(t) = 40(1.5)^t", or the whole text. */
export function rhs(text: string): string {
  const i = text.lastIndexOf('=');
  return i >= 0 ? text.slice(i + 1) : text;
}

/**
 * A numeric value from a choice or grid-in text: "12", "−3", "3/4", "x = 4",
 * "$52.50", "16%", "72π", "5√3", "1,440".
 */
export function parseValue(text: string): number | null {
  const s = rhs(text)
    .replace(/[$%°]/g, '')
    .replace(/\s+[a-zA-Z][a-zA-Z\s.]*$/, '')
    .trim();
  if (s === '') return null;
  return tryEvaluate(s);
}

/** "(3, −2)" → [3, -2]. */
export function parsePoint(text: string): [number, number] | null {
  const m = /\(\s*([^,()]+),\s*([^,()]+)\)/.exec(text);
  if (!m) return null;
  const x = tryEvaluate(m[1]!);
  const y = tryEvaluate(m[2]!);
  return x === null || y === null ? null : [x, y];
}

export type IneqOp = '<' | '>' | '≤' | '≥';

/** "x ≤ −4" → { op: '≤', bound: -4 }. */
export function parseIneq(text: string): { variable: string; op: IneqOp; bound: number } | null {
  const m = /^\s*([a-z])\s*(<=|>=|<|>|≤|≥)\s*(.+)$/.exec(text);
  if (!m) return null;
  const op = ({ '<=': '≤', '>=': '≥' } as Record<string, IneqOp>)[m[2]!] ?? (m[2] as IneqOp);
  const bound = tryEvaluate(m[3]!);
  return bound === null ? null : { variable: m[1]!, op, bound };
}

export function compare(a: number, op: IneqOp, b: number): boolean {
  const eq = approx(a, b);
  switch (op) {
    case '<':
      return a < b && !eq;
    case '>':
      return a > b && !eq;
    case '≤':
      return a < b || eq;
    case '≥':
      return a > b || eq;
  }
}

/** Verifier for numeric answers: parses the text and applies `check`. */
export function numCheck(check: (v: number) => boolean): (answer: string) => boolean {
  return (answer) => {
    const v = parseValue(answer);
    return v !== null && check(v);
  };
}

/** True when `expr` (in variable v) agrees with `f` at every sample point. */
export function sameFunction(expr: string, f: (x: number) => number, v = 'x', xs: readonly number[] = [-2.5, -1, 0, 0.5, 1, 2, 3.7]): boolean {
  for (const x of xs) {
    const got = tryEvaluate(expr, { [v]: x });
    const want = f(x);
    if (!Number.isFinite(want)) continue;
    if (got === null || !approx(got, want, 1e-7)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- choices

/** A wrong value and the mistake that produces it (said without choice letters: choices are shuffled). */
export interface Mistake {
  value: number;
  /** Continues the value's text: "3/4" + " comes from adding the denominators." */
  why: string;
}
/** A wrong choice's text and why it tempts and fails. */
export interface Explained {
  text: string;
  why: string;
}

export function mistake(value: number, why: string): Mistake {
  return { value, why };
}

/** Said of a distractor the generator made by stepping away from the key, not from a named mistake. */
export function nearMissWhy(text: string): string {
  return `${text} is close to the correct value, which is what a slip in the last step of the arithmetic produces; substituting ${text} back into the conditions of the problem shows that it does not satisfy them.`;
}

/** Said of a distractor whose generator names no mistake. */
export function unexplainedWhy(text: string): string {
  return `${text} comes from a slip in setting up or carrying out the computation; checking ${text} against the conditions of the problem shows that it does not satisfy them.`;
}

/**
 * Formatted numeric distractors: candidates in order of preference (student
 * mistakes), skipping duplicates, the key, and values failing `ok`; padded with
 * key ± step if fewer than three survive. Each carries the mistake that made it.
 */
export function numDistractorsExplained(
  key: number,
  candidates: readonly (number | Mistake)[],
  opts: { fmt?: (n: number) => string; ok?: (n: number) => boolean; step?: number } = {},
): Explained[] {
  const fmt = opts.fmt ?? fmtNum;
  const seen = new Set([fmt(key)]);
  const out: Explained[] = [];
  const add = (n: number, why: ((text: string) => string) | string): void => {
    if (out.length >= 3 || !Number.isFinite(n)) return;
    if (opts.ok && !opts.ok(n)) return;
    const t = fmt(n);
    if (seen.has(t)) return;
    seen.add(t);
    out.push({ text: t, why: typeof why === 'string' ? why : why(t) });
  };
  for (const c of candidates) {
    if (typeof c === 'number') add(c, unexplainedWhy);
    else add(c.value, (t) => `${t} ${c.why}`);
  }
  const step = opts.step ?? 1;
  for (let k = 1; out.length < 3 && k < 100; k++) {
    add(key + k * step, nearMissWhy);
    add(key - k * step, nearMissWhy);
  }
  return out;
}

export const positive = (n: number): boolean => n > 0;
export const positiveInt = (n: number): boolean => n > 0 && isInt(n);
export const isIntOk = (n: number): boolean => isInt(n);

// ---------------------------------------------------------------- generator wrapper

interface SpecBase {
  difficulty: Difficulty;
  stem: string;
  rationale: string;
  verify: (answer: string) => boolean;
  passage?: string;
  /** The figure the stem refers to; built from the item's own numbers, drawing no random values (so adding one leaves the item unchanged). */
  figure?: FigureInput;
}
export interface McqPart {
  format: 'mcq';
  key: string;
  /** Wrong choices, each best with the mistake that produces it. */
  distractors: (string | Explained)[];
}
export interface SprPart {
  format: 'spr';
  answer: string;
  accepted?: string[];
}
export type Spec = SpecBase & (McqPart | SprPart);

/** Format-specific part of a numeric item: grid-in when `spr`, else mcq with mistake-based distractors. */
export function numericPart(
  spr: boolean,
  key: number,
  candidates: readonly (number | Mistake)[],
  opts: { fmt?: (n: number) => string; ok?: (n: number) => boolean; step?: number; preferDecimal?: boolean } = {},
): McqPart | SprPart {
  if (spr) {
    const { answer, accepted } = sprForm(key, opts.preferDecimal);
    return { format: 'spr', answer, accepted };
  }
  const fmt = opts.fmt ?? fmtNum;
  return { format: 'mcq', key: fmt(key), distractors: numDistractorsExplained(key, candidates, opts) };
}

/** Text distractors: distinct, different from the key, first three kept (with their explanations). */
export function textDistractors(key: string, candidates: readonly (string | Explained)[]): Explained[] {
  const seen = new Set([key.trim()]);
  const out: Explained[] = [];
  for (const c of candidates) {
    const t = (typeof c === 'string' ? c : c.text).trim();
    if (out.length < 3 && !seen.has(t)) {
      seen.add(t);
      out.push({ text: t, why: typeof c === 'string' ? unexplainedWhy(t) : c.why });
    }
  }
  return out;
}

/** Pairs a wrong text choice with its explanation. */
export function wrong(text: string, why: string): Explained {
  return { text, why };
}

const LABELS: readonly ChoiceLabel[] = ['A', 'B', 'C', 'D'];

/**
 * Each generator is written as six templates ("slots" 0–5, one per bank item);
 * indexes past 5 reuse the slots with fresh random parameters.
 */
export const GENERATOR_SLOTS = 6;

export function defineGenerator(id: string, skill: SkillId, make: (rand: Rand, slot: number) => Spec): QuestionGenerator {
  const info = skillInfo(skill);
  return {
    id,
    skill,
    generate(rand, index): GeneratedQuestion {
      const spec = make(rand, ((index % GENERATOR_SLOTS) + GENERATOR_SLOTS) % GENERATOR_SLOTS);
      assertNoChoiceLetters(`${id}#${index}`, 'the rationale', spec.rationale);
      const base = {
        section: 'Math' as const,
        domain: info.domain,
        skill,
        difficulty: spec.difficulty,
        ...(spec.passage ? { passage: spec.passage } : {}),
        stem: spec.stem,
        rationale: spec.rationale,
        ...(spec.figure ? { figure: spec.figure } : {}),
      };
      if (spec.format === 'spr') {
        return {
          item: { ...base, format: 'spr', choices: [], answer: spec.answer, acceptedAnswers: spec.accepted ?? [] },
          verify: spec.verify,
        };
      }
      const distractors = textDistractors(spec.key, spec.distractors);
      if (distractors.length < 3) throw new Error(`${id}#${index}: only ${distractors.length} distinct distractors`);
      const texts = shuffle(rand, [spec.key, ...distractors.map((d) => d.text)]);
      const choices = texts.map((text, i) => ({ label: LABELS[i]!, text }));
      const answer = LABELS[texts.indexOf(spec.key)]!;
      const choiceExplanations: Record<string, string> = {};
      for (const d of distractors) {
        assertNoChoiceLetters(`${id}#${index}`, `the explanation of ${d.text}`, d.why);
        choiceExplanations[LABELS[texts.indexOf(d.text)]!] = d.why;
      }
      return { item: { ...base, format: 'mcq', choices, answer, choiceExplanations }, verify: spec.verify };
    },
  };
}

/** Random nonzero integer in [min, max]. */
export function nonzero(rand: Rand, min: number, max: number): number {
  for (;;) {
    const v = min + Math.floor(rand() * (max - min + 1));
    if (v !== 0) return v;
  }
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st … */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
