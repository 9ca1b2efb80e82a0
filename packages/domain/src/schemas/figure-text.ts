/**
 * Everything a figure shows, in words: the alt text of the drawn SVG and the "Figure: …" line of
 * tutor prompts and exported inputs. Takes the figure as stored (lists with defaults may be
 * absent) and imports no zod at run time, so worker threads that render rows can use it.
 */
import type { FigureFunction, FigureInput, FigurePoint } from './figure.ts';

type Of<K extends FigureInput['kind']> = Extract<FigureInput, { kind: K }>;

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

/** The value of a graphed function at x. */
export function figureFunctionAt(f: FigureFunction, x: number): number {
  return f.kind === 'linear' ? f.slope * x + f.intercept : f.a * x * x + f.b * x + f.c;
}

function describeGraph(f: Of<'graph'>): string {
  const marked = f.points ?? [];
  const onGraph = (fn: FigureFunction, at: FigurePoint): boolean => Math.abs(figureFunctionAt(fn, at[0]) - at[1]) < 1e-9;
  const name = (p: { at: FigurePoint; label?: string | undefined }): string => `${p.label ? `${p.label} ` : ''}${pt(p.at)}`;
  const parts = f.functions.map((fn) => {
    const on = marked.filter((p) => onGraph(fn, p.at)).map(name);
    const what = `${fn.label ? `the graph of ${fn.label}, ` : ''}${fn.kind === 'linear' ? 'a line' : `a parabola opening ${fn.a > 0 ? 'upward' : 'downward'}`}`;
    return `${what}${on.length ? ` passing through the marked point${on.length > 1 ? 's' : ''} ${list(on)}` : ''}`;
  });
  const off = marked.filter((p) => !f.functions.some((fn) => onGraph(fn, p.at))).map(name);
  const axes = `in the xy-plane, with x from ${figureNumber(f.xRange[0])} to ${figureNumber(f.xRange[1])} and y from ${figureNumber(f.yRange[0])} to ${figureNumber(f.yRange[1])}`;
  return `${list(parts)} ${axes}${off.length ? `; also marked: ${list(off)}` : ''}.`;
}

function describeScatter(f: Of<'scatter'>): string {
  const pts = [...f.points].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(pt);
  const fit = f.bestFit
    ? `, and a line of best fit through ${pt([f.xRange[0], f.bestFit.slope * f.xRange[0] + f.bestFit.intercept])} and ${pt([f.xRange[1], f.bestFit.slope * f.xRange[1] + f.bestFit.intercept])}`
    : '';
  return `a scatterplot of ${f.points.length} data points with ${f.xLabel} on the horizontal axis (${figureNumber(f.xRange[0])} to ${figureNumber(f.xRange[1])}) and ${f.yLabel} on the vertical axis (${figureNumber(f.yRange[0])} to ${figureNumber(f.yRange[1])}); the points (x, y) are ${list(pts)}${fit}.`;
}

function describeTriangle(f: Of<'triangle'>): string {
  const bits: string[] = [];
  if (f.rightAngleAt) bits.push(`a right angle marked at ${f.rightAngleAt}`);
  for (const a of f.angles ?? []) bits.push(`angle ${a.at} labelled ${a.label}`);
  for (const s of f.sides ?? []) bits.push(`side ${s.side} labelled ${s.label}`);
  return `triangle ${f.vertices.map((v) => v.label).join('')}${bits.length ? ` with ${list(bits)}` : ''}${f.notToScale ? ' (not drawn to scale)' : ''}.`;
}

function describeCircle(f: Of<'circle'>): string {
  const points = f.points ?? [];
  const bits: string[] = [];
  if (points.length) bits.push(`point${points.length > 1 ? 's' : ''} ${list(points.map((p) => p.label))} on the circle`);
  for (const s of f.segments ?? []) bits.push(`segment ${s.from}${s.to}${s.label ? ` labelled ${s.label}` : ''}`);
  for (const a of f.angles ?? []) bits.push(`angle ${a.from}${a.at}${a.to} labelled ${a.label}`);
  return `a circle${f.center ? ` with center ${f.center}` : ''}${bits.length ? `, ${list(bits)}` : ''}${f.notToScale ? ' (not drawn to scale)' : ''}.`;
}

/** Everything the figure shows, in one plain-English sentence starting "Figure: ". */
export function describeFigure(f: FigureInput): string {
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
