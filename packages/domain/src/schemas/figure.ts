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

// In its own module without zod, so the exporter's worker threads can render inputs with it.
export { describeFigure, figureNumber } from './figure-text.ts';
