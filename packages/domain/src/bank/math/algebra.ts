import { pick, randomInt, shuffle } from '../random.ts';
import type { QuestionGenerator } from '../types.ts';
import {
  approx,
  compare,
  defineGenerator,
  fmtInt,
  fmtDec,
  fmtNum,
  isInt,
  linear,
  MINUS,
  nonzero,
  numCheck,
  numericPart,
  par,
  parseIneq,
  parsePoint,
  positiveInt,
  rhs,
  sameFunction,
  signed,
  textDistractors,
  mistake,
  wrong,
  type IneqOp,
} from './shared.ts';

// ---------------------------------------------------------------- linear equations in one variable

const lin1Solve = defineGenerator('M-ALG-LIN1-SOLVE', 'linear-equations-one-variable', (rand, index) => {
  const p = 2 + index;
  let r = randomInt(rand, 1, 9);
  if (r === p) r = p + 1;
  const x0 = nonzero(rand, -8, 12);
  const q = nonzero(rand, -9, 9);
  const s = p * (x0 + q) - r * x0;
  const spr = index % 3 === 2;
  const noDistribute = (s - q) / (p - r);
  const moveSign = (s - p * q) / (p + r);
  const constSign = (s + p * q) / (p - r);
  const stem = `What value of x satisfies the equation ${p}(x ${signed(q)}) = ${linear(r, s)}?`;
  return {
    difficulty: p - r < 0 || index >= 4 ? 2 : 1,
    stem,
    ...numericPart(spr, x0, [
      mistake(noDistribute, `comes from multiplying only the x by ${p} and leaving ${fmtNum(q)} as it was when removing the parentheses.`),
      mistake(moveSign, `comes from moving ${linear(r, 0)} to the left side without changing its sign.`),
      mistake(constSign, `comes from moving the constant ${fmtNum(p * q)} to the right side without changing its sign.`),
    ]),
    rationale:
      `Distributing gives ${p}x ${signed(p * q)} = ${linear(r, s)}. ` +
      `Collecting the x-terms on the left and the constants on the right gives ${linear(p - r, 0)} = ${fmtNum(s - p * q)}${p - r === 1 ? '' : `, so x = ${fmtInt(x0)}`}. ` +
      `Forgetting to multiply ${fmtNum(q)} by ${p} leads to ${fmtNum(noDistribute)} instead.`,
    verify: numCheck((x) => approx(p * (x + q), r * x + s)),
  };
});

const FEE_CONTEXTS = [
  { unit: 'months', make: (F: number, m: number, T: number) => `A gym charges a one-time membership fee of $${F} plus $${m} per month. Dana has paid the gym a total of $${T}. For how many months has Dana been a member?` },
  { unit: 'miles', make: (F: number, m: number, T: number) => `A taxi ride costs a base fare of $${F} plus $${m} for each mile driven. A passenger paid $${T} for a ride. How many miles long was the ride?` },
  { unit: 'hours', make: (F: number, m: number, T: number) => `An electrician charges a $${F} service fee plus $${m} per hour of work. The total bill for a repair was $${T}. How many hours did the electrician work?` },
  { unit: 'games', make: (F: number, m: number, T: number) => `A bowling alley charges $${F} for shoe rental plus $${m} per game. Luis spent a total of $${T} on shoe rental and games. How many games did Luis bowl?` },
  { unit: 'shirts', make: (F: number, m: number, T: number) => `A print shop charges a $${F} setup fee plus $${m} for each printed shirt. A club's order cost $${T}. How many shirts did the club order?` },
  { unit: 'minutes', make: (F: number, m: number, T: number) => `A tank already holds ${F} gallons of water. Water is pumped in at a constant rate of ${m} gallons per minute. After how many minutes will the tank hold ${T} gallons?` },
] as const;

const lin1Word = defineGenerator('M-ALG-LIN1-WORD', 'linear-equations-one-variable', (rand, index) => {
  const ctx = FEE_CONTEXTS[index % FEE_CONTEXTS.length]!;
  const m = randomInt(rand, 2, 12);
  const k = randomInt(rand, 2, 5);
  const F = m * k;
  const n = randomInt(rand, 3, 15);
  const T = F + m * n;
  const spr = index === 1 || index === 4;
  return {
    difficulty: 1,
    stem: ctx.make(F, m, T),
    ...numericPart(spr, n, [
      mistake(n + k, `comes from dividing the whole total ${T} by ${m} without first removing the fixed ${F}.`),
      mistake(n + 2 * k, `comes from adding the fixed ${F} to the total instead of subtracting it before dividing by ${m}.`),
      mistake(T - F, `is the amount left after removing the fixed ${F}; it still has to be divided by ${m} to count the ${ctx.unit}.`),
    ], { ok: positiveInt }),
    rationale:
      `Let n be the number of ${ctx.unit}; then ${F} + ${m}n = ${T}. Subtracting ${F} gives ${m}n = ${T - F}, and dividing by ${m} gives n = ${n}. ` +
      `Dividing the whole total ${T} by ${m} without first removing the fixed ${F} gives ${n + k}, which is incorrect.`,
    verify: numCheck((v) => positiveInt(v) && F + m * v === T),
  };
});

const lin1Inf = defineGenerator('M-ALG-LIN1-INF', 'linear-equations-one-variable', (rand, index) => {
  const a = 2 + Math.floor(index / 2);
  const b = randomInt(rand, 1, 6);
  const c = nonzero(rand, -9, 9);
  const spr = index === 2 || index === 5;
  if (index % 2 === 0) {
    // infinitely many solutions: a(bx + c) = abx + k  →  k = ac
    const k = a * c;
    return {
      difficulty: 2,
      stem: `In the equation ${a}(${linear(b, c)}) = ${linear(a * b, 0)} + k, k is a constant. For what value of k does the equation have infinitely many solutions?`,
      ...numericPart(spr, k, [
      mistake(c, `comes from forgetting to multiply the constant ${fmtNum(c)} by ${a} when distributing.`),
      mistake(a + c, `comes from adding ${a} to the constant instead of multiplying by it.`),
      mistake(-k, `has the right size but the wrong sign: both sides must have the same constant, ${a}(${fmtNum(c)}).`),
      mistake(b * c, `multiplies the constant by the coefficient ${b} inside the parentheses instead of by ${a} outside them.`),
    ], {}),
      rationale:
        `Distributing gives ${linear(a * b, a * c)} on the left. The equation has infinitely many solutions only when both sides are identical, so k = ${a}(${fmtNum(c)}) = ${fmtNum(k)}. ` +
        `Choosing k = ${fmtNum(c)} comes from forgetting to distribute the ${a}.`,
      verify: numCheck((v) => [0, 1, 5, -3].every((x) => approx(a * (b * x + c), a * b * x + v))),
    };
  }
  // no solution: a(bx + c) = mx + e with e ≠ ac  →  m = ab
  let e = nonzero(rand, -12, 12);
  if (e === a * c) e += 1;
  const m = a * b;
  return {
    difficulty: 2,
    stem: `In the equation ${a}(${linear(b, c)}) = mx ${signed(e)}, m is a constant. For what value of m does the equation have no solution?`,
    ...numericPart(spr, m, [
      mistake(b, `comes from not distributing the ${a} to ${linear(b, 0)}; the left side's x-coefficient is ${a} × ${b}.`),
      mistake(a + b, `adds ${a} and ${b} instead of multiplying them when distributing.`),
      mistake(-m, `has the wrong sign; parallel sides need the same x-coefficient, not the opposite one.`),
      mistake(a * c, `is the constant term of the left side, not its x-coefficient.`),
    ]),
    rationale:
      `The left side equals ${linear(a * b, a * c)}. The equation has no solution when the x-coefficients match but the constants differ; since ${fmtNum(a * c)} ≠ ${fmtNum(e)}, m = ${m}. ` +
      `Choosing m = ${b} comes from not distributing the ${a} to ${linear(b, 0)}.`,
    verify: numCheck((v) => {
      const g = (x: number): number => a * (b * x + c) - (v * x + e);
      return approx(g(0), g(1)) && approx(g(0), g(7)) && !approx(g(0), 0);
    }),
  };
});

// ---------------------------------------------------------------- linear functions

/** "a − b" for a substitution display, without a "− 0". */
function minus(a: number, b: number): string {
  return b === 0 ? fmtInt(a) : `${fmtInt(a)} − ${par(b)}`;
}

const linfEval = defineGenerator('M-ALG-LINF-EVAL', 'linear-functions', (rand, index) => {
  const m = nonzero(rand, -5, 6);
  const b = randomInt(rand, -10, 10);
  const x1 = index - 2;
  let x2 = x1 + randomInt(rand, 2, 5);
  let x3 = x2 + randomInt(rand, 1, 4);
  if (rand() < 0.5) [x2, x3] = [x3, x2];
  const f = (x: number): number => m * x + b;
  const y1 = f(x1);
  const y2 = f(x2);
  const key = f(x3);
  const spr = index === 2 || index === 5;
  const wrongSign = y1 - m * (x3 - x1);
  return {
    difficulty: 2,
    stem: `For the linear function f, f(${fmtInt(x1)}) = ${fmtInt(y1)} and f(${fmtInt(x2)}) = ${fmtInt(y2)}. What is the value of f(${fmtInt(x3)})?`,
    ...numericPart(spr, key, [
      mistake(wrongSign, `comes from using the slope with the wrong sign.`),
      mistake(b, `is the function's value at x = 0, the y-intercept, not at x = ${fmtInt(x3)}.`),
      mistake(y1 + (x3 - x1) / m, `comes from dividing the change in x by the slope instead of multiplying by it.`),
      mistake(m * x3, `multiplies the slope by ${fmtInt(x3)} but leaves out the starting value of the function.`),
    ]),
    rationale:
      `The slope is (${minus(y2, y1)})/(${minus(x2, x1)}) = ${fmtInt(y2 - y1)}/${fmtInt(x2 - x1)} = ${fmtInt(m)}. ` +
      `So f(${fmtInt(x3)}) = ${y1 === 0 ? '' : `${fmtInt(y1)} + `}${par(m)}(${minus(x3, x1)}) = ${fmtInt(key)}. ` +
      `Using the slope with the wrong sign gives ${fmtNum(wrongSign)}.`,
    verify: numCheck((v) => approx((y2 - y1) * (x3 - x1), (v - y1) * (x2 - x1))),
  };
});

const MODEL_CONTEXTS = [
  { f: 'h', v: 't', dir: -1, start: [8, 16], rates: [0.5, 0.75, 1.25, 1.5], text: (s: number, r: number) => `A candle is ${s} inches tall when it is lit, and it burns down at a constant rate of ${r} inch${r === 1 ? '' : 'es'} per hour. Which function gives the height h(t), in inches, of the candle t hours after it is lit?` },
  { f: 'V', v: 't', dir: -1, start: [300, 600], rates: [8, 12, 15, 20], text: (s: number, r: number) => `A tank contains ${s} liters of water. Water drains from the tank at a constant rate of ${r} liters per minute. Which function gives the volume V(t), in liters, of water in the tank t minutes after it starts draining?` },
  { f: 'S', v: 'w', dir: 1, start: [40, 150], rates: [15, 20, 25, 35], text: (s: number, r: number) => `Mia has $${s} in a savings account. At the end of each week she deposits $${r} into the account and makes no withdrawals. Which function gives the amount S(w), in dollars, in the account after w weeks?` },
  { f: 'P', v: 'd', dir: 1, start: [4, 12], rates: [0.5, 1.5, 2, 2.5], text: (s: number, r: number) => `A seedling is ${s} centimeters tall and grows ${r} centimeters per day. Which function gives the height P(d), in centimeters, of the seedling d days from now?` },
  { f: 'E', v: 'm', dir: -1, start: [2400, 3600], rates: [30, 40, 45, 60], text: (s: number, r: number) => `A hiker starts at an elevation of ${s} feet and descends at a constant rate of ${r} feet per minute. Which function gives the hiker's elevation E(m), in feet, after m minutes?` },
  { f: 'C', v: 'n', dir: 1, start: [20, 60], rates: [3, 4.5, 6, 7.5], text: (s: number, r: number) => `A caterer charges a fixed fee of $${s} plus $${r} per guest. Which function gives the total charge C(n), in dollars, for n guests?` },
] as const;

const linfModel = defineGenerator('M-ALG-LINF-MODEL', 'linear-functions', (rand, index) => {
  const ctx = MODEL_CONTEXTS[index % MODEL_CONTEXTS.length]!;
  const lo = ctx.start[0];
  const hi = ctx.start[1];
  const step = hi >= 1000 ? 100 : hi >= 100 ? 10 : 1;
  const s = step * randomInt(rand, Math.ceil(lo / step), Math.floor(hi / step));
  const r = pick(rand, ctx.rates);
  const v = ctx.v;
  const fx = `${ctx.f}(${v})`;
  const rt = `${fmtDec(r)}${v}`;
  const key = ctx.dir < 0 ? `${fx} = ${s} ${MINUS} ${rt}` : `${fx} = ${s} + ${rt}`;
  const opposite = ctx.dir < 0 ? `${fx} = ${s} + ${rt}` : `${fx} = ${s} ${MINUS} ${rt}`;
  const swapped = ctx.dir < 0 ? `${fx} = ${fmtDec(r)} ${MINUS} ${s}${v}` : `${fx} = ${fmtDec(r)} + ${s}${v}`;
  const backwards = ctx.dir < 0 ? `${fx} = ${rt} ${MINUS} ${s}` : `${fx} = ${s}${v} ${MINUS} ${fmtDec(r)}`;
  return {
    difficulty: 1,
    stem: ctx.text(s, r),
    format: 'mcq',
    key,
    distractors: [
      wrong(opposite, `${opposite} uses the right numbers but makes the quantity ${ctx.dir < 0 ? 'increase' : 'decrease'} over time, the opposite of the situation.`),
      wrong(swapped, `${swapped} swaps the roles of the starting value ${s} and the rate ${fmtDec(r)}.`),
      wrong(backwards, `${backwards} combines the starting value and the rate in the wrong places, so its value at ${v} = 0 is not ${s}.`),
    ],
    rationale:
      `The starting value ${s} is the value when ${v} = 0, and the quantity ${ctx.dir < 0 ? 'decreases' : 'increases'} by ${fmtDec(r)} for each unit of ${v}, so ${key}. ` +
      `The equation ${opposite} uses the rate with the wrong sign.`,
    verify: (text) => sameFunction(rhs(text), (t) => s + ctx.dir * r * t, v, [0, 1, 2, 5]),
  };
});

// ---------------------------------------------------------------- linear equations in two variables

const lin2Line = defineGenerator('M-ALG-LIN2-LINE', 'linear-equations-two-variables', (rand, index) => {
  const m = pick(rand, [-4, -3, -2, 2, 3, 4, 5]);
  const b = nonzero(rand, -9, 9);
  const x1 = index - 3 === 0 ? 4 : index - 3;
  const x2 = x1 + randomInt(rand, 1, 4);
  const y1 = m * x1 + b;
  const y2 = m * x2 + b;
  const eq = (mm: number, bb: number): string => `y = ${linear(mm, bb)}`;
  const key = eq(m, b);
  const invB = y1 - x1 / m;
  return {
    difficulty: 2,
    stem: `In the xy-plane, a line passes through the points (${fmtInt(x1)}, ${fmtInt(y1)}) and (${fmtInt(x2)}, ${fmtInt(y2)}). Which of the following is an equation of the line?`,
    format: 'mcq',
    key,
    distractors: textDistractors(key, [
      wrong(eq(1 / m, invB), `${eq(1 / m, invB)} comes from dividing the change in x by the change in y, which gives the reciprocal of the slope.`),
      wrong(eq(m, y1 + m * x1), `${eq(m, y1 + m * x1)} has the right slope, but its intercept comes from adding ${fmtInt(m * x1)} to ${fmtInt(y1)} instead of subtracting it.`),
      wrong(eq(-m, b), `${eq(-m, b)} has the right intercept but the slope's sign is reversed.`),
      wrong(eq(m, -b), `${eq(m, -b)} has the right slope, but the sign of the intercept is reversed.`),
      wrong(eq(m, y1), `${eq(m, y1)} uses the y-coordinate ${fmtInt(y1)} as the intercept, although that point is not on the y-axis.`),
    ]),
    rationale:
      `The slope is (${fmtInt(y2)} − ${par(y1)})/(${fmtInt(x2)} − ${par(x1)}) = ${fmtInt(m)}. Substituting (${fmtInt(x1)}, ${fmtInt(y1)}) into y = ${fmtInt(m)}x + b gives ${fmtInt(y1)} = ${fmtInt(m * x1)} + b, so b = ${fmtInt(b)} and ${key}. ` +
      `Dividing the change in x by the change in y instead gives a slope of ${fmtNum(1 / m)}, which is incorrect.`,
    verify: (text) => {
      const r = rhs(text);
      const a = sameFunction(r, () => y1, 'x', [x1]);
      const c = sameFunction(r, () => y2, 'x', [x2]);
      return text.trim().startsWith('y') && a && c;
    },
  };
});

const TWO_ITEM_CONTEXTS = [
  { x: 'adult tickets', y: 'student tickets', unit: 'total ticket revenue, in dollars', intro: (a: number, b: number) => `A school play sold adult tickets for $${a} each and student tickets for $${b} each.` },
  { x: 'loaves of bread', y: 'pies', unit: 'total sales, in dollars', intro: (a: number, b: number) => `A bakery sells loaves of bread for $${a} each and pies for $${b} each.` },
  { x: 'small boxes', y: 'large boxes', unit: 'total weight, in pounds', intro: (a: number, b: number) => `A mover packs small boxes that weigh ${a} pounds each and large boxes that weigh ${b} pounds each.` },
  { x: 'short videos', y: 'long videos', unit: 'total editing time, in minutes', intro: (a: number, b: number) => `An editor spends ${a} minutes on each short video and ${b} minutes on each long video.` },
  { x: 'hats', y: 'scarves', unit: 'total sales, in dollars', intro: (a: number, b: number) => `A craft fair booth sells hats for $${a} each and scarves for $${b} each.` },
  { x: 'two-point shots', y: 'three-point shots', unit: 'total number of points', intro: (_a: number, _b: number) => 'In a basketball season, a player scored only on two-point shots and three-point shots.' },
] as const;

const lin2Word = defineGenerator('M-ALG-LIN2-WORD', 'linear-equations-two-variables', (rand, index) => {
  const ctx = TWO_ITEM_CONTEXTS[index % TWO_ITEM_CONTEXTS.length]!;
  const a = index === 5 ? 2 : randomInt(rand, 3, 9);
  let b = index === 5 ? 3 : randomInt(rand, 4, 15);
  if (b === a) b += 1;
  const n = randomInt(rand, 4, 20);
  const y0 = randomInt(rand, 3, 18);
  const T = a * n + b * y0;
  const spr = index % 3 === 1;
  const unit = ctx.unit;
  const intro = ctx.intro(a, b);
  return {
    difficulty: 1,
    stem:
      `${intro} The equation ${a}x + ${b}y = ${T} represents this situation, where x is the number of ${ctx.x}, y is the number of ${ctx.y}, and ${T} is the ${unit}. ` +
      `If x = ${n}, what is the value of y?`,
    ...numericPart(spr, y0, [
      mistake(T - a * n, `is ${b}y, not y: it stops before dividing by ${b}.`),
      mistake((T + a * n) / b, `comes from adding ${a * n} to ${T} instead of subtracting it before dividing by ${b}.`),
      mistake((T - b * n) / a, `substitutes ${n} for y instead of x and solves for the other variable.`),
      mistake(T / b - n, `comes from dividing ${T} by ${b} first and then subtracting ${n}, as if x had the coefficient ${b}.`),
    ], { ok: positiveInt }),
    rationale:
      `Substituting x = ${n} gives ${a}(${n}) + ${b}y = ${T}, so ${b}y = ${T} − ${a * n} = ${T - a * n} and y = ${T - a * n}/${b} = ${y0}. ` +
      `Stopping at ${T - a * n} forgets to divide by ${b}.`,
    verify: numCheck((v) => isInt(v) && a * n + b * v === T),
  };
});

const lin2Intercept = defineGenerator('M-ALG-LIN2-INTERCEPT', 'linear-equations-two-variables', (rand, index) => {
  const a = nonzero(rand, -6, 7);
  let b = nonzero(rand, -6, 8);
  if (Math.abs(b) === Math.abs(a)) b = b > 0 ? b + 1 : b - 1;
  const l = Math.abs((a * b) / gcdInt(a, b));
  const c = l * (index + 1) * (rand() < 0.3 ? -1 : 1);
  const askY = index % 2 === 0;
  const pt = (x: number, y: number): string => `(${fmtNum(x)}, ${fmtNum(y)})`;
  const key = askY ? pt(0, c / b) : pt(c / a, 0);
  const eqText = `${linear(a, 0)} ${signed(b)}y = ${fmtInt(c)}`.replace(/ 1y/, ' y');
  return {
    difficulty: a < 0 || b < 0 ? 2 : 1,
    stem: `In the xy-plane, what is the ${askY ? 'y' : 'x'}-intercept of the graph of ${eqText}?`,
    format: 'mcq',
    key,
    distractors: ((askY
      ? [[pt(c / a, 0), 'is the x-intercept: it sets y = 0 instead of x = 0.'], [pt(0, c / a), `divides by the x-coefficient ${fmtInt(a)} instead of the y-coefficient ${fmtInt(b)}.`], [pt(0, -c / b), 'has the sign of the intercept reversed.'], [pt(0, c), `forgets to divide the constant ${fmtInt(c)} by the y-coefficient ${fmtInt(b)}.`]]
      : [[pt(0, c / b), 'is the y-intercept: it sets x = 0 instead of y = 0.'], [pt(c / b, 0), `divides by the y-coefficient ${fmtInt(b)} instead of the x-coefficient ${fmtInt(a)}.`], [pt(-c / a, 0), 'has the sign of the intercept reversed.'], [pt(c, 0), `forgets to divide the constant ${fmtInt(c)} by the x-coefficient ${fmtInt(a)}.`]]
    ) as [string, string][]).map(([text, why]) => wrong(text, `${text} ${why}`)),
    rationale: askY
      ? `At the y-intercept x = 0, so ${linear(b, 0, 'y')} = ${fmtInt(c)} and y = ${fmtNum(c / b)}; the intercept is ${key}. The point ${pt(c / a, 0)} is the x-intercept, not the y-intercept.`
      : `At the x-intercept y = 0, so ${linear(a, 0)} = ${fmtInt(c)} and x = ${fmtNum(c / a)}; the intercept is ${key}. The point ${pt(0, c / b)} is the y-intercept, not the x-intercept.`,
    verify: (text) => {
      const p = parsePoint(text);
      if (!p) return false;
      const [x, y] = p;
      return approx(a * x + b * y, c) && approx(askY ? x : y, 0);
    },
  };
});

function gcdInt(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

// ---------------------------------------------------------------- systems

const sysSolve = defineGenerator('M-ALG-SYS-SOLVE', 'systems-of-linear-equations', (rand, index) => {
  const x0 = nonzero(rand, -6, 9);
  let y0 = nonzero(rand, -6, 9);
  if (y0 === x0) y0 = -x0 === 0 ? 1 : x0 + 2;
  let a1: number, b1: number, a2: number, b2: number;
  do {
    a1 = nonzero(rand, -5, 7);
    b1 = nonzero(rand, -5, 7);
    a2 = nonzero(rand, -5, 7);
    b2 = nonzero(rand, -5, 7);
  } while (a1 * b2 - a2 * b1 === 0);
  const c1 = a1 * x0 + b1 * y0;
  const C2 = a2 * x0 + b2 * y0;
  const ask = (['x', 'y', 'x + y'] as const)[index % 3]!;
  const key = ask === 'x' ? x0 : ask === 'y' ? y0 : x0 + y0;
  const cands = ask === 'x' ? [y0, -x0, x0 + y0] : ask === 'y' ? [x0, -y0, x0 + y0] : [x0 - y0, x0, y0];
  const eq = (a: number, b: number, c: number): string => `${linear(a, 0)} ${signed(b)}y = ${fmtInt(c)}`.replace(/([+−]) 1y/, '$1 y');
  const spr = index === 4;
  return {
    difficulty: 2,
    stem: `${eq(a1, b1, c1)}\n${eq(a2, b2, C2)}\n\nThe solution to the given system of equations is (x, y). What is the value of ${ask}?`,
    ...numericPart(spr, key, cands.map((v, i) => mistake(v, (ask === 'x'
      ? [`is the value of y, not x.`, `is x with the wrong sign, a sign slip in the elimination.`, `is x + y, not x alone.`]
      : ask === 'y'
        ? [`is the value of x, not y.`, `is y with the wrong sign, a sign slip in the elimination.`, `is x + y, not y alone.`]
        : [`is x − y: the value of y was subtracted instead of added.`, `is only the value of x; the question asks for x + y.`, `is only the value of y; the question asks for x + y.`])[i]!))),
    rationale:
      `${a1 === a2 ? 'Subtracting the second equation from the first' : `Multiplying the first equation by ${fmtInt(a2)} and the second by ${fmtInt(a1)} and subtracting`} eliminates x: ${linear(a2 * b1 - a1 * b2, 0, 'y')} = ${fmtInt(a2 * c1 - a1 * C2)}${a2 * b1 - a1 * b2 === 1 ? '' : `, so y = ${fmtInt(y0)}`}. ` +
      `Substituting into the first equation gives ${linear(a1, 0)} ${signed(b1 * y0)} = ${fmtInt(c1)}, so x = ${fmtInt(x0)}. ` +
      `Therefore ${ask} = ${fmtInt(key)}.` +
      (ask === 'x' ? ` The value ${fmtInt(y0)} is y, not x.` : ask === 'y' ? ` The value ${fmtInt(x0)} is x, not y.` : ''),
    verify: numCheck((v) => {
      if (ask === 'x') {
        const y = (c1 - a1 * v) / b1;
        return approx(a2 * v + b2 * y, C2);
      }
      if (ask === 'y') {
        const x = (c1 - b1 * v) / a1;
        return approx(a2 * x + b2 * v, C2);
      }
      const det = a1 * b2 - a2 * b1;
      const x = (c1 * b2 - C2 * b1) / det;
      const y = (a1 * C2 - a2 * c1) / det;
      return approx(x + y, v);
    }),
  };
});

const SYS_CONTEXTS = [
  { text: (n: number, a: number, b: number, T: number) => `A theater sold ${n} tickets for one performance. Adult tickets cost $${a} each and child tickets cost $${b} each, and ticket sales totaled $${T}. How many adult tickets were sold?`, big: 'adult tickets', small: 'child tickets' },
  { text: (n: number, a: number, b: number, T: number) => `A quiz has ${n} questions. Each question is worth either ${a} points or ${b} points, and the quiz is worth ${T} points in all. How many ${a}-point questions are on the quiz?`, big: 'higher-value questions', small: 'lower-value questions' },
  { text: (n: number, a: number, b: number, T: number) => `A farm stand sold ${n} baskets of fruit in one day. Large baskets sold for $${a} each and small baskets sold for $${b} each, for total sales of $${T}. How many large baskets were sold?`, big: 'large baskets', small: 'small baskets' },
  { text: (n: number, a: number, b: number, T: number) => `A shipment of ${n} packages weighs ${T} pounds in total. Each package is either a heavy package weighing ${a} pounds or a light package weighing ${b} pounds. How many heavy packages are in the shipment?`, big: 'heavy packages', small: 'light packages' },
  { text: (n: number, a: number, b: number, T: number) => `A community center rented ${n} tables for an event. Round tables rent for $${a} each and folding tables rent for $${b} each, and the rental cost $${T} in total. How many round tables were rented?`, big: 'round tables', small: 'folding tables' },
  { text: (n: number, a: number, b: number, T: number) => `Jamal bought ${n} stamps, some costing ${a} cents each and the rest costing ${b} cents each. He spent ${T} cents in all. How many ${a}-cent stamps did he buy?`, big: 'more expensive stamps', small: 'cheaper stamps' },
] as const;

const sysWord = defineGenerator('M-ALG-SYS-WORD', 'systems-of-linear-equations', (rand, index) => {
  const ctx = SYS_CONTEXTS[index % SYS_CONTEXTS.length]!;
  const b = randomInt(rand, 2, 9);
  const a = b + randomInt(rand, 2, 8);
  const A = randomInt(rand, 5, 30);
  let B = randomInt(rand, 5, 30);
  if (B === A) B += 3;
  const n = A + B;
  const T = a * A + b * B;
  const spr = index % 3 === 2;
  return {
    difficulty: 2,
    stem: ctx.text(n, a, b, T),
    ...numericPart(spr, A, [
      mistake(B, `is the number of ${ctx.small}, the other unknown.`),
      mistake(Math.round(T / a), `comes from dividing the whole total ${T} by ${a}, as if every item were one of the ${ctx.big}.`),
      mistake(Math.floor(n / 2), `assumes the ${n} items are split evenly between the two kinds, which the total ${T} does not allow.`),
      mistake((T - b * n) / (a + b), `comes from adding the prices ${a} and ${b} instead of subtracting them after substituting.`),
    ], { ok: (v) => positiveInt(v) && v < n }),
    rationale:
      `Let x be the number of ${ctx.big} and y the number of ${ctx.small}: x + y = ${n} and ${a}x + ${b}y = ${T}. ` +
      `Substituting y = ${n} − x gives ${a}x + ${b}(${n} − x) = ${T}, so ${a - b}x = ${T - b * n} and x = ${A}. ` +
      `The value ${B} is the number of ${ctx.small}, the other variable.`,
    verify: numCheck((v) => isInt(v) && v >= 0 && v <= n && a * v + b * (n - v) === T),
  };
});

const sysSpecial = defineGenerator('M-ALG-SYS-SPECIAL', 'systems-of-linear-equations', (rand, index) => {
  const a1 = randomInt(rand, 1, 5);
  const lam = 2 + (index % 3);
  const k0 = nonzero(rand, -6, 6);
  const a2 = lam * a1;
  const b2 = lam * k0;
  const c1 = nonzero(rand, -9, 12);
  const spr = index === 3;
  const eq = (a: number, bText: string, c: number): string => `${linear(a, 0)} ${bText} = ${fmtInt(c)}`;
  const yTerm = (b: number): string => (b === 1 ? '+ y' : b === -1 ? `${MINUS} y` : `${signed(b)}y`);
  if (index % 2 === 0) {
    let c2 = nonzero(rand, -15, 15);
    if (c2 === lam * c1) c2 += 1;
    return {
      difficulty: 3,
      stem: `${eq(a1, '+ ky', c1)}\n${eq(a2, yTerm(b2), c2)}\n\nIn the given system of equations, k is a constant. For what value of k does the system have no solution?`,
      ...numericPart(spr, k0, [
      mistake(b2, `copies the second equation's y-coefficient without dividing by the scale factor ${lam}.`),
      mistake(-k0, `has the wrong sign; parallel lines need proportional coefficients with the same signs.`),
      mistake(lam * b2, `multiplies by the scale factor ${lam} instead of dividing by it.`),
      mistake(b2 - a2 + a1, `subtracts the difference between the x-coefficients instead of using their ratio.`),
    ]),
      rationale:
        `The system has no solution when the lines are parallel but distinct. The second equation's x-coefficient is ${lam} times the first's (${a2} = ${lam} × ${a1}), so parallel lines need ${fmtInt(b2)} = ${lam}k, giving k = ${fmtInt(k0)}; ` +
        `the constants ${fmtInt(c2)} and ${lam} × ${par(c1)} = ${fmtInt(lam * c1)} differ, so the lines are distinct. Choosing k = ${fmtInt(b2)} simply copies the coefficient without scaling.`,
      verify: numCheck((k) => approx(a1 * b2 - a2 * k, 0) && !approx(c2 * a1, c1 * a2)),
    };
  }
  const c2 = lam * c1;
  return {
    difficulty: 2,
    stem: `${eq(a1, yTerm(k0), c1)}\n${linear(a2, 0)} ${yTerm(b2)} = c\n\nIn the given system of equations, c is a constant. For what value of c does the system have infinitely many solutions?`,
    ...numericPart(spr, c2, [
      mistake(c1, `copies the first constant without scaling it by ${lam} like the other coefficients.`),
      mistake(c1 + lam, `adds the scale factor ${lam} to the constant instead of multiplying by it.`),
      mistake(c1 / lam, `divides the constant by ${lam} instead of multiplying.`),
      mistake(-c2, `has the wrong sign; for the same line, every term is multiplied by the same positive ${lam}.`),
    ]),
    rationale:
      `The second equation's coefficients are ${lam} times those of the first (${a2} = ${lam} × ${a1} and ${fmtInt(b2)} = ${lam} × ${par(k0)}), so the equations describe the same line exactly when c = ${lam} × ${par(c1)} = ${fmtInt(c2)}. ` +
      `Choosing c = ${fmtInt(c1)} forgets to scale the constant.`,
    verify: numCheck((c) => approx(a1 * b2, a2 * k0) && approx(a1 * c, a2 * c1) && approx(k0 * c, b2 * c1)),
  };
});

// ---------------------------------------------------------------- linear inequalities

const FLIP: Record<IneqOp, IneqOp> = { '<': '>', '>': '<', '≤': '≥', '≥': '≤' };

const ineqSolve = defineGenerator('M-ALG-INEQ-SOLVE', 'linear-inequalities', (rand, index) => {
  const a = index % 2 === 0 ? -randomInt(rand, 2, 7) : randomInt(rand, 2, 7);
  const x0 = nonzero(rand, -8, 8);
  const b = nonzero(rand, -15, 15);
  const d = a * x0 + b;
  const op = (['<', '>', '≤', '≥'] as const)[(index + randomInt(rand, 0, 3)) % 4]!;
  const keyOp = a < 0 ? FLIP[op] : op;
  const wrongOp = FLIP[keyOp];
  const x1 = (d + b) / a;
  const ch = (o: IneqOp, v: number): string => `x ${o} ${fmtNum(v)}`;
  const key = ch(keyOp, x0);
  return {
    difficulty: a < 0 ? 2 : 1,
    stem: `Which of the following describes all solutions to the inequality ${linear(a, b)} ${op} ${fmtInt(d)}?`,
    format: 'mcq',
    key,
    distractors: [
      wrong(ch(wrongOp, x0), `${ch(wrongOp, x0)} has the right boundary but the wrong direction: ${a < 0 ? `dividing by the negative ${fmtInt(a)} reverses the symbol` : `the symbol must not be reversed when dividing by a positive number`}.`),
      wrong(ch(keyOp, x1), `${ch(keyOp, x1)} comes from moving the constant ${fmtNum(b)} to the other side with the wrong sign.`),
      wrong(ch(wrongOp, x1), `${ch(wrongOp, x1)} moves the constant with the wrong sign and also has the symbol in the wrong direction.`),
      wrong(ch(keyOp, -x0), `${ch(keyOp, -x0)} has the boundary's sign reversed.`),
    ],
    rationale:
      `${b > 0 ? 'Subtracting' : 'Adding'} ${fmtNum(Math.abs(b))} ${b > 0 ? 'from' : 'to'} both sides gives ${fmtInt(a)}x ${op} ${fmtInt(d - b)}. Dividing by ${fmtInt(a)} gives ${key}` +
      (a < 0
        ? `; because ${fmtInt(a)} is negative, the inequality symbol must be reversed. Forgetting to reverse it gives ${ch(wrongOp, x0)}.`
        : `; the symbol stays the same because ${a} is positive. Moving the constant ${fmtNum(b)} to the other side with the wrong sign gives ${ch(keyOp, x1)}.`),
    verify: (text) => {
      const p = parseIneq(text);
      if (!p || p.variable !== 'x') return false;
      const B = p.bound;
      if (!approx(a * B + b, d)) return false;
      return [B - 1, B - 0.5, B, B + 0.5, B + 1].every((x) => compare(a * x + b, op, d) === compare(x, p.op, B));
    },
  };
});

const CAPACITY_CONTEXTS = [
  { text: (W: number, d: number, b: number) => `An elevator can safely carry at most ${W} pounds. A worker who weighs ${d} pounds is loading boxes that weigh ${b} pounds each into the elevator and will ride with them. What is the greatest number of boxes the worker can take in one trip?`, unit: 'boxes' },
  { text: (W: number, d: number, b: number) => `Priya has $${W} to spend at a county fair. Admission costs $${d}, and each ride ticket costs $${b}. What is the greatest number of ride tickets Priya can buy?`, unit: 'ride tickets' },
  { text: (W: number, d: number, b: number) => `A delivery van can carry a load of at most ${W} kilograms. The driver and equipment already in the van weigh ${d} kilograms, and each crate weighs ${b} kilograms. What is the greatest number of crates that can be loaded into the van?`, unit: 'crates' },
  { text: (W: number, d: number, b: number) => `A gift card is worth $${W}. An online store charges a flat $${d} shipping fee per order, and each book costs $${b}. What is the greatest number of books that can be bought in one order using only the gift card?`, unit: 'books' },
  { text: (W: number, d: number, b: number) => `A phone has ${W} gigabytes of storage, and ${d} gigabytes are already used. Each movie file takes ${b} gigabytes. What is the greatest number of movie files that can still be stored on the phone?`, unit: 'movie files' },
  { text: (W: number, d: number, b: number) => `A small boat can carry at most ${W} pounds. The captain weighs ${d} pounds, and each bag of supplies weighs ${b} pounds. What is the greatest number of bags the captain can load while aboard?`, unit: 'bags' },
] as const;

const ineqWord = defineGenerator('M-ALG-INEQ-WORD', 'linear-inequalities', (rand, index) => {
  const ctx = CAPACITY_CONTEXTS[index % CAPACITY_CONTEXTS.length]!;
  const b = randomInt(rand, 6, 40);
  const d = randomInt(rand, 20, 200);
  const n = randomInt(rand, 4, 30);
  const W = d + b * n + randomInt(rand, 1, b - 1);
  const spr = index % 3 === 0;
  return {
    difficulty: 2,
    stem: ctx.text(W, d, b),
    ...numericPart(spr, n, [
      mistake(n + 1, `rounds ${((W - d) / b).toFixed(2)} up, but ${d} + ${b}(${n + 1}) = ${d + b * (n + 1)} exceeds ${W}.`),
      mistake(Math.floor(W / b), `divides the whole limit ${W} by ${b} and forgets the ${d} already used.`),
      mistake(Math.floor((W + d) / b), `adds the ${d} to the limit instead of subtracting it.`),
    ], { ok: positiveInt }),
    rationale:
      `If n is the number of ${ctx.unit}, then ${d} + ${b}n ≤ ${W}, so ${b}n ≤ ${W - d} and n ≤ ${W - d}/${b} ≈ ${((W - d) / b).toFixed(2)}. ` +
      `The greatest whole number satisfying this is ${n}. Rounding up to ${n + 1} would exceed the limit, since ${d} + ${b}(${n + 1}) = ${d + b * (n + 1)}.`,
    verify: numCheck((v) => isInt(v) && v >= 0 && d + b * v <= W && d + b * (v + 1) > W),
  };
});

const ineqPoint = defineGenerator('M-ALG-INEQ-POINT', 'linear-inequalities', (rand, index) => {
  const m1 = index - 2 === 0 ? 3 : index - 2;
  for (;;) {
    let m2 = nonzero(rand, -3, 3);
    if (m2 === m1) m2 = -m1;
    const b1 = randomInt(rand, -4, 3);
    const b2 = randomInt(rand, 2, 8);
    const op1: IneqOp = rand() < 0.5 ? '>' : '≥';
    const op2: IneqOp = rand() < 0.5 ? '<' : '≤';
    const s1 = (x: number, y: number): boolean => compare(y, op1, m1 * x + b1);
    const s2 = (x: number, y: number): boolean => compare(y, op2, m2 * x + b2);
    const both: string[] = [];
    const only1: string[] = [];
    const only2: string[] = [];
    const neither: string[] = [];
    for (let x = -5; x <= 5; x++) {
      for (let y = -8; y <= 8; y++) {
        const t = `(${fmtInt(x)}, ${fmtInt(y)})`;
        const a = s1(x, y);
        const c = s2(x, y);
        (a && c ? both : a ? only1 : c ? only2 : neither).push(t);
      }
    }
    if (both.length === 0 || only1.length + only2.length + neither.length < 3) continue;
    const keyPt: [number, number] = [0, 0];
    const key = pick(rand, both);
    const kp = parsePoint(key)!;
    keyPt[0] = kp[0];
    keyPt[1] = kp[1];
    const firstPicks = [only1, only2, neither].filter((l) => l.length > 0).map((l) => pick(rand, l));
    const cands = [...firstPicks, ...shuffle(rand, [...only1, ...only2, ...neither]).slice(0, 6)];
    const why = (t: string | undefined): string => {
      const p = t ? parsePoint(t) : null;
      if (!p) return '';
      const [x, y] = p;
      if (!s1(x, y)) return ` For ${t}, the first inequality fails: at x = ${fmtInt(x)}, ${linear(m1, b1)} is ${fmtInt(m1 * x + b1)}, and y = ${fmtInt(y)} is not ${op1 === '>' ? 'greater than' : 'greater than or equal to'} it.`;
      return ` For ${t}, the second inequality fails: at x = ${fmtInt(x)}, ${linear(m2, b2)} is ${fmtInt(m2 * x + b2)}, and y = ${fmtInt(y)} is not ${op2 === '<' ? 'less than' : 'less than or equal to'} it.`;
    };
    const distractors = textDistractors(key, cands).map((d) => ({ text: d.text, why: `${d.text} satisfies only part of the system.${why(d.text)}` }));
    return {
      difficulty: 2,
      stem: `y ${op1} ${linear(m1, b1)}\ny ${op2} ${linear(m2, b2)}\n\nWhich of the following points (x, y) is a solution to the given system of inequalities?`,
      format: 'mcq',
      key,
      distractors,
      rationale:
        `A solution must make both inequalities true. For ${key}, at x = ${fmtInt(keyPt[0])} the value of ${linear(m1, b1)} is ${fmtInt(m1 * keyPt[0] + b1)} and the value of ${linear(m2, b2)} is ${fmtInt(m2 * keyPt[0] + b2)}, and y = ${fmtInt(keyPt[1])} satisfies both.` +
        why(distractors[0]?.text),
      verify: (text) => {
        const p = parsePoint(text);
        return p !== null && s1(p[0], p[1]) && s2(p[0], p[1]);
      },
    };
  }
});

export const ALGEBRA_GENERATORS: QuestionGenerator[] = [
  lin1Solve,
  lin1Word,
  lin1Inf,
  linfEval,
  linfModel,
  lin2Line,
  lin2Word,
  lin2Intercept,
  sysSolve,
  sysWord,
  sysSpecial,
  ineqSolve,
  ineqWord,
  ineqPoint,
];
