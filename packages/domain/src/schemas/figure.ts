import { z } from 'zod';

/**
 * Figures of bank items, as data: the item generators produce them, the web draws them as SVG,
 * and `describeFigure` says in words everything a figure shows (alt text, and the "Figure: …"
 * line of tutor prompts and exported inputs, so no text ever refers to a figure its reader lacks).
 * Only the few primitives the bank needs: graphs of lines and parabolas, scatterplots, triangles, circles.
 */

const num = z.number().finite();
export const FigurePointSchema = z.tuple([num, num]);
export type FigurePoint = z.infer<typeof FigurePointSchema>;
const range = z.tuple([num, num]).refine(([a, b]) => a < b, 'a range goes from low to high');
const label = z.string().min(1).max(40);

/** y = slope·x + intercept, or y = a·x² + b·x + c. */
export const FigureFunctionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), slope: num, intercept: num, label: label.optional() }),
  z.object({ kind: z.literal('quadratic'), a: num.refine((a) => a !== 0, 'a quadratic has a ≠ 0'), b: num, c: num, label: label.optional() }),
]);
export type FigureFunction = z.infer<typeof FigureFunctionSchema>;

const MarkedPointSchema = z.object({ at: FigurePointSchema, label: label.optional() });

export const GraphFigureSchema = z.object({
  kind: z.literal('graph'),
  xRange: range,
  yRange: range,
  /** Grid spacing (1 when absent). */
  xStep: num.positive().optional(),
  yStep: num.positive().optional(),
  functions: z.array(FigureFunctionSchema).min(1).max(3),
  /** Points drawn as dots, with their coordinates when labelled. */
  points: z.array(MarkedPointSchema).max(8).default([]),
});

export const ScatterFigureSchema = z.object({
  kind: z.literal('scatter'),
  xLabel: label,
  yLabel: label,
  xRange: range,
  yRange: range,
  xStep: num.positive(),
  yStep: num.positive(),
  points: z.array(FigurePointSchema).min(3).max(40),
  bestFit: z.object({ slope: num, intercept: num }).optional(),
});

const VertexSchema = z.object({ label: z.string().regex(/^[A-Z]$/), at: FigurePointSchema });

export const TriangleFigureSchema = z.object({
  kind: z.literal('triangle'),
  vertices: z.tuple([VertexSchema, VertexSchema, VertexSchema]),
  /** Side labels by the two vertex letters ("AB"): a length such as "8" or "x", "?" for the asked side. */
  sides: z.array(z.object({ side: z.string().regex(/^[A-Z]{2}$/), label })).max(3).default([]),
  /** Angle labels by vertex letter ("40°", "x°"). */
  angles: z.array(z.object({ at: z.string().regex(/^[A-Z]$/), label })).max(3).default([]),
  /** The vertex with a right-angle mark. */
  rightAngleAt: z.string().regex(/^[A-Z]$/).optional(),
  /** True when lengths and angles are drawn only roughly in proportion. */
  notToScale: z.boolean().default(false),
});

export const CircleFigureSchema = z.object({
  kind: z.literal('circle'),
  /** The center's letter ("O"), or absent for an unlabelled center. */
  center: z.string().regex(/^[A-Z]$/).optional(),
  /** Named points on the circle, at an angle in degrees counterclockwise from the rightward direction. */
  points: z.array(z.object({ label: z.string().regex(/^[A-Z]$/), angle: num })).max(4).default([]),
  /** Segments between named points (the center included), each with an optional length label. */
  segments: z.array(z.object({ from: z.string().regex(/^[A-Z]$/), to: z.string().regex(/^[A-Z]$/), label: label.optional() })).max(6).default([]),
  /** Angle labels at a named point, between the segments to `from` and `to`. */
  angles: z.array(z.object({ at: z.string().regex(/^[A-Z]$/), from: z.string().regex(/^[A-Z]$/), to: z.string().regex(/^[A-Z]$/), label })).max(2).default([]),
  notToScale: z.boolean().default(false),
});

export const FigureSchema = z.discriminatedUnion('kind', [GraphFigureSchema, ScatterFigureSchema, TriangleFigureSchema, CircleFigureSchema]);
export type Figure = z.infer<typeof FigureSchema>;
export type FigureInput = z.input<typeof FigureSchema>;
export type GraphFigure = z.infer<typeof GraphFigureSchema>;
export type ScatterFigure = z.infer<typeof ScatterFigureSchema>;
export type TriangleFigure = z.infer<typeof TriangleFigureSchema>;
export type CircleFigure = z.infer<typeof CircleFigureSchema>;

// ---------------------------------------------------------------- words

/** A number as the bank writes it: Unicode minus, at most three decimals. */
export function figureNumber(x: number): string {
  const r = Math.round(x * 1000) / 1000;
  const s = String(Math.abs(r));
  return r < 0 ? `−${s}` : s;
}

function pt([x, y]: FigurePoint): string {
  return `(${figureNumber(x)}, ${figureNumber(y)})`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
}

function fnText(f: FigureFunction): string {
  if (f.kind === 'linear') {
    const name = f.label ? `the graph of ${f.label}, ` : '';
    return `${name}a line`;
  }
  const name = f.label ? `the graph of ${f.label}, ` : '';
  return `${name}a parabola opening ${f.a > 0 ? 'upward' : 'downward'}`;
}

function fnValue(f: FigureFunction, x: number): number {
  return f.kind === 'linear' ? f.slope * x + f.intercept : f.a * x * x + f.b * x + f.c;
}

function describeGraph(f: GraphFigure): string {
  const axes = `in the xy-plane, with x from ${figureNumber(f.xRange[0])} to ${figureNumber(f.xRange[1])} and y from ${figureNumber(f.yRange[0])} to ${figureNumber(f.yRange[1])}`;
  const parts = f.functions.map((fn) => {
    const on = f.points.filter((p) => Math.abs(fnValue(fn, p.at[0]) - p.at[1]) < 1e-9).map((p) => `${p.label ? `${p.label} ` : ''}${pt(p.at)}`);
    return `${fnText(fn)}${on.length ? ` passing through the marked point${on.length > 1 ? 's' : ''} ${list(on)}` : ''}`;
  });
  const off = f.points.filter((p) => !f.functions.some((fn) => Math.abs(fnValue(fn, p.at[0]) - p.at[1]) < 1e-9)).map((p) => `${p.label ? `${p.label} ` : ''}${pt(p.at)}`);
  return `${list(parts)} ${axes}${off.length ? `; also marked: ${list(off)}` : ''}.`;
}

function describeScatter(f: ScatterFigure): string {
  const pts = [...f.points].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(pt);
  const fit = f.bestFit
    ? `, and a line of best fit through ${pt([f.xRange[0], f.bestFit.slope * f.xRange[0] + f.bestFit.intercept])} and ${pt([f.xRange[1], f.bestFit.slope * f.xRange[1] + f.bestFit.intercept])}`
    : '';
  return `a scatterplot of ${f.points.length} data points with ${f.xLabel} on the horizontal axis (${figureNumber(f.xRange[0])} to ${figureNumber(f.xRange[1])}) and ${f.yLabel} on the vertical axis (${figureNumber(f.yRange[0])} to ${figureNumber(f.yRange[1])}); the points (x, y) are ${list(pts)}${fit}.`;
}

function describeTriangle(f: TriangleFigure): string {
  const name = f.vertices.map((v) => v.label).join('');
  const bits: string[] = [];
  if (f.rightAngleAt) bits.push(`a right angle marked at ${f.rightAngleAt}`);
  for (const a of f.angles) bits.push(`angle ${a.at} labelled ${a.label}`);
  for (const s of f.sides) bits.push(`side ${s.side} labelled ${s.label}`);
  return `triangle ${name}${bits.length ? ` with ${list(bits)}` : ''}${f.notToScale ? ' (not drawn to scale)' : ''}.`;
}

function describeCircle(f: CircleFigure): string {
  const bits: string[] = [];
  if (f.points.length) bits.push(`point${f.points.length > 1 ? 's' : ''} ${list(f.points.map((p) => p.label))} on the circle`);
  for (const s of f.segments) bits.push(`segment ${s.from}${s.to}${s.label ? ` labelled ${s.label}` : ''}`);
  for (const a of f.angles) bits.push(`angle ${a.from}${a.at}${a.to} labelled ${a.label}`);
  return `a circle${f.center ? ` with center ${f.center}` : ''}${bits.length ? `, ${list(bits)}` : ''}${f.notToScale ? ' (not drawn to scale)' : ''}.`;
}

/** Everything the figure shows, in one plain-English sentence starting "Figure: ". */
export function describeFigure(figure: FigureInput): string {
  const f = FigureSchema.parse(figure);
  switch (f.kind) {
    case 'graph':
      return `Figure: ${describeGraph(f)}`;
    case 'scatter':
      return `Figure: ${describeScatter(f)}`;
    case 'triangle':
      return `Figure: ${describeTriangle(f)}`;
    case 'circle':
      return `Figure: ${describeCircle(f)}`;
  }
}
