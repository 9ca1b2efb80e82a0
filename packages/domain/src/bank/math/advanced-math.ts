import { pick, randomInt } from '../random.ts';
import type { QuestionGenerator } from '../types.ts';
import {
  approx,
  defineGenerator,
  evaluate,
  fmtDec,
  fmtInt,
  fmtNum,
  gcd,
  linear,
  nonzero,
  numCheck,
  numericPart,
  mistake,
  wrong,
  par,
  poly,
  rhs,
  sameFunction,
  signed,
  tryEvaluate,
} from './shared.ts';

const factorText = (r: number): string => `(x ${signed(r)})`;

/** "2(−3)^2 − 4(−3) + 1": the substitution step for a quadratic, skipping zero terms. */
function substQuad(a: number, b: number, c: number, x: number): string {
  const xs = `(${fmtInt(x)})`;
  const terms: string[] = [`${coef(a)}${xs}^2`];
  if (b !== 0) terms.push(`${b < 0 ? '−' : '+'} ${coef(Math.abs(b))}${xs}`);
  if (c !== 0) terms.push(signed(c));
  return terms.join(' ');
}

/** Coefficient written before a parenthesized factor: 1 → "", −1 → "−", 3 → "3". */
function coef(a: number): string {
  return a === 1 ? '' : a === -1 ? '−' : fmtInt(a);
}

// ---------------------------------------------------------------- equivalent expressions

const eqvExpand = defineGenerator('M-ADV-EQV-EXPAND', 'equivalent-expressions', (rand, index) => {
  const a = 1 + Math.floor(index / 2) + (index % 2);
  const b = nonzero(rand, -9, 9);
  const verifyWith = (f: (x: number) => number) => (text: string) => sameFunction(text, f);
  if (index % 2 === 1) {
    const key = poly([a * a, 2 * a * b, b * b]);
    const binom = `(${linear(a, b)})^2`;
    return {
      difficulty: 2,
      stem: `Which of the following is equivalent to ${binom}?`,
      format: 'mcq',
      key,
      distractors: ([
        [poly([a * a, 0, b * b]), `squares each term separately and leaves out the middle term ${poly([2 * a * b, 0])}.`],
        [poly([a * a, a * b, b * b]), `counts the product ${poly([a * b, 0])} only once; the outer and inner products together give twice that.`],
        [poly([a, 2 * a * b, b * b]), `does not square the coefficient ${a} of x.`],
        [poly([a * a, -2 * a * b, b * b]), `has the sign of the middle term reversed.`],
        [poly([a * a, 2 * a * b, -b * b]), `gives the last term a negative sign, but ${par(b)}^2 is positive.`],
      ] as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`)),
      rationale:
        `${binom} = (${linear(a, b)})(${linear(a, b)}) = ${poly([a * a, 0, 0])} + 2(${linear(a, 0)})(${fmtInt(b)}) + ${par(b)}^2 = ${key}. ` +
        `Squaring each term separately gives ${poly([a * a, 0, b * b])}, which leaves out the middle term ${poly([2 * a * b, 0])}.`,
      verify: verifyWith((x) => (a * x + b) ** 2),
    };
  }
  let c = randomInt(rand, 1, 5);
  let d = nonzero(rand, -9, 9);
  if (c === a && d === b) d = -d;
  if (a * d + b * c === 0) c += 1;
  const A = a * c;
  const B = a * d + b * c;
  const C = b * d;
  const key = poly([A, B, C]);
  const prod = `(${linear(a, b)})(${linear(c, d)})`;
  return {
    difficulty: index === 0 ? 1 : 2,
    stem: `Which of the following is equivalent to ${prod}?`,
    format: 'mcq',
    key,
    distractors: ([
      [poly([A, 0, C]), 'keeps only the first and last products and leaves out the outer and inner ones.'],
      [poly([A, a * d - b * c, C]), 'subtracts the inner product from the outer one instead of adding them.'],
      [poly([A, B, -C]), `has the wrong sign on the constant: ${par(b)} · ${par(d)} = ${fmtInt(C)}.`],
      [poly([A, -B, C]), 'has the sign of the middle term reversed.'],
      [poly([A, B + 1, C]), 'is off by one in adding the outer and inner products.'],
    ] as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`)),
    rationale:
      `Multiplying each term: ${linear(a, 0)} · ${linear(c, 0)} = ${poly([A, 0, 0])}, the outer and inner products give ${poly([a * d, 0])} and ${poly([b * c, 0])} for a total of ${poly([B, 0])}, and ${par(b)} · ${par(d)} = ${fmtInt(C)}. ` +
      `So the product is ${key}; keeping only the first and last products gives ${poly([A, 0, C])}, which is wrong.`,
    verify: verifyWith((x) => (a * x + b) * (c * x + d)),
  };
});

const eqvFactor = defineGenerator('M-ADV-EQV-FACTOR', 'equivalent-expressions', (rand, index) => {
  if (index % 2 === 0) {
    // |r| comes from a different range for each even slot, so the three trinomials always differ.
    const r = pick(rand, [[2, 3], [4, 5, 6], [7, 8, 9]][index / 2]!) * (rand() < 0.5 ? -1 : 1);
    let s = nonzero(rand, -9, 9);
    while (s === r || s === -r) s = nonzero(rand, -9, 9);
    const expr = poly([1, r + s, r * s]);
    const key = `${factorText(r)}${factorText(s)}`;
    return {
      difficulty: 1,
      stem: `Which of the following is equivalent to ${expr}?`,
      format: 'mcq',
      key,
      distractors: [
        wrong(`${factorText(-r)}${factorText(-s)}`, `${factorText(-r)}${factorText(-s)} has the right product of constants, ${fmtInt(r * s)}, but the sum ${fmtInt(-r - s)}, so its middle term has the wrong sign.`),
        wrong(`${factorText(r)}${factorText(-s)}`, `${factorText(r)}${factorText(-s)} flips the sign of one constant, so both the product and the middle term come out wrong.`),
        wrong(`${factorText(-r)}${factorText(s)}`, `${factorText(-r)}${factorText(s)} flips the sign of one constant, so both the product and the middle term come out wrong.`),
      ],
      rationale:
        `Look for two numbers whose product is ${fmtInt(r * s)} and whose sum is ${fmtInt(r + s)}: ${fmtInt(r)} and ${fmtInt(s)}. So ${expr} = ${key}. ` +
        `The choice ${factorText(-r)}${factorText(-s)} has the right product of constants but the sum ${fmtInt(-r - s)}, so its middle term has the wrong sign.`,
      verify: (text) => sameFunction(text, (x) => evaluate(expr, { x })),
    };
  }
  const k = 2 + Math.floor(index / 2);
  let m = randomInt(rand, 1, 9);
  while (gcd(k, m) !== 1) m += 1;
  const expr = poly([k * k, 0, -m * m]);
  const key = `(${linear(k, -m)})(${linear(k, m)})`;
  const cands = ([
    [`(${linear(k, -m)})^2`, `expands to ${poly([k * k, -2 * k * m, m * m])}, with a middle term and a positive constant.`],
    [`(${linear(k * k, -m)})(${linear(1, m)})`, `puts the whole coefficient ${k * k} in one factor; its expansion has a middle term.`],
    [`(${linear(k, -m * m)})(${linear(k, m * m)})`, `uses ${m * m} in the factors instead of its square root ${m}, so the constant becomes ${m ** 4}.`],
    [`(${linear(k, m)})^2`, `is a perfect square with a positive middle term and a positive constant, not a difference of squares.`],
  ] as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`));
  return {
    difficulty: 2,
    stem: `Which of the following is equivalent to ${expr}?`,
    format: 'mcq',
    key,
    distractors: cands,
    rationale:
      `${expr} is a difference of squares: ${poly([k * k, 0, 0])} = (${linear(k, 0)})^2 and ${m * m} = ${m}^2, so it factors as (${linear(k, -m)})(${linear(k, m)}). ` +
      `The choice (${linear(k, -m)})^2 expands to ${poly([k * k, -2 * k * m, m * m])}, which has a middle term and a positive constant.`,
    verify: (text) => sameFunction(text, (x) => evaluate(expr, { x })),
  };
});

const eqvRational = defineGenerator('M-ADV-EQV-RATIONAL', 'equivalent-expressions', (rand, index) => {
  if (index % 2 === 1) {
    const p = randomInt(rand, 2, 4);
    let q = randomInt(rand, 2, 4);
    if (p === 2 && q === 2) q = 3;
    const r = 1 + index + randomInt(rand, 0, 1) * 6;
    const s = randomInt(rand, 1, p * q + r - 1);
    const e = p * q + r - s;
    const expr = `((x^${p})^${q} · x^${r})/x^${s}`;
    const pw = (n: number): string => (n === 1 ? 'x' : `x^${n}`);
    const ok = (n: number): boolean => n > 0 && Number.isInteger(n);
    const cands = [
      { n: p + q + r - s, why: `adds the exponents ${p} and ${q} of the power of a power; (x^${p})^${q} multiplies them to x^${p * q}` },
      { n: p * q + r + s, why: `adds the exponent ${s} of the denominator; dividing by x^${s} subtracts it` },
      { n: p * q * r - s, why: `multiplies by the exponent ${r} as well; multiplying by x^${r} adds ${r} to the exponent` },
      { n: p ** q + r - s, why: `raises ${p} to the power ${q}; a power of a power multiplies the exponents, ${p} × ${q} = ${p * q}` },
      { n: e + 1, why: `is off by one in the last subtraction of exponents` },
      { n: e - 1, why: `is off by one in the last subtraction of exponents` },
    ]
      .filter((c) => ok(c.n))
      .map((c) => ({ text: pw(c.n), why: `${pw(c.n)} ${c.why}.` }));
    return {
      difficulty: 2,
      stem: `For x > 0, which of the following is equivalent to ${expr}?`,
      format: 'mcq',
      key: pw(e),
      distractors: cands,
      rationale:
        `A power of a power multiplies exponents, so (x^${p})^${q} = x^${p * q}. Multiplying by x^${r} adds exponents to give x^${p * q + r}, and dividing by x^${s} subtracts: x^${p * q + r} ÷ x^${s} = ${pw(e)}. ` +
        (p + q + r - s > 0
          ? `Adding ${p} and ${q} instead of multiplying them gives ${pw(p + q + r - s)}.`
          : `Adding the exponent ${s} instead of subtracting it gives ${pw(p * q + r + s)}.`),
      verify: (text) => {
        for (const x of [1.3, 0.7, 2]) {
          const got = tryEvaluate(text, { x });
          if (got === null || !approx(got, evaluate(expr, { x }), 1e-7)) return false;
        }
        return true;
      },
    };
  }
  const a = randomInt(rand, 1, 9);
  let b = randomInt(rand, 1, 9);
  if (b === a) b = a + 1 + index;
  const den = `${factorText(a)}${factorText(b)}`;
  if (index === 2) {
    // subtraction
    const num = b - a;
    const key = `${fmtInt(num)}/(${den})`;
    const expr = `1/${factorText(a)} − 1/${factorText(b)}`;
    return {
      difficulty: 3,
      stem: `Which of the following is equivalent to the expression ${expr}, for x > 0?`,
      format: 'mcq',
      key,
      distractors: ([
        [`${fmtInt(-num)}/(${den})`, `subtracts the numerators in the wrong order, (x + ${a}) − (x + ${b}).`],
        [`(${linear(2, a + b)})/(${den})`, 'adds the fractions instead of subtracting them.'],
        [`${fmtInt(num)}/(${poly([1, 0, a * b])})`, `multiplies the denominators as if there were no x-term: (x + ${a})(x + ${b}) also has a middle term.`],
        ['0', 'treats the two fractions as equal because both have 1 in the numerator, but their denominators differ.'],
      ] as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`)),
      rationale:
        `Using the common denominator ${den}: 1/${factorText(a)} − 1/${factorText(b)} = (${linear(1, b)} − (${linear(1, a)}))/(${den}) = ${key}. ` +
        `Subtracting in the wrong order, (x + ${a}) − (x + ${b}), gives ${fmtInt(-num)}/(${den}).`,
      verify: (text) => sameFunction(text, (x) => evaluate(expr, { x }), 'x', [0.5, 1, 2.5, 7]),
    };
  }
  const expr = `1/${factorText(a)} + 1/${factorText(b)}`;
  const key = `(${linear(2, a + b)})/(${den})`;
  return {
    difficulty: 3,
    stem: `Which of the following is equivalent to the expression ${expr}, for x > 0?`,
    format: 'mcq',
    key,
    distractors: ([
      [`2/(${linear(2, a + b)})`, 'adds the numerators and the denominators separately, which does not give an equivalent expression (try x = 1).'],
      [`2/(${den})`, 'puts the fractions over the common denominator but does not rewrite the numerators.'],
      [`(${linear(2, a + b)})/(${poly([1, 0, a * b])})`, `leaves out the middle term when multiplying out (x + ${a})(x + ${b}).`],
      [`(${linear(2, a + b)})/(${linear(1, a + b)})`, `adds the denominators' constants instead of multiplying the denominators.`],
    ] as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`)),
    rationale:
      `Rewrite both fractions over the common denominator ${den}: (${linear(1, b)})/(${den}) + (${linear(1, a)})/(${den}) = ${key}. ` +
      `Adding the numerators and the denominators separately gives 2/(${linear(2, a + b)}), which is not equivalent (try x = 1).`,
    verify: (text) => sameFunction(text, (x) => evaluate(expr, { x }), 'x', [0.5, 1, 2.5, 7]),
  };
});

// ---------------------------------------------------------------- nonlinear equations and systems

const nleQuad = defineGenerator('M-ADV-NLE-QUAD', 'nonlinear-equations', (rand, index) => {
  const spr = index === 2 || index === 5;
  if (index % 2 === 0) {
    const r1 = randomInt(rand, 1 + 4 * (index / 2), 4 + 4 * (index / 2));
    let r2 = -randomInt(rand, 1, 12);
    if (r2 === -r1) r2 -= 1;
    const B = -(r1 + r2);
    const C = r1 * r2;
    const eq = `${poly([1, B, C])} = 0`;
    return {
      difficulty: 2,
      stem: `${eq}\n\nWhat is the positive solution to the given equation?`,
      ...numericPart(spr, r1, [
        mistake(-r1, `reads the solution off the factor ${factorText(-r1)} with the wrong sign.`),
        mistake(r2, 'is the other solution, which is negative.'),
        mistake(-r2, `reads the other factor ${factorText(-r2)} with the wrong sign.`),
        mistake(B, 'is the coefficient of x, not a solution.'),
      ]),
      rationale:
        `Factor: two numbers with product ${fmtInt(C)} and sum ${fmtInt(B)} are ${fmtInt(-r1)} and ${fmtInt(-r2)}, so the equation is ${factorText(-r1)}${factorText(-r2)} = 0. ` +
        `The solutions are x = ${fmtInt(r1)} and x = ${fmtInt(r2)}, and the positive one is ${r1}. Choosing ${fmtInt(-r1)} comes from reading the solution off the factor ${factorText(-r1)} with the wrong sign.`,
      verify: numCheck((v) => v > 0 && approx(v * v + B * v + C, 0)),
    };
  }
  const a = 2 + (index - 1) / 2;
  const r1 = nonzero(rand, -6, 6);
  let p = nonzero(rand, -9, 9);
  while (p % a === 0) p += 1;
  // (x − r1)(ax − p) = ax² − (p + a·r1)x + p·r1
  const B = -(p + a * r1);
  const C = p * r1;
  const sum = (p + a * r1) / a;
  const eq = `${poly([a, B, C])} = 0`;
  return {
    difficulty: 3,
    stem: `${eq}\n\nWhat is the sum of the solutions to the given equation?`,
    ...numericPart(spr, sum, [
      mistake(-sum, 'uses b/a instead of −b/a, so the sign is reversed.'),
      mistake(-B, `forgets to divide by the leading coefficient ${a}.`),
      mistake(C / a, 'is c/a, the product of the solutions, not their sum.'),
      mistake(r1, 'is only one of the two solutions.'),
    ]),
    rationale:
      `For ax^2 + bx + c = 0, the sum of the solutions is −b/a = −(${fmtInt(B)})/${a} = ${fmtNum(sum)}. ` +
      `(Indeed the equation factors as ${factorText(-r1)}(${linear(a, -p)}) = 0, with solutions ${fmtInt(r1)} and ${fmtNum(p / a)}.) Forgetting to divide by the leading coefficient ${a} gives ${fmtInt(-B)}.`,
    verify: numCheck((v) => {
      const disc = B * B - 4 * a * C;
      if (disc < 0) return false;
      const x1 = (-B + Math.sqrt(disc)) / (2 * a);
      const x2 = (-B - Math.sqrt(disc)) / (2 * a);
      return approx(x1 + x2, v);
    }),
  };
});

const nleSystem = defineGenerator('M-ADV-NLE-SYS', 'nonlinear-equations', (rand, index) => {
  const r1 = randomInt(rand, 1, 6);
  let r2 = -randomInt(rand, 1, 6);
  if (r2 === -r1) r2 -= 1;
  const m = nonzero(rand, -4, 5);
  const n = randomInt(rand, -8, 8);
  const p = m - (r1 + r2);
  const q = n + r1 * r2;
  const y1 = m * r1 + n;
  const y2 = m * r2 + n;
  const askX = index % 2 === 0;
  const spr = index === 1 || index === 4;
  const key = askX ? r1 : y1;
  return {
    difficulty: 3,
    stem: `y = ${poly([1, p, q])}\ny = ${linear(m, n)}\n\nThe graphs of the given equations in the xy-plane intersect at the point (x, y), where x > 0. What is the value of ${askX ? 'x' : 'y'}?`,
    ...numericPart(spr, key, askX
      ? [mistake(r2, 'is the x-coordinate of the other intersection point, where x is negative.'), mistake(-r1, 'reads the solution off its factor with the wrong sign.'), mistake(y1, 'is the y-coordinate of the intersection point, not x.')]
      : [mistake(y2, `is the y-coordinate of the other intersection point, where x = ${fmtInt(r2)} is negative.`), mistake(r1, 'is the x-coordinate of the intersection point, not y.'), mistake(-y1, 'has the sign of y reversed.'), mistake(r1 * r1 + p * r1, 'leaves out the constant term when substituting x into the quadratic.')]),
    rationale:
      `Setting the expressions equal gives ${poly([1, p, q])} = ${linear(m, n)}, so ${poly([1, p - m, q - n])} = 0, which factors as ${factorText(-r1)}${factorText(-r2)} = 0. ` +
      `The solution with x > 0 is x = ${r1}, and then y = ${coef(m)}(${r1}) ${signed(n)} = ${fmtInt(y1)}. ` +
      (askX ? `The value ${fmtInt(r2)} is the x-coordinate of the other intersection point.` : `The value ${fmtInt(y2)} is the y-coordinate of the other intersection point, where x = ${fmtInt(r2)}.`),
    verify: numCheck((v) => {
      if (askX) return v > 0 && approx(v * v + p * v + q, m * v + n);
      const x = (v - n) / m;
      return x > 0 && approx(x * x + p * x + q, v);
    }),
  };
});

const nleRadical = defineGenerator('M-ADV-NLE-RADICAL', 'nonlinear-equations', (rand, index) => {
  const t = 2 + index;
  let b = randomInt(rand, -3, 5);
  if (t * t - (t + b) === 0) b += 1;
  const x0 = t + b;
  const a = t * t - x0;
  const x1 = b + 1 - t; // extraneous root of the squared equation
  const spr = index === 1 || index === 4;
  const left = `√(x ${signed(a)})`;
  const right = linear(1, -b);
  return {
    difficulty: 3,
    stem: `${left} = ${right}\n\nWhat is the solution to the given equation?`,
    ...numericPart(spr, x0, [
      mistake(x1, `solves the squared equation but is extraneous: it makes the right side ${fmtInt(x1 - b)}, which a square root cannot equal.`),
      mistake(t, `is the value of the square root at the solution, not the value of x.`),
      mistake(-x0, 'has the sign of the solution reversed.'),
      mistake(x0 + x1, 'is the sum of both solutions of the squared equation, not a solution itself.'),
    ]),
    rationale:
      `Squaring both sides gives x ${signed(a)} = ${b === 0 ? 'x^2' : `(${right})^2`}, which simplifies to ${poly([1, -(2 * b + 1), b * b - a])} = 0, or ${x1 === 0 ? `x${factorText(-x0)}` : x0 === 0 ? `x${factorText(-x1)}` : `${factorText(-x0)}${factorText(-x1)}`} = 0. ` +
      `Check both: x = ${fmtInt(x0)} gives √${x0 + a} = ${t} on the left and ${t} on the right, so it works; x = ${fmtInt(x1)} makes the right side ${fmtInt(x1 - b)}, which cannot equal a square root, so ${fmtInt(x1)} is extraneous.`,
    verify: numCheck((v) => v + a >= 0 && v - b >= 0 && approx(Math.sqrt(v + a), v - b)),
  };
});

// ---------------------------------------------------------------- nonlinear functions

interface ExpoCtx {
  kind: 'grow' | 'decay' | 'double' | 'half';
  f: string;
  v: string;
  text: (P: number, r: number) => string;
}

const EXPO_CONTEXTS: readonly ExpoCtx[] = [
  { kind: 'grow', f: 'P', v: 't', text: (P, r) => `The population of a town was ${P} in 2020 and has increased by ${r}% each year since then. Which function models the population P(t), t years after 2020?` },
  { kind: 'decay', f: 'V', v: 't', text: (P, r) => `A car was bought for $${P}. Its value decreases by ${r}% each year. Which function gives the value V(t), in dollars, of the car t years after it was bought?` },
  { kind: 'double', f: 'N', v: 'h', text: (P, d) => `A culture contains ${P} bacteria, and the number of bacteria doubles every ${d} hours. Which function gives the number of bacteria N(h) after h hours?` },
  { kind: 'grow', f: 'A', v: 'w', text: (P, r) => `The area covered by algae on a pond is ${P} square meters and increases by ${r}% each week. Which function gives the area A(w), in square meters, after w weeks?` },
  { kind: 'decay', f: 'M', v: 'h', text: (P, r) => `A patient is given ${P} milligrams of a medication, and the amount in the patient's body decreases by ${r}% each hour. Which function gives the amount M(h), in milligrams, remaining after h hours?` },
  { kind: 'half', f: 'G', v: 'y', text: (P, d) => `A sample of a radioactive substance has a mass of ${P} grams, and its mass is cut in half every ${d} years. Which function gives the mass G(y), in grams, remaining after y years?` },
];

const nlfExpo = defineGenerator('M-ADV-NLF-EXPO', 'nonlinear-functions', (rand, index) => {
  const ctx = EXPO_CONTEXTS[index % EXPO_CONTEXTS.length]!;
  const v = ctx.v;
  const fx = `${ctx.f}(${v})`;
  if (ctx.kind === 'double' || ctx.kind === 'half') {
    const P = 50 * randomInt(rand, 2, 40);
    const d = randomInt(rand, 2, 12);
    const base = ctx.kind === 'double' ? 2 : 0.5;
    const other = ctx.kind === 'double' ? 0.5 : 2;
    const fb = (x: number): string => fmtDec(x);
    const key = `${fx} = ${P}(${fb(base)})^(${v}/${d})`;
    return {
      difficulty: 2,
      stem: ctx.text(P, d),
      format: 'mcq',
      key,
      distractors: [
        wrong(`${fx} = ${P}(${fb(base)})^(${d}${v})`, `${fx} = ${P}(${fb(base)})^(${d}${v}) multiplies by ${d} in the exponent instead of dividing, which means ${d} ${ctx.kind === 'double' ? 'doublings' : 'halvings'} per unit of time.`),
        wrong(`${fx} = ${P}(${fb(other)})^(${v}/${d})`, `${fx} = ${P}(${fb(other)})^(${v}/${d}) uses the base ${fb(other)}, which ${ctx.kind === 'double' ? 'halves' : 'doubles'} the quantity instead.`),
        wrong(`${fx} = ${P}(${fb(base)})^${v}`, `${fx} = ${P}(${fb(base)})^${v} ${ctx.kind === 'double' ? 'doubles' : 'halves'} every single unit of time instead of every ${d}.`),
      ],
      rationale:
        `The quantity is multiplied by ${fb(base)} once every ${d} ${ctx.kind === 'double' ? 'hours' : 'years'}, so after ${v} units it has been multiplied ${v}/${d} times: ${key}. ` +
        `The exponent ${d}${v} would mean ${d} ${ctx.kind === 'double' ? 'doublings' : 'halvings'} per unit of time, which is far too fast.`,
      verify: (text) => sameFunction(rhs(text), (x) => P * base ** (x / d), v, [0, 1, d, 2 * d]),
    };
  }
  const r = pick(rand, ctx.kind === 'grow' ? [2, 3, 4, 5, 6, 8] : [5, 10, 12, 15, 20, 25]);
  const P = ctx.kind === 'grow' ? 100 * randomInt(rand, 12, 90) : 50 * randomInt(rand, 4, 400);
  const g = ctx.kind === 'grow' ? 1 + r / 100 : 1 - r / 100;
  const wrongDir = ctx.kind === 'grow' ? 1 - r / 100 : 1 + r / 100;
  const key = `${fx} = ${P}(${fmtDec(g)})^${v}`;
  const lin = `${fx} = ${P}(1 ${ctx.kind === 'grow' ? '+' : '−'} ${fmtDec(r / 100)}${v})`;
  return {
    difficulty: 2,
    stem: ctx.text(P, r),
    format: 'mcq',
    key,
    distractors: [
      wrong(`${fx} = ${P}(${fmtDec(wrongDir)})^${v}`, `${fx} = ${P}(${fmtDec(wrongDir)})^${v} models a ${r}% ${ctx.kind === 'grow' ? 'decrease' : 'increase'}, the opposite direction.`),
      wrong(`${fx} = ${P}(${fmtDec(r / 100)})^${v}`, `${fx} = ${P}(${fmtDec(r / 100)})^${v} keeps only ${r}% each period instead of changing by ${r}%.`),
      wrong(lin, `${lin} is a linear model: it changes by the same amount each period, not by the same percent.`),
    ],
    rationale:
      `${ctx.kind === 'grow' ? 'Increasing' : 'Decreasing'} by ${r}% each period means multiplying by 1 ${ctx.kind === 'grow' ? '+' : '−'} ${fmtDec(r / 100)} = ${fmtDec(g)} each period, so ${key}. ` +
      `The base ${fmtDec(r / 100)} would keep only ${r}% each period, and ${lin.split(' = ')[1]} is a linear model, not a constant percent change.`,
    verify: (text) => sameFunction(rhs(text), (x) => P * g ** x, v, [0, 1, 2, 5]),
  };
});

const nlfVertex = defineGenerator('M-ADV-NLF-VERTEX', 'nonlinear-functions', (rand, index) => {
  const a = [1, 2, -1, 3, -2, 1][index]!;
  const h = nonzero(rand, -6, 6);
  const k = randomInt(rand, -12, 15);
  const b = -2 * a * h;
  const c = a * h * h + k;
  const f = (x: number): number => a * x * x + b * x + c;
  const word = a > 0 ? 'minimum' : 'maximum';
  const askValue = index % 2 === 0;
  const spr = index === 3 || index === 4;
  const fText = poly([a, b, c]);
  const rationaleCore = `The vertex of the parabola is at x = −b/(2a) = ${fmtInt(-b)}/${par(2 * a)} = ${fmtInt(h)}, and f(${fmtInt(h)}) = ${fmtInt(k)}; completing the square gives f(x) = ${a === 1 ? '' : a === -1 ? '−' : fmtInt(a)}${factorText(-h)}^2 ${signed(k)}. Since the leading coefficient is ${a > 0 ? 'positive' : 'negative'}, f has a ${word} at the vertex.`;
  if (askValue) {
    return {
      difficulty: 3,
      stem: `The function f is defined by f(x) = ${fText}. What is the ${word} value of f(x)?`,
      ...numericPart(spr, k, [
        mistake(c, `is f(0), the y-intercept, not the ${word}.`),
        mistake(f(-h), `evaluates f at ${fmtInt(-h)}, the vertex's x-coordinate with the wrong sign.`),
        mistake(-k, `has the sign of the ${word} reversed.`),
        mistake(h, `is where the ${word} occurs (the x-coordinate), not the ${word} value itself.`),
      ]),
      rationale: `${rationaleCore} So the ${word} value is ${fmtInt(k)}. The value ${fmtInt(c)} is f(0), the y-intercept, not the ${word}.`,
      verify: numCheck((v) => {
        let best = a > 0 ? Infinity : -Infinity;
        for (let x = -40; x <= 40; x += 0.25) best = a > 0 ? Math.min(best, f(x)) : Math.max(best, f(x));
        return approx(best, v);
      }),
    };
  }
  return {
    difficulty: 2,
    stem: `The function f is defined by f(x) = ${fText}. For what value of x does f(x) reach its ${word}?`,
    ...numericPart(spr, h, [
      mistake(-h, 'uses b/(2a) instead of −b/(2a), so the sign is reversed.'),
      mistake(2 * h, 'uses −b/a, leaving out the factor of 2.'),
      mistake(k, `is the ${word} value of f(x), not the x-value where it occurs.`),
      mistake(b, 'is the coefficient of x, not the x-coordinate of the vertex.'),
    ]),
    rationale: `${rationaleCore} So the ${word} occurs at x = ${fmtInt(h)}. Using −b/a without the factor of 2 gives ${fmtInt(2 * h)}.`,
    verify: numCheck((v) => approx(f(v - 1.5), f(v + 1.5)) && approx(f(v - 4), f(v + 4))),
  };
});

const nlfEval = defineGenerator('M-ADV-NLF-EVAL', 'nonlinear-functions', (rand, index) => {
  const a = nonzero(rand, -3, 3);
  const b = randomInt(rand, -6, 6);
  const c = randomInt(rand, -9, 9);
  const m = nonzero(rand, -4, 4);
  const n = nonzero(rand, -7, 7);
  const k = index - 2 === 0 ? 4 : index - 2;
  const fText = poly([a, b, c]);
  const gText = linear(m, n);
  const f = (x: number): number => a * x * x + b * x + c;
  const g = (x: number): number => m * x + n;
  const fg = f(g(k));
  const gf = g(f(k));
  const outerF = index % 2 === 0;
  const key = outerF ? fg : gf;
  const spr = index === 2 || index === 5;
  const inner = outerF ? g(k) : f(k);
  return {
    difficulty: 2,
    stem: `The functions f and g are defined by f(x) = ${fText} and g(x) = ${gText}. What is the value of ${outerF ? `f(g(${fmtInt(k)}))` : `g(f(${fmtInt(k)}))`}?`,
    ...numericPart(spr, key, [
      mistake(outerF ? gf : fg, `evaluates the functions in the other order, ${outerF ? `g(f(${fmtInt(k)}))` : `f(g(${fmtInt(k)}))`}.`),
      mistake(f(k) + g(k), `adds f(${fmtInt(k)}) and g(${fmtInt(k)}) instead of putting one function inside the other.`),
      mistake(f(k) * g(k), `multiplies f(${fmtInt(k)}) and g(${fmtInt(k)}) instead of composing the functions.`),
      mistake(outerF ? f(-g(k)) : g(-f(k)), `uses the inner value with the wrong sign, ${fmtInt(-inner)}.`),
    ]),
    rationale: outerF
      ? `First, g(${fmtInt(k)}) = ${coef(m)}(${fmtInt(k)}) ${signed(n)} = ${fmtInt(inner)}. Then f(${fmtInt(inner)}) = ${substQuad(a, b, c, inner)} = ${fmtInt(fg)}. ` +
        `Evaluating in the other order, g(f(${fmtInt(k)})), gives ${fmtInt(gf)}.`
      : `First, f(${fmtInt(k)}) = ${substQuad(a, b, c, k)} = ${fmtInt(inner)}. Then g(${fmtInt(inner)}) = ${coef(m)}(${fmtInt(inner)}) ${signed(n)} = ${fmtInt(gf)}. ` +
        `Evaluating in the other order, f(g(${fmtInt(k)})), gives ${fmtInt(fg)}.`,
    verify: numCheck((v) => {
      const fx = (x: number): number => evaluate(fText, { x });
      const gx = (x: number): number => evaluate(gText, { x });
      return approx(v, outerF ? fx(gx(k)) : gx(fx(k)));
    }),
  };
});

export const ADVANCED_MATH_GENERATORS: QuestionGenerator[] = [eqvExpand, eqvFactor, eqvRational, nleQuad, nleSystem, nleRadical, nlfExpo, nlfVertex, nlfEval];
