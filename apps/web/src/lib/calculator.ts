import {
  create,
  type FactoryFunctionMap,
  type MathJsInstance,
  evaluateDependencies,
  addDependencies,
  subtractDependencies,
  multiplyDependencies,
  divideDependencies,
  powDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  factorialDependencies,
  modDependencies,
  sqrtDependencies,
  cbrtDependencies,
  nthRootDependencies,
  absDependencies,
  expDependencies,
  roundDependencies,
  floorDependencies,
  ceilDependencies,
  piDependencies,
  eDependencies,
  combinationsDependencies,
  permutationsDependencies,
  gcdDependencies,
  lcmDependencies,
  minDependencies,
  maxDependencies,
  meanDependencies,
  medianDependencies,
  log10Dependencies,
  log2Dependencies,
  formatDependencies,
} from 'mathjs';

/**
 * The calculator's expression evaluation: mathjs (its own parser and evaluator, no eval or
 * new Function, so the page's CSP holds), with the conventions of a school calculator:
 * `log` is base 10 and `ln` natural, `×`, `÷`, `−`, `π`, `√` and `²` are read as typed, angles
 * are in degrees or radians, `ans` is the last result, and variables (`x = 3`) last while the
 * calculator is open. This module is loaded only when the calculator is first opened.
 */

export type AngleMode = 'deg' | 'rad';
export type Evaluation = { ok: true; value: number; text: string } | { ok: false; error: string };

/** Results this close to zero are shown as 0 (sin 180° is 1.2e-16 in floating point). */
const ZERO = 1e-12;
/** Significant digits shown, as on a school calculator. */
const DIGITS = 12;

let shared: Pick<MathJsInstance, 'evaluate' | 'format'> | null = null;
function mathjs(): Pick<MathJsInstance, 'evaluate' | 'format'> {
  if (shared) return shared;
  // Only what a school calculator needs, not all of mathjs (half the download).
  // (mathjs types each *Dependencies as possibly undefined; they are all defined.)
  const math = create({ evaluateDependencies, addDependencies, subtractDependencies, multiplyDependencies, divideDependencies, powDependencies, unaryMinusDependencies, unaryPlusDependencies, factorialDependencies, modDependencies, sqrtDependencies, cbrtDependencies, nthRootDependencies, absDependencies, expDependencies, roundDependencies, floorDependencies, ceilDependencies, piDependencies, eDependencies, combinationsDependencies, permutationsDependencies, gcdDependencies, lcmDependencies, minDependencies, maxDependencies, meanDependencies, medianDependencies, log10Dependencies, log2Dependencies, formatDependencies } as FactoryFunctionMap, { number: 'number' });
  // What the calculator has no use for, and what would let an expression reach the library itself.
  const refuse = (name: string) => () => {
    throw new Error(`${name} is not available in this calculator`);
  };
  // Kept before the import below disables it for expressions (as mathjs's security guide does).
  const evaluate = math.evaluate;
  const format = math.format;
  math.import(
    Object.fromEntries(['import', 'createUnit', 'reviver', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve'].map((n) => [n, refuse(n)])),
    { override: true },
  );
  shared = { evaluate, format };
  return shared;
}

/** What a student types, in the notation mathjs reads. */
export function normalize(expression: string): string {
  return expression
    .replace(/[×·∙]/g, '*')
    .replace(/÷/g, '/')
    .replace(/[−–—]/g, '-')
    .replace(/π/g, 'pi')
    .replace(/√/g, 'sqrt')
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .replace(/°/g, ' deg')
    .trim();
}

const RAD_PER_DEG = Math.PI / 180;
const toNumber = (x: unknown, name: string): number => {
  if (typeof x !== 'number') throw new Error(`${name} takes a number`);
  return x;
};


/** Functions that differ from mathjs's own: angles in the chosen unit, log base 10, ln. */
function builtins(mode: AngleMode): Record<string, number | ((...args: unknown[]) => number)> {
  const inRad = (x: unknown, name: string) => toNumber(x, name) * (mode === 'deg' ? RAD_PER_DEG : 1);
  const outAngle = (r: number) => (mode === 'deg' ? r / RAD_PER_DEG : r);
  return {
    sin: (x) => Math.sin(inRad(x, 'sin')),
    cos: (x) => Math.cos(inRad(x, 'cos')),
    tan: (x) => {
      const r = inRad(x, 'tan');
      if (Math.abs(Math.cos(r)) < ZERO) throw new Error('tan is undefined there');
      return Math.tan(r);
    },
    asin: (x) => outAngle(Math.asin(toNumber(x, 'asin'))),
    acos: (x) => outAngle(Math.acos(toNumber(x, 'acos'))),
    atan: (x) => outAngle(Math.atan(toNumber(x, 'atan'))),
    ln: (x) => Math.log(toNumber(x, 'ln')),
    // An angle typed with its unit (30°, 30 deg, 1 rad) is that angle in the current mode.
    deg: mode === 'deg' ? 1 : RAD_PER_DEG,
    rad: mode === 'rad' ? 1 : 1 / RAD_PER_DEG,
    log: (x, base) => (base === undefined ? Math.log10(toNumber(x, 'log')) : Math.log(toNumber(x, 'log')) / Math.log(toNumber(base, 'log'))),
  };
}

/** A calculator session: its variables and last answer (`ans`) carry from one evaluation to the next. */
export class CalculatorSession {
  private readonly variables = new Map<string, unknown>();

  evaluate(expression: string, mode: AngleMode): Evaluation {
    const source = normalize(expression);
    if (!source) return { ok: false, error: 'Type an expression, for example 3*(4+5) or sqrt(2)^2.' };
    if (source.length > 500) return { ok: false, error: 'That expression is too long.' };
    const math = mathjs();
    const fns = builtins(mode);
    // The scope: the session's variables over the calculator's own functions; writes go to the variables.
    const scope = new Map<string, unknown>([...Object.entries(fns), ...this.variables]);
    let value: unknown;
    try {
      value = math.evaluate(source, scope);
    } catch (err) {
      return { ok: false, error: friendly(err) };
    }
    for (const [k, v] of scope) if (!(k in fns) || fns[k] !== v) this.variables.set(k, v);
    if (typeof value === 'boolean') value = value ? 1 : 0;
    if (typeof value !== 'number') {
      if (value && typeof value === 'object' && 'im' in value) return { ok: false, error: 'No real-number answer (for example, the square root of a negative number).' };
      return { ok: false, error: value === undefined || typeof value === 'function' ? 'That is not a number.' : `That gives ${math.format(value, { precision: DIGITS })}, not a single number.` };
    }
    if (Number.isNaN(value)) return { ok: false, error: 'No real-number answer.' };
    if (!Number.isFinite(value)) return { ok: false, error: 'Undefined: the answer is infinite (division by zero?).' };
    const shown = Math.abs(value) < ZERO ? 0 : value;
    this.variables.set('ans', shown);
    return { ok: true, value: shown, text: formatNumber(shown) };
  }
}

/** A number as the calculator shows it: up to 12 significant digits, no trailing zeros. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e12 || abs < 1e-6) {
    const [m, e] = value.toExponential(DIGITS - 1).split('e');
    return `${m!.replace(/\.?0+$/, '')}e${e}`;
  }
  return String(Number(value.toPrecision(DIGITS)));
}

function friendly(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/Undefined symbol (\w+)/.test(text)) return `Unknown name “${text.match(/Undefined symbol (\w+)/)![1]}”. Use a function such as sqrt, sin or ln, or set it first (x = 3).`;
  if (/Undefined function (\w+)/.test(text)) return `Unknown function “${text.match(/Undefined function (\w+)/)![1]}”.`;
  if (/Unexpected end of expression|Parenthesis \) expected/.test(text)) return 'The expression is not finished: check the brackets.';
  if (/Unexpected|Value expected|Syntax|Char \d/.test(text)) return 'The calculator cannot read that expression. Check the signs and brackets.';
  return text.length > 120 ? 'The calculator cannot work that out.' : text;
}
