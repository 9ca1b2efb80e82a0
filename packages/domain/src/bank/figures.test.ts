import { describe, expect, it } from 'vitest';
import { describeFigure, FigureSchema, type Figure, type FigureFunction } from '../schemas/figure.ts';
import type { Question } from '../schemas/question.ts';
import { buildQuestionBank, generateMathItems, MATH_GENERATORS } from './index.ts';
import { approx, evaluate, parseValue, rhs, sameFunction, tryEvaluate } from './math/shared.ts';

/** A stem (or passage) that refers to a figure the student is meant to see. */
function refersToFigure(q: Pick<Question, 'stem' | 'passage'>): boolean {
  const text = `${q.passage ?? ''} ${q.stem}`;
  if (/\b(?:shown|figure|diagram|scatterplot)\b/i.test(text)) return true;
  // "the graph of 2x − 3y = 6" and "the graphs of the given equations" are defined by equations in the text, not drawn.
  const graphs = text.match(/\bgraphs?\b[^.?]*/gi) ?? [];
  return graphs.some((g) => !/^graphs? of (?:the given equations?|[^,?]*=)/i.test(g));
}

function keyValue(q: Question): number {
  const text = q.format === 'mcq' ? q.choices.find((c) => c.label === q.answer)!.text : q.answer;
  const v = parseValue(text);
  if (v === null) throw new Error(`${q.id}: key ${text} is not a number`);
  return v;
}

function valueAt(f: FigureFunction, x: number): number {
  return f.kind === 'linear' ? f.slope * x + f.intercept : f.a * x * x + f.b * x + f.c;
}

/** The angle at `at` between the rays to p and q, in degrees. */
function angleAt(at: [number, number], p: [number, number], q: [number, number]): number {
  const a = Math.atan2(p[1] - at[1], p[0] - at[0]);
  const b = Math.atan2(q[1] - at[1], q[0] - at[0]);
  let d = Math.abs(((a - b) * 180) / Math.PI) % 360;
  if (d > 180) d = 360 - d;
  return d;
}

/** A label such as "49°", "2x°", "(x + 7)°" or "9" with x set to `x`. */
function labelValue(label: string, x: number): number {
  return evaluate(label.replace(/°/g, ''), { x });
}

/** Problems with how the figure's data agrees with the item's stem and key; empty when it does. */
function disagreements(q: Question, fig: Figure): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) out.push(`${q.id}: ${what}`);
  };
  const stemNumber = (re: RegExp): number => Number(re.exec(q.stem)![1]!.replace('−', '-'));
  if (fig.kind === 'graph') {
    const f = fig.functions[0]!;
    const on = fig.points.filter((p) => approx(valueAt(f, p.at[0]), p.at[1]));
    check(on.length >= (f.kind === 'linear' ? 2 : 3), 'too few marked points on the graph to read the function from');
    if (/What is f\(0\)/.test(q.stem)) check(approx(keyValue(q), valueAt(f, 0)), 'f(0) is not the key');
    else if (/slope/.test(q.stem) && f.kind === 'linear') check(approx(keyValue(q), f.slope), 'the slope is not the key');
    else if (/f\((−?\d+)\)\?/.test(q.stem)) check(approx(keyValue(q), valueAt(f, stemNumber(/f\((−?\d+)\)\?/))), 'f(k) is not the key');
    else if (/f\(x\) = 0/.test(q.stem)) check(approx(valueAt(f, keyValue(q)), 0), 'the key is not a zero of the graphed function');
    else if (/Which equation/.test(q.stem)) check(sameFunction(rhs(q.choices.find((c) => c.label === q.answer)!.text), (x) => valueAt(f, x)), 'the key is not the graphed function');
    else if (/(?:minimum|maximum) value/.test(q.stem) && f.kind === 'quadratic') check(approx(keyValue(q), valueAt(f, -f.b / (2 * f.a))), 'the vertex value is not the key');
    else out.push(`${q.id}: no agreement check for this graph question`);
  } else if (fig.kind === 'scatter') {
    const fit = fig.bestFit!;
    const line = (x: number): number => fit.slope * x + fit.intercept;
    const stated = /line of best fit for the data is y = (.+?)\.(?:\s|$)/.exec(q.stem);
    if (stated) check(sameFunction(stated[1]!, line), 'the drawn line of best fit is not the one in the stem');
    const count = /(?:each of |of |for )(\d+) (?:students|used cars|seedlings|days|households|runners|weeks|apartments|young trees)/.exec(q.stem);
    if (count) check(fig.points.length === Number(count[1]), `the stem says ${count[1]} data points, the scatterplot has ${fig.points.length}`);
    const xs = fig.points.map((p) => p[0]);
    check(xs.every((x) => x >= fig.xRange[0] && x <= fig.xRange[1]) && fig.points.every((p) => p[1] >= fig.yRange[0] && p[1] <= fig.yRange[1]), 'a data point lies outside the axes');
    if (/predicted value of y when x = ([\d.]+)\?/.test(q.stem)) check(approx(keyValue(q), line(stemNumber(/when x = ([\d.]+)\?/))), 'the line does not predict the key');
    else if (/residual/.test(q.stem)) {
      const x = stemNumber(/x = ([\d.]+)/);
      const at = fig.points.filter((p) => p[0] === x);
      check(at.length === 1, `the scatterplot has ${at.length} points at x = ${x}`);
      if (at.length === 1) check(approx(keyValue(q), at[0]![1] - line(x)), 'the residual of the drawn point is not the key');
    } else if (/above the line/.test(q.stem)) {
      check(fig.points.every((p) => !approx(p[1], line(p[0]))), 'a data point lies on the line');
      check(keyValue(q) === fig.points.filter((p) => p[1] > line(p[0])).length, 'the count above the line is not the key');
    } else if (/slope of the line/.test(q.stem)) check(approx(keyValue(q), fit.slope), 'the slope is not the key');
    else if (/change when x increases by (\d+)/.test(q.stem)) check(approx(keyValue(q), fit.slope * stemNumber(/increases by (\d+)/)), 'the change is not the key');
    else out.push(`${q.id}: no agreement check for this scatterplot question`);
  } else if (fig.kind === 'triangle') {
    // With x found from the key, the labelled angles are the drawn angles and add up to 180°.
    const x = /angle B\?/.test(q.stem) ? NaN : keyValue(q);
    const byLabel = new Map(fig.vertices.map((v) => [v.label, v.at]));
    const others = (v: string): [[number, number], [number, number]] => fig.vertices.filter((w) => w.label !== v).map((w) => w.at) as [[number, number], [number, number]];
    let solvedX = x;
    if (Number.isNaN(x)) {
      // "angle B?": the key is angle B's label; solve x from its label, e.g. (x + 14)°.
      const b = fig.angles.find((a) => a.at === 'B')!.label;
      solvedX = keyValue(q) - (labelValue(b, 0));
    }
    let sum = 0;
    for (const v of fig.vertices) {
      const label = fig.angles.find((a) => a.at === v.label)?.label;
      const drawn = angleAt(v.at, ...others(v.label));
      const value = label ? labelValue(label, solvedX) : fig.rightAngleAt === v.label ? 90 : drawn;
      if (!fig.notToScale) check(Math.abs(drawn - value) < 0.5, `angle ${v.label} is drawn as ${drawn.toFixed(1)}°, labelled ${value}°`);
      sum += value;
    }
    check(Math.abs(sum - 180) < 0.01, `the labelled angles add up to ${sum}°`);
    for (const s of fig.sides) check(byLabel.has(s.side[0]!) && byLabel.has(s.side[1]!), `side ${s.side} is not a side of the triangle`);
    const right = /angle ([A-Z]) is a right angle/.exec(q.stem);
    if (right) check(fig.rightAngleAt === right[1], `the stem's right angle is at ${right[1]}, the figure marks ${fig.rightAngleAt}`);
    // Labelled lengths are drawn in proportion, and the asked length or ratio is the drawn one.
    const drawn = (side: string): number => {
      const [a, b] = [byLabel.get(side[0]!)!, byLabel.get(side[1]!)!];
      return Math.hypot(a[0] - b[0], a[1] - b[1]);
    };
    const lengths = fig.sides.map((s) => ({ side: s.side, value: tryEvaluate(s.label) })).filter((s): s is { side: string; value: number } => s.value !== null);
    for (const [side, value] of [...q.stem.matchAll(/\b([A-Z]{2}) = (\d+(?:√\d+)?)/g)].map((m) => [m[1]!, m[2]!] as const)) {
      check(lengths.some((l) => (l.side === side || l.side === [...side].reverse().join('')) && approx(l.value, evaluate(value))), `the stem's ${side} = ${value} is not labelled`);
    }
    if (lengths.length && !fig.notToScale) {
      const unitLength = lengths[0]!.value / drawn(lengths[0]!.side);
      for (const l of lengths) check(approx(l.value, unitLength * drawn(l.side), 1e-3), `side ${l.side} is labelled ${l.value} but drawn ${(unitLength * drawn(l.side)).toFixed(3)}`);
      const asked = /length of ([A-Z]{2})\?/.exec(q.stem);
      if (asked) check(approx(keyValue(q), unitLength * drawn(asked[1]!), 1e-3), `the drawn ${asked[1]} is not the key`);
    }
    const ratio = /value of (sin|cos|tan)\(([A-Z])\)\?/.exec(q.stem);
    if (ratio) {
      const angle = (angleAt(byLabel.get(ratio[2]!)!, ...others(ratio[2]!)) * Math.PI) / 180;
      check(approx(keyValue(q), { sin: Math.sin, cos: Math.cos, tan: Math.tan }[ratio[1] as 'sin' | 'cos' | 'tan'](angle), 1e-4), `the drawn ${ratio[1]}(${ratio[2]}) is not the key`);
    }
  } else {
    const r = 1;
    const pos = new Map<string, [number, number]>(fig.points.map((p) => [p.label, [r * Math.cos((p.angle * Math.PI) / 180), r * Math.sin((p.angle * Math.PI) / 180)]]));
    if (fig.center) pos.set(fig.center, [0, 0]);
    for (const s of fig.segments) check(pos.has(s.from) && pos.has(s.to), `segment ${s.from}${s.to} joins an unknown point`);
    for (const a of fig.angles) {
      const drawn = angleAt(pos.get(a.at)!, pos.get(a.from)!, pos.get(a.to)!);
      check(Math.abs(drawn - labelValue(a.label, keyValue(q))) < 0.5, `angle ${a.from}${a.at}${a.to} is drawn as ${drawn.toFixed(1)}°, labelled ${a.label} with x = ${keyValue(q)}`);
    }
    const radius = fig.segments.find((s) => s.label && fig.center && (s.from === fig.center || s.to === fig.center));
    if (/length of segment AB/.test(q.stem) && radius) {
      const [a, b] = [pos.get('A')!, pos.get('B')!];
      check(approx(keyValue(q), Math.hypot(a[0] - b[0], a[1] - b[1]) * Number(radius.label), 1e-6), 'the drawn chord AB does not have the key length');
    }
    if (/area of the circle is kπ/.test(q.stem) && radius) check(approx(keyValue(q), Number(radius.label) ** 2), 'the labelled radius does not give the key area');
  }
  return out;
}

describe('figures', () => {
  const bank = buildQuestionBank();
  // Four times the seeded bank, so the checks hold for other random values too.
  const wide = generateMathItems(MATH_GENERATORS, 24).map((g) => g.question);

  it('every math item whose stem refers to a figure has one (and only items with a figure say "shown")', () => {
    // Reading and Writing passages say "shown" and "figure" in their ordinary senses ("never been shown outside Brazil").
    for (const items of [bank.filter((q) => q.section === 'Math'), wide]) {
      expect(items.filter((q) => refersToFigure(q) && !q.figure).map((q) => q.id)).toEqual([]);
      expect(items.filter((q) => /\bshown\b/.test(q.stem) && !q.figure).map((q) => q.id)).toEqual([]);
    }
  });

  it('the stem check tells figures from equations', () => {
    expect(refersToFigure({ stem: 'In the xy-plane, what is the y-intercept of the graph of 2x − 3y = 6?' })).toBe(false);
    expect(refersToFigure({ stem: 'The graphs of the given equations in the xy-plane intersect at the point (x, y).' })).toBe(false);
    expect(refersToFigure({ stem: 'The graph of the linear function f is shown. What is f(0)?' })).toBe(true);
    expect(refersToFigure({ stem: 'A scatterplot shows the age x of 25 cars.' })).toBe(true);
    expect(refersToFigure({ stem: 'In the triangle, what is x?', passage: 'The diagram is not to scale.' })).toBe(true);
  });

  it('every figure validates and is described in words', () => {
    for (const q of [...bank, ...wide].filter((q) => q.figure)) {
      const parsed = FigureSchema.safeParse(q.figure);
      expect(parsed.success, `${q.id}: ${parsed.error?.message}`).toBe(true);
      const text = describeFigure(q.figure!);
      expect(text, q.id).toMatch(/^Figure: \S/);
      expect(text, q.id).not.toMatch(/NaN|undefined|Infinity|null|\[object|-\d/);
    }
  });

  it("every figure's data agrees with the item's stem and key", () => {
    const items = [...bank, ...wide].filter((q) => q.figure);
    expect(items.flatMap((q) => disagreements(q, q.figure!))).toEqual([]);
  });

  it('the seeded bank has figure items for graphs, scatterplots, triangles and circles', () => {
    const kinds = new Map<string, number>();
    for (const q of bank) if (q.figure) kinds.set(q.figure.kind, (kinds.get(q.figure.kind) ?? 0) + 1);
    console.log(`bank: ${bank.length} items, ${bank.filter((q) => q.figure).length} with a figure (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    for (const kind of ['graph', 'scatter', 'triangle', 'circle']) expect(kinds.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(5);
  });

  it('describes what each kind of figure shows', () => {
    expect(describeFigure({ kind: 'graph', xRange: [-10, 10], yRange: [-10, 10], functions: [{ kind: 'linear', slope: 2, intercept: 3 }], points: [{ at: [0, 3] }, { at: [2, 7] }] })).toBe(
      'Figure: a line passing through the marked points (0, 3) and (2, 7) in the xy-plane, with x from −10 to 10 and y from −10 to 10.',
    );
    expect(describeFigure({ kind: 'triangle', vertices: [{ label: 'A', at: [0, 0] }, { label: 'B', at: [4, 0] }, { label: 'C', at: [0, 3] }], rightAngleAt: 'A', sides: [{ side: 'AB', label: '4' }] })).toBe(
      'Figure: triangle ABC with a right angle marked at A and side AB labelled 4.',
    );
    expect(describeFigure({ kind: 'scatter', xLabel: 'Hours', yLabel: 'Score', xRange: [0, 4], yRange: [0, 10], xStep: 1, yStep: 2, points: [[3, 8], [1, 2], [2, 5]], bestFit: { slope: 2, intercept: 0 } })).toBe(
      'Figure: a scatterplot of 3 data points with Hours on the horizontal axis (0 to 4) and Score on the vertical axis (0 to 10); the points (x, y) are (1, 2), (2, 5), and (3, 8), and a line of best fit through (0, 0) and (4, 8).',
    );
    expect(describeFigure({ kind: 'circle', center: 'O', points: [{ label: 'A', angle: 0 }], segments: [{ from: 'O', to: 'A', label: '5' }] })).toBe(
      'Figure: a circle with center O, point A on the circle and segment OA labelled 5.',
    );
  });
});
