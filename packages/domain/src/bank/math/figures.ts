/**
 * Generators whose question is about a figure: a graphed function, a scatterplot with a line of
 * best fit, a triangle with labelled angles, a circle with labelled angles and segments. The figure
 * is data (schemas/figure.ts) built from the same numbers as the key, and every number a student
 * needs is shown in the figure (and said by `describeFigure`).
 */
import { pick, randomInt, shuffle } from '../random.ts';
import type { QuestionGenerator } from '../types.ts';
import type { FigureInput, FigurePoint } from '../../schemas/figure.ts';
import {
  approx,
  defineGenerator,
  fmtInt,
  fmtNum,
  isInt,
  par,
  linear,
  mistake,
  numCheck,
  numericPart,
  radical,
  sameFunction,
  rhs,
  textDistractors,
  wrong,
} from './shared.ts';

const ok = (): boolean => true;

/** "a − b" for a difference in a rationale, or just "a" when b is 0. */
function minus(a: string, b: number): string {
  return b === 0 ? a : `${a} − ${par(b)}`;
}

/** A wrong text choice whose explanation starts with the choice itself. */
function said(text: string, why: string) {
  return wrong(text, `${text} ${why}`);
}

/** A range covering `values` with some room, always including 0, on multiples of `step`. */
function axisRange(values: number[], step: number, pad = 2): [number, number] {
  const lo = Math.min(0, ...values) - pad * step;
  const hi = Math.max(0, ...values) + pad * step;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

// ---------------------------------------------------------------- graphs of functions

/** Slopes whose marked points land on grid intersections: rise/run with small integers. */
const SLOPES: [number, number][] = [[2, 1], [3, 1], [-2, 1], [-3, 1], [1, 2], [-1, 2], [3, 2], [-3, 2], [1, 1], [-1, 1], [2, 3], [-2, 3]];

const linfGraph = defineGenerator('M-ALG-LINF-GRAPH', 'linear-functions', (rand, index) => {
  if (index === 5) {
    // A parabola through its two x-intercepts and its y-intercept.
    const a = pick(rand, [1, 1, -1, 2]);
    let r1 = randomInt(rand, -6, -1);
    let r2 = randomInt(rand, 1, 6);
    if ((r1 + r2) % 2 !== 0) r2 += 1;
    if (r1 === -r2) r1 -= 2;
    const h = (r1 + r2) / 2;
    const k = -a * ((r2 - r1) / 2) ** 2;
    const c = a * r1 * r2;
    const f = (x: number): number => a * (x - r1) * (x - r2);
    const word = a > 0 ? 'minimum' : 'maximum';
    const pts: FigurePoint[] = [[r1, 0], [r2, 0], [0, c]];
    const spread = Math.max(Math.abs(k), Math.abs(c));
    const step = spread > 60 ? 10 : spread > 30 ? 5 : spread > 14 ? 2 : 1;
    return {
      difficulty: 3,
      stem: `The graph of the quadratic function f is shown, with its x-intercepts and its y-intercept marked. What is the ${word} value of f(x)?`,
      figure: {
        kind: 'graph',
        xRange: axisRange([r1, r2], 1),
        yRange: axisRange([k, c], step, 1),
        yStep: step,
        functions: [{ kind: 'quadratic', a, b: -a * (r1 + r2), c }],
        points: pts.map((at) => ({ at })),
      },
      ...numericPart(false, k, [
        mistake(c, `is the y-intercept, f(0); the ${word} is at the vertex, halfway between the x-intercepts.`),
        mistake(h, `is the x-coordinate of the vertex, not the ${word} value of f(x).`),
        mistake(-k, 'has the wrong sign: the vertex of a parabola opening ' + (a > 0 ? 'upward is below the x-axis here.' : 'downward is above the x-axis here.')),
      ], { ok }),
      rationale: `The x-intercepts are ${fmtInt(r1)} and ${fmtInt(r2)}, so f(x) = a(x ${r1 < 0 ? '+' : '−'} ${Math.abs(r1)})(x − ${r2}) for some a, and the y-intercept ${fmtInt(c)} = a(${fmtInt(-r1)})(${fmtInt(-r2)}) gives a = ${fmtInt(a)}. The vertex is halfway between the x-intercepts, at x = ${fmtNum(h)}, so the ${word} value is f(${fmtNum(h)}) = ${fmtInt(k)}. The y-intercept ${fmtInt(c)} is f(0), not the ${word}.`,
      // Independently: the extreme value of the parabola through the three marked points.
      verify: numCheck((v) => {
        const aa = c / (r1 * r2);
        const vx = (r1 + r2) / 2;
        return approx(v, aa * (vx - r1) * (vx - r2)) && approx(f(vx), v);
      }),
    };
  }
  const [rise, run] = pick(rand, SLOPES);
  const m = rise / run;
  const b = randomInt(rand, -5, 5);
  // Two marked points on the line, on grid intersections, neither at x = 0.
  const x1 = -run * randomInt(rand, 1, run === 1 ? 3 : 2);
  const x2 = run * randomInt(rand, 1, run === 1 ? 3 : 2);
  const p1: FigurePoint = [x1, m * x1 + b];
  const p2: FigurePoint = [x2, m * x2 + b];
  const slopeFrom = (p2[1] - p1[1]) / (p2[0] - p1[0]);
  const at0 = p1[1] - slopeFrom * p1[0];
  const figure: FigureInput = {
    kind: 'graph',
    xRange: axisRange([x1, x2, b === 0 ? 0 : -b / m], 1),
    yRange: axisRange([p1[1], p2[1], b], 1),
    functions: [{ kind: 'linear', slope: m, intercept: b, label: 'y = f(x)' }],
    points: [{ at: p1 }, { at: p2 }],
  };
  const intro = 'The graph of the linear function f is shown, with two points on it marked.';
  const spr = index === 2 || index === 4;
  if (index === 0) {
    return {
      difficulty: 2,
      stem: `${intro} What is f(0)?`,
      figure,
      ...numericPart(spr, b, [
        mistake(m, 'is the slope of the line, not its value at x = 0.'),
        mistake(p1[1], `is the y-coordinate of the marked point at x = ${fmtInt(x1)}, not at x = 0.`),
        mistake(-b, 'has the wrong sign: it reads the intercept on the wrong side of the x-axis.'),
      ], { ok }),
      rationale: `The marked points are (${fmtInt(p1[0])}, ${fmtNum(p1[1])}) and (${fmtInt(p2[0])}, ${fmtNum(p2[1])}), so the slope is (${minus(fmtNum(p2[1]), p1[1])}) / (${minus(fmtInt(p2[0]), p1[0])}) = ${fmtNum(m)}. Going from x = ${fmtInt(x1)} to x = 0 changes y by ${fmtNum(m)} × ${-x1} = ${fmtNum(-m * x1)}, so f(0) = ${fmtNum(b)}, where the line crosses the y-axis.`,
      verify: numCheck((v) => approx(v, at0)),
    };
  }
  if (index === 1) {
    return {
      difficulty: 2,
      stem: `${intro} What is the slope of the graph of f?`,
      figure,
      ...numericPart(spr, m, [
        mistake(run / rise, 'divides the run by the rise instead of the rise by the run.'),
        mistake(-m, 'has the wrong sign: it takes the change in y in the opposite direction to the change in x.'),
        mistake(b === m || b === -m || b === run / rise ? p2[1] : b, 'is a y-value read from the graph, not the rate of change.'),
      ], { ok }),
      rationale: `The slope is the change in y divided by the change in x between the marked points: (${minus(fmtNum(p2[1]), p1[1])}) / (${minus(fmtInt(p2[0]), p1[0])}) = ${fmtNum(p2[1] - p1[1])}/${fmtInt(p2[0] - p1[0])} = ${fmtNum(m)}. Dividing the run by the rise gives ${fmtNum(run / rise)} instead.`,
      verify: numCheck((v) => approx(v, slopeFrom)),
    };
  }
  if (index === 2) {
    const k = x2 + run * 2;
    const key = m * k + b;
    return {
      difficulty: 2,
      stem: `${intro} What is the value of f(${k})?`,
      figure,
      ...numericPart(true, key, []),
      rationale: `The slope between the marked points is ${fmtNum(m)}, and f(${fmtInt(x2)}) = ${fmtNum(p2[1])}. From x = ${fmtInt(x2)} to x = ${k}, x increases by ${k - x2}, so y changes by ${fmtNum(m)} × ${k - x2} = ${fmtNum(m * (k - x2))}, and f(${k}) = ${fmtNum(p2[1])} + (${fmtNum(m * (k - x2))}) = ${fmtNum(key)}.`,
      verify: numCheck((v) => approx(v, p1[1] + slopeFrom * (k - p1[0]))),
    };
  }
  if (index === 3) {
    const key = `f(x) = ${linear(m, b)}`;
    return {
      difficulty: 2,
      stem: `${intro} Which equation defines f?`,
      figure,
      format: 'mcq',
      key,
      distractors: textDistractors(key, [
        said(`f(x) = ${linear(-m, b)}`, 'has the wrong sign of the slope: the line ' + (m > 0 ? 'rises' : 'falls') + ' from left to right.'),
        said(`f(x) = ${linear(b, m)}`, 'swaps the slope and the y-intercept.'),
        said(`f(x) = ${linear(run / rise, b)}`, 'uses the run over the rise as the slope.'),
        said(`f(x) = ${linear(m, p1[1])}`, `uses the y-coordinate of the marked point at x = ${fmtInt(x1)} as the y-intercept.`),
      ]),
      rationale: `The slope between the marked points is (${minus(fmtNum(p2[1]), p1[1])}) / (${minus(fmtInt(p2[0]), p1[0])}) = ${fmtNum(m)}, and the line crosses the y-axis at ${fmtNum(b)}, so f(x) = ${linear(m, b)}. Using the run over the rise as the slope gives ${fmtNum(run / rise)} instead.`,
      verify: (answer) => sameFunction(rhs(answer), (x) => p1[1] + slopeFrom * (x - p1[0])),
    };
  }
  const root = -b / m;
  return {
    difficulty: 3,
    stem: `${intro} For what value of x is f(x) = 0?`,
    figure,
    ...numericPart(true, root, []),
    rationale: `The slope between the marked points is ${fmtNum(m)} and f(0) = ${fmtNum(b)}, so f(x) = ${linear(m, b)}. Setting ${linear(m, b)} = 0 gives x = ${fmtNum(root)}, where the line crosses the x-axis.`,
    verify: numCheck((v) => approx(p1[1] + slopeFrom * (v - p1[0]), 0)),
  };
});

// ---------------------------------------------------------------- scatterplots

const SCATTER_CONTEXTS = [
  { what: 'the number of hours x that each of 10 students studied and the student\'s quiz score y, in points', xLabel: 'Hours studied', yLabel: 'Quiz score', m: [3, 4], b: [50, 55], step: 10, x0: 0, span: 10 },
  { what: 'the age x, in years, and the value y, in thousands of dollars, of 10 used cars of the same model', xLabel: 'Age (years)', yLabel: 'Value ($1,000s)', m: [-2], b: [30, 32, 34], step: 5, x0: 0, span: 10 },
  { what: 'the number of weeks x since planting and the height y, in centimeters, of 10 seedlings', xLabel: 'Weeks since planting', yLabel: 'Height (cm)', m: [2, 3, 4], b: [4, 6, 8], step: 5, x0: 0, span: 10 },
  { what: 'the temperature x, in degrees Celsius, and the number of visitors y, in hundreds, at a pool on 10 days', xLabel: 'Temperature (°C)', yLabel: 'Visitors (hundreds)', m: [1, 2], b: [-10, -15], step: 5, x0: 20, span: 15 },
  { what: 'the number of people x in each of 10 households and the household\'s weekly grocery cost y, in tens of dollars', xLabel: 'People in household', yLabel: 'Groceries ($10s)', m: [4, 5, 6], b: [5, 8, 10], step: 5, x0: 1, span: 9 },
  { what: 'the distance x, in kilometers, that each of 10 runners ran in a week and the runner\'s resting heart rate y, in beats per minute', xLabel: 'Distance (km)', yLabel: 'Resting heart rate (bpm)', m: [-1, -2], b: [80, 85, 90], step: 10, x0: 5, span: 15 },
] as const;

const twoVarScatter = defineGenerator('M-PSD-2VAR-SCATTER', 'two-variable-data', (rand, index) => {
  const ctx = SCATTER_CONTEXTS[index]!;
  const m: number = pick(rand, ctx.m);
  const b: number = pick(rand, ctx.b);
  const line = (x: number): number => m * x + b;
  // Ten points at distinct x-values, none exactly on the line.
  const { x0, span } = ctx;
  const xs = shuffle(rand, Array.from({ length: span + 1 }, (_, i) => x0 + i)).slice(0, 10).sort((p, q) => p - q);
  const noise = Math.max(2, Math.round(ctx.step / 2));
  const points: FigurePoint[] = xs.map((x) => {
    let d = randomInt(rand, -noise, noise);
    if (d === 0) d = rand() < 0.5 ? -1 : 1;
    return [x, line(x) + d];
  });
  const xRange: [number, number] = [x0, x0 + span];
  const ys = [...points.map((p) => p[1]), line(xRange[0]), line(xRange[1])];
  const yRange: [number, number] = [Math.max(0, Math.floor((Math.min(...ys) - ctx.step / 2) / ctx.step) * ctx.step), Math.ceil((Math.max(...ys) + ctx.step / 2) / ctx.step) * ctx.step];
  const figure: FigureInput = { kind: 'scatter', xLabel: ctx.xLabel, yLabel: ctx.yLabel, xRange, yRange, xStep: span > 10 ? 5 : 1, yStep: ctx.step, points, bestFit: { slope: m, intercept: b } };
  const intro = `The scatterplot shows ${ctx.what}, with a line of best fit.`;
  const [ex0, ex1] = xRange;
  const fitFrom = (x: number): number => line(ex0) + ((line(ex1) - line(ex0)) / (ex1 - ex0)) * (x - ex0);
  const lineText = `The line of best fit passes through (${fmtInt(ex0)}, ${fmtInt(line(ex0))}) and (${fmtInt(ex1)}, ${fmtInt(line(ex1))})`;
  const spr = index === 3;
  if (index === 0 || index === 4) {
    const k = x0 + Math.round(span / 2) + (index === 4 ? 1 : 0);
    const near = points.reduce((best, p) => (Math.abs(p[0] - k) < Math.abs(best[0] - k) ? p : best));
    return {
      difficulty: 1,
      stem: `${intro} Based on the line of best fit, what is the predicted value of y when x = ${k}?`,
      figure,
      ...numericPart(spr, line(k), [
        mistake(near[1] === line(k) ? line(k) + 2 * m : near[1], `is the y-value of a data point near x = ${k}; the prediction comes from the line, not from one point.`),
        mistake(m * k, 'multiplies by the slope but leaves out the y-intercept of the line.'),
        mistake(b, 'is the predicted value at x = 0, not at x = ' + k + '.'),
      ], { ok }),
      rationale: `${lineText}, so its slope is (${minus(fmtInt(line(ex1)), line(ex0))}) / (${minus(fmtInt(ex1), ex0)}) = ${fmtNum(m)} and its equation is y = ${linear(m, b)}. At x = ${k} it predicts y = ${fmtNum(m)}(${k}) ${b < 0 ? '−' : '+'} ${Math.abs(b)} = ${fmtNum(line(k))}.`,
      verify: numCheck((v) => approx(v, fitFrom(k))),
    };
  }
  if (index === 1) {
    const above = points.filter((p) => p[1] > line(p[0])).length;
    const below = points.length - above;
    return {
      difficulty: 1,
      stem: `${intro} How many of the data points lie above the line of best fit?`,
      figure,
      ...numericPart(false, above, [
        mistake(below === above ? above + 1 : below, 'counts the data points below the line instead of above it.'),
        mistake(points.length, 'counts every data point, above and below the line.'),
        mistake(points.length / 2 === above ? above - 1 : points.length / 2, 'assumes a line of best fit always has half of the points on each side.'),
      ], { ok: (n) => n >= 0 && isInt(n) }),
      rationale: `A data point lies above the line when its y-value is greater than the line's value at the same x. ${lineText}, so the line is y = ${linear(m, b)}; comparing each of the ${points.length} points with it, ${above} lie above and ${below} lie below.`,
      verify: numCheck((v) => v === points.filter((p) => p[1] > fitFrom(p[0])).length),
    };
  }
  if (index === 2 || index === 5) {
    return {
      difficulty: 2,
      stem: `${intro} What is the slope of the line of best fit?`,
      figure,
      ...numericPart(false, m, [
        mistake(1 / m, 'divides the change in x by the change in y.'),
        mistake(-m, 'has the wrong sign: the line ' + (m > 0 ? 'rises' : 'falls') + ' from left to right.'),
        mistake(b, 'is the y-intercept of the line, not its slope.'),
      ], { ok }),
      rationale: `${lineText}. The slope is the change in y divided by the change in x: (${minus(fmtInt(line(ex1)), line(ex0))}) / (${minus(fmtInt(ex1), ex0)}) = ${fmtInt(line(ex1) - line(ex0))}/${ex1 - ex0} = ${fmtNum(m)}.`,
      verify: numCheck((v) => approx(v, (fitFrom(ex1) - fitFrom(ex0)) / (ex1 - ex0))),
    };
  }
  // index 3: the residual of one data point.
  const p = points[Math.floor(points.length / 2)]!;
  const r = p[1] - line(p[0]);
  return {
    difficulty: 2,
    stem: `${intro} What is the residual (actual value minus predicted value) of the data point with x = ${fmtInt(p[0])}?`,
    figure,
    ...numericPart(true, r, []),
    rationale: `${lineText}, so the line is y = ${linear(m, b)} and predicts ${fmtNum(line(p[0]))} at x = ${fmtInt(p[0])}. The data point there is (${fmtInt(p[0])}, ${fmtNum(p[1])}), so the residual is ${fmtNum(p[1])} − ${par(line(p[0]))} = ${fmtNum(r)}.`,
    verify: numCheck((v) => approx(v, p[1] - fitFrom(p[0]))),
  };
});

// ---------------------------------------------------------------- triangles

/** Vertices of a triangle with angles A and B (degrees) on a base AB of length 10, drawn to scale. */
function triangleAt(angleA: number, angleB: number): [FigurePoint, FigurePoint, FigurePoint] {
  const ra = (angleA * Math.PI) / 180;
  const rb = (angleB * Math.PI) / 180;
  // C = A + t(cos A, sin A), on the ray from B at angle 180° − B.
  const t = (10 * Math.sin(rb)) / Math.sin(ra + rb);
  const r3 = (v: number): number => Math.round(v * 1000) / 1000;
  return [[0, 0], [10, 0], [r3(t * Math.cos(ra)), r3(t * Math.sin(ra))]];
}

function triangleFigure(angleA: number, angleB: number, labels: { A?: string; B?: string; C?: string }, extra: { sides?: { side: string; label: string }[]; rightAngleAt?: string } = {}): FigureInput {
  const [a, b, c] = triangleAt(angleA, angleB);
  return {
    kind: 'triangle',
    vertices: [{ label: 'A', at: a }, { label: 'B', at: b }, { label: 'C', at: c }],
    angles: (['A', 'B', 'C'] as const).filter((v) => labels[v]).map((v) => ({ at: v, label: labels[v]! })),
    sides: extra.sides ?? [],
    ...(extra.rightAngleAt ? { rightAngleAt: extra.rightAngleAt } : {}),
  };
}

const latDiagram = defineGenerator('M-GEO-LAT-DIAGRAM', 'lines-angles-triangles', (rand, index) => {
  const intro = 'In the triangle shown,';
  if (index === 0 || index === 4) {
    const a = randomInt(rand, 35, 75);
    const b = randomInt(rand, 35, 75);
    const x = 180 - a - b;
    return {
      difficulty: 1,
      stem: `${intro} what is the value of x?`,
      figure: triangleFigure(a, b, { A: `${a}°`, B: `${b}°`, C: 'x°' }),
      ...numericPart(index === 4, x, [
        mistake(a + b, 'adds the two given angles instead of subtracting their sum from 180°.'),
        mistake(360 - a - b, 'subtracts from 360°, the angle sum of a quadrilateral, not of a triangle.'),
        mistake(90 - Math.min(a, b), 'treats the triangle as a right triangle.'),
      ], { ok: (n) => n > 0 }),
      rationale: `The angles of a triangle add up to 180°, so x = 180 − ${a} − ${b} = ${x}. Adding the two given angles gives ${a + b}, which is the sum of the other two angles, not x.`,
      verify: numCheck((v) => approx(v + a + b, 180)),
    };
  }
  if (index === 1) {
    const apex = 2 * randomInt(rand, 12, 40);
    const base = (180 - apex) / 2;
    return {
      difficulty: 2,
      stem: `${intro} AC = BC. What is the value of x?`,
      figure: triangleFigure(base, base, { C: `${apex}°`, A: 'x°' }, { sides: [{ side: 'AC', label: '9' }, { side: 'BC', label: '9' }] }),
      ...numericPart(false, base, [
        mistake(180 - apex, 'is the sum of the two base angles; each base angle is half of it.'),
        mistake(apex, 'assumes the base angle equals the labelled angle at C.'),
        mistake(90 - apex, 'subtracts the angle at C from 90° instead of halving 180° minus it.'),
      ], { ok: (n) => n > 0 }),
      rationale: `Since AC = BC, the angles opposite those sides, at B and at A, are equal. The angles add up to 180°, so 2x + ${apex} = 180 and x = ${base}. The value ${180 - apex} is the sum of both base angles.`,
      verify: numCheck((v) => approx(2 * v + apex, 180)),
    };
  }
  if (index === 2) {
    const a = randomInt(rand, 25, 65);
    const x = 90 - a;
    return {
      difficulty: 1,
      stem: `${intro} angle C is a right angle. What is the value of x?`,
      figure: triangleFigure(a, x, { A: `${a}°`, B: 'x°' }, { rightAngleAt: 'C' }),
      ...numericPart(false, x, [
        mistake(180 - a, 'subtracts only the labelled angle from 180°, forgetting the right angle.'),
        mistake(a, 'assumes the two acute angles are equal.'),
        mistake(90 + a, 'adds the labelled angle to the right angle.'),
      ], { ok: (n) => n > 0 }),
      rationale: `The angles add up to 180° and angle C is 90°, so x = 180 − 90 − ${a} = ${x}. Subtracting only ${a} from 180 forgets the right angle and gives ${180 - a}.`,
      verify: numCheck((v) => approx(v + a + 90, 180)),
    };
  }
  // Index 3 and 5: angles given by expressions in x.
  const x = randomInt(rand, 12, 24);
  const p = randomInt(rand, 5, 20);
  const kA = index === 3 ? 2 : 3;
  const angleA = kA * x;
  const angleB = x + p;
  const c = 180 - angleA - angleB;
  const target = index === 5 ? angleB : x;
  return {
    difficulty: 3,
    stem: index === 5 ? `${intro} what is the measure, in degrees, of angle B?` : `${intro} what is the value of x?`,
    figure: triangleFigure(angleA, angleB, { A: `${kA}x°`, B: `(x + ${p})°`, C: `${c}°` }),
    ...numericPart(index === 5 ? false : true, target, index === 5 ? [
      mistake(x, 'is the value of x, not the measure of angle B.'),
      mistake(angleA, 'is the measure of angle A.'),
      mistake(180 - c, 'is the sum of the angles at A and B.'),
    ] : [], { ok: (n) => n > 0 }),
    rationale: `The angles add up to 180°, so ${kA}x + (x + ${p}) + ${c} = 180, which gives ${kA + 1}x = ${180 - c - p} and x = ${x}.${index === 5 ? ` Angle B measures x + ${p} = ${angleB}°.` : ''}`,
    verify: numCheck((v) => (index === 5 ? approx(v, (180 - c - p) / (kA + 1) + p) : approx(kA * v + v + p + c, 180))),
  };
});

// ---------------------------------------------------------------- circles

const cirDiagram = defineGenerator('M-GEO-CIR-DIAGRAM', 'circles', (rand, index) => {
  const intro = 'In the figure shown, O is the center of the circle.';
  if (index === 0 || index === 1) {
    const central = 2 * randomInt(rand, 25, 70);
    const inscribed = central / 2;
    const startA = randomInt(rand, -20, 20);
    const points = [
      { label: 'A', angle: startA },
      { label: 'B', angle: startA + central },
      { label: 'C', angle: startA + central + (360 - central) / 2 },
    ];
    const figure: FigureInput = {
      kind: 'circle',
      center: 'O',
      points,
      segments: [{ from: 'O', to: 'A' }, { from: 'O', to: 'B' }, { from: 'C', to: 'A' }, { from: 'C', to: 'B' }],
      angles: index === 0
        ? [{ at: 'O', from: 'A', to: 'B', label: `${central}°` }, { at: 'C', from: 'A', to: 'B', label: 'x°' }]
        : [{ at: 'C', from: 'A', to: 'B', label: `${inscribed}°` }, { at: 'O', from: 'A', to: 'B', label: 'x°' }],
    };
    const key = index === 0 ? inscribed : central;
    return {
      difficulty: 2,
      stem: `${intro} Points A, B, and C lie on the circle. What is the value of x?`,
      figure,
      ...numericPart(index === 1, key, index === 0 ? [
        mistake(central, 'assumes the inscribed angle equals the central angle on the same arc; it is half of it.'),
        mistake(180 - central, 'subtracts the central angle from 180°.'),
        mistake(360 - central, 'is the measure of the major arc, not the inscribed angle.'),
      ] : [], { ok: (n) => n > 0 }),
      rationale: index === 0
        ? `Inscribed angle ACB and central angle AOB intercept the same arc AB, and an inscribed angle is half the central angle: x = ${central}/2 = ${inscribed}. Taking the inscribed angle equal to the central angle gives ${central}.`
        : `Central angle AOB and inscribed angle ACB intercept the same arc AB, and the central angle is twice the inscribed angle: x = 2 × ${inscribed} = ${central}.`,
      verify: numCheck((v) => (index === 0 ? approx(2 * v, central) : approx(v, 2 * inscribed))),
    };
  }
  if (index === 2 || index === 4) {
    const r = randomInt(rand, 3, 12);
    const angle = index === 2 ? 60 : 90;
    const start = randomInt(rand, -10, 30);
    const figure: FigureInput = {
      kind: 'circle',
      center: 'O',
      points: [{ label: 'A', angle: start }, { label: 'B', angle: start + angle }],
      segments: [{ from: 'O', to: 'A', label: String(r) }, { from: 'O', to: 'B' }, { from: 'A', to: 'B' }],
      angles: [{ at: 'O', from: 'A', to: 'B', label: `${angle}°` }],
    };
    if (angle === 60) {
      return {
        difficulty: 2,
        stem: `${intro} Points A and B lie on the circle. What is the length of segment AB?`,
        figure,
        ...numericPart(false, r, [
          mistake(2 * r, 'is the diameter of the circle, not the chord AB.'),
          mistake(r / 2, 'halves the radius; triangle AOB is equilateral, so AB equals the radius.'),
          mistake((60 / 360) * 2 * r, 'is the arc length AB divided by π, not the straight-line chord.'),
        ], { ok: (n) => n > 0 }),
        rationale: `OA and OB are both radii, so triangle AOB is isosceles with a 60° angle at O; its other two angles are (180 − 60)/2 = 60° each, so it is equilateral and AB = OA = ${r}. The diameter, ${2 * r}, is twice as long.`,
        verify: numCheck((v) => approx(v * v, 2 * r * r - 2 * r * r * Math.cos(Math.PI / 3))),
      };
    }
    const key = radical(2 * r * r);
    return {
      difficulty: 2,
      stem: `${intro} Points A and B lie on the circle. What is the length of segment AB?`,
      figure,
      format: 'mcq',
      key,
      distractors: textDistractors(key, [
        wrong(fmtInt(2 * r), `${2 * r} is the diameter; AB is shorter because it does not pass through the center.`),
        wrong(fmtInt(r), `${r} is the radius; AB is the hypotenuse of a right triangle whose legs are radii, so it is longer.`),
        wrong(fmtInt(2 * r * r), `${2 * r * r} is AB^2; it forgets to take the square root.`),
      ]),
      rationale: `OA and OB are radii of length ${r} that meet at a right angle, so AB is the hypotenuse of right triangle AOB: AB^2 = ${r}^2 + ${r}^2 = ${2 * r * r} and AB = ${key}. The diameter, ${2 * r}, is longer than AB.`,
      verify: numCheck((v) => v > 0 && approx(v * v, 2 * r * r)),
    };
  }
  if (index === 3) {
    const r = randomInt(rand, 2, 11);
    return {
      difficulty: 1,
      stem: `${intro} Point A lies on the circle. The area of the circle is kπ. What is the value of k?`,
      figure: { kind: 'circle', center: 'O', points: [{ label: 'A', angle: 20 }], segments: [{ from: 'O', to: 'A', label: String(r) }] },
      ...numericPart(true, r * r, []),
      rationale: `OA is a radius, so the radius is ${r} and the area is π(${r})^2 = ${r * r}π, so k = ${r * r}. The circumference, ${2 * r}π, uses the radius without squaring it.`,
      verify: numCheck((v) => approx(v * Math.PI, Math.PI * r * r)),
    };
  }
  // index 5: AB is a diameter, so angle ACB is a right angle.
  const a = randomInt(rand, 22, 68);
  const cAngle = 2 * a; // C seen from O: inscribed angle CAB is half of central angle COB
  return {
    difficulty: 3,
    stem: `${intro} Points A, B, and C lie on the circle, and segment AB passes through O. What is the value of x?`,
    figure: {
      kind: 'circle',
      center: 'O',
      points: [{ label: 'A', angle: 180 }, { label: 'B', angle: 0 }, { label: 'C', angle: cAngle }],
      segments: [{ from: 'A', to: 'B' }, { from: 'A', to: 'C' }, { from: 'B', to: 'C' }],
      angles: [{ at: 'A', from: 'B', to: 'C', label: `${a}°` }, { at: 'B', from: 'A', to: 'C', label: 'x°' }],
    },
    ...numericPart(false, 90 - a, [
      mistake(180 - a, 'forgets the angle at C; since AB is a diameter, angle ACB is a right angle.'),
      mistake(a, 'assumes the two angles at A and B are equal.'),
      mistake(2 * a, 'doubles the angle at A, as for a central angle, but neither angle is at the center.'),
    ], { ok: (n) => n > 0 }),
    rationale: `AB passes through the center, so it is a diameter, and an angle inscribed in a semicircle is a right angle: angle ACB = 90°. The angles of triangle ABC add up to 180°, so x = 180 − 90 − ${a} = ${90 - a}. Leaving out the right angle gives ${180 - a}.`,
    verify: numCheck((v) => approx(v + a + 90, 180)),
  };
});

export const FIGURE_GENERATORS: QuestionGenerator[] = [linfGraph, twoVarScatter, latDiagram, cirDiagram];
