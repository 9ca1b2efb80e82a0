/**
 * A bank item's figure drawn as SVG from its data (graph, scatterplot, triangle, circle).
 * Hand-written SVG: four primitives do not need a charting library. The accessible name is
 * describeFigure's text, the same words the tutor and exported inputs get. Colours come from the
 * stylesheet's variables (currentColor, --border, --primary), and the viewBox scales it to any width.
 */
import { useId } from 'react';
import { describeFigure, figureFunctionAt, figureNumber } from '@satprep/domain/figure-text';
import type { FigureInput } from '@satprep/domain';

type Of<K extends FigureInput['kind']> = Extract<FigureInput, { kind: K }>;
type Pt = [number, number];

const fmt = figureNumber;

/** Every `step` from lo to hi (inclusive), without float drift. */
function ticks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + 1e-9; i++) out.push(Math.round(i * step * 1e6) / 1e6);
  return out;
}

/** Labels every k-th tick so at most `max` numbers crowd an axis. */
function labelEvery(n: number, max: number): number {
  return [1, 2, 5, 10, 20].find((k) => n / k <= max) ?? Math.ceil(n / max);
}

// ---------------------------------------------------------------- coordinate plane (graphs and scatterplots)

interface Plane {
  w: number;
  h: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function plane(xRange: readonly [number, number], yRange: readonly [number, number], margin: { l: number; r: number; t: number; b: number }, w = 400, h = 320): Plane {
  const left = margin.l;
  const right = w - margin.r;
  const top = margin.t;
  const bottom = h - margin.b;
  return {
    w, h, left, right, top, bottom,
    sx: (x) => left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (right - left),
    sy: (y) => bottom - ((y - yRange[0]) / (yRange[1] - yRange[0])) * (bottom - top),
  };
}


/** The plotting area of a graph or scatterplot: its clip path (curves stop at the edges) and its grid lines at the ticks. */
function PlotArea({ p, clip, xs, ys }: { p: ReturnType<typeof plane>; clip: string; xs: number[]; ys: number[] }) {
  return (
    <>
      <defs>
        <clipPath id={clip}>
          <rect x={p.left} y={p.top} width={p.right - p.left} height={p.bottom - p.top} />
        </clipPath>
      </defs>
      <g className="fig-grid">
        {xs.map((x) => <line key={`x${x}`} x1={p.sx(x)} x2={p.sx(x)} y1={p.top} y2={p.bottom} />)}
        {ys.map((y) => <line key={`y${y}`} x1={p.left} x2={p.right} y1={p.sy(y)} y2={p.sy(y)} />)}
      </g>
    </>
  );
}

function GraphSvg({ f, clip }: { f: Of<'graph'>; clip: string }) {
  const p = plane(f.xRange, f.yRange, { l: 18, r: 14, t: 12, b: 12 }, 400, 360);
  const xs = ticks(f.xRange[0], f.xRange[1], f.xStep ?? 1);
  const ys = ticks(f.yRange[0], f.yRange[1], f.yStep ?? 1);
  const kx = labelEvery(xs.length, 9);
  const ky = labelEvery(ys.length, 9);
  const ox = p.sx(0);
  const oy = p.sy(0);
  const curves = f.functions.map((fn) => {
    const n = fn.kind === 'linear' ? 1 : 120;
    const pts = Array.from({ length: n + 1 }, (_, i) => f.xRange[0] + ((f.xRange[1] - f.xRange[0]) * i) / n).map((x) => `${p.sx(x).toFixed(1)},${p.sy(figureFunctionAt(fn, x)).toFixed(1)}`);
    return pts.join(' ');
  });
  return (
    <>
      <PlotArea p={p} clip={clip} xs={xs} ys={ys} />
      <g className="fig-axis">
        <line x1={p.left} x2={p.right} y1={oy} y2={oy} />
        <line x1={ox} x2={ox} y1={p.top} y2={p.bottom} />
      </g>
      <g className="fig-ticks">
        {xs.map((x) => (x !== 0 && Math.round(x / (f.xStep ?? 1)) % kx === 0 ? <text key={`tx${x}`} x={p.sx(x)} y={oy + 16} textAnchor="middle">{fmt(x)}</text> : null))}
        {ys.map((y) => (y !== 0 && Math.round(y / (f.yStep ?? 1)) % ky === 0 ? <text key={`ty${y}`} x={ox - 5} y={p.sy(y) + 4} textAnchor="end">{fmt(y)}</text> : null))}
        <text x={ox - 5} y={oy + 16} textAnchor="end">O</text>
      </g>
      <text className="fig-axis-name" x={p.right - 4} y={oy - 6} textAnchor="end">x</text>
      <text className="fig-axis-name" x={ox + 7} y={p.top + 12}>y</text>
      <g clipPath={`url(#${clip})`}>
        {curves.map((pts, i) => <polyline key={i} className="fig-curve" points={pts} />)}
      </g>
      {(f.points ?? []).map(({ at, label }, i) => {
        const [cx, cy] = [p.sx(at[0]), p.sy(at[1])];
        // Beside the point, away from the y-axis's numbers (left of the axis) and toward the open side.
        const onRight = at[0] === 0 || cx < (p.left + p.right) / 2;
        const text = `${label ? `${label} ` : ''}(${fmt(at[0])}, ${fmt(at[1])})`;
        return (
          <g key={i}>
            <circle className="fig-dot" cx={cx} cy={cy} r={4.5} />
            <text className="fig-point-label" x={cx + (onRight ? 9 : -9)} y={cy - 8} textAnchor={onRight ? 'start' : 'end'}>{text}</text>
          </g>
        );
      })}
    </>
  );
}

function ScatterSvg({ f, clip }: { f: Of<'scatter'>; clip: string }) {
  const yDigits = Math.max(...ticks(f.yRange[0], f.yRange[1], f.yStep).map((y) => fmt(y).length));
  const p = plane(f.xRange, f.yRange, { l: 32 + yDigits * 8, r: 16, t: 14, b: 48 }, 400, 320);
  const xs = ticks(f.xRange[0], f.xRange[1], f.xStep);
  const ys = ticks(f.yRange[0], f.yRange[1], f.yStep);
  const kx = labelEvery(xs.length, 8);
  const ky = labelEvery(ys.length, 8);
  const fit = f.bestFit;
  return (
    <>
      <PlotArea p={p} clip={clip} xs={xs} ys={ys} />
      <g className="fig-axis">
        <line x1={p.left} x2={p.right} y1={p.bottom} y2={p.bottom} />
        <line x1={p.left} x2={p.left} y1={p.top} y2={p.bottom} />
      </g>
      <g className="fig-ticks">
        {xs.map((x) => (Math.round(x / f.xStep) % kx === 0 ? <text key={`tx${x}`} x={p.sx(x)} y={p.bottom + 17} textAnchor="middle">{fmt(x)}</text> : null))}
        {ys.map((y) => (Math.round(y / f.yStep) % ky === 0 ? <text key={`ty${y}`} x={p.left - 5} y={p.sy(y) + 4} textAnchor="end">{fmt(y)}</text> : null))}
      </g>
      <text className="fig-axis-name" x={(p.left + p.right) / 2} y={p.h - 8} textAnchor="middle">{f.xLabel}</text>
      <text className="fig-axis-name" transform={`translate(13 ${(p.top + p.bottom) / 2}) rotate(-90)`} textAnchor="middle">{f.yLabel}</text>
      {fit && (
        <g clipPath={`url(#${clip})`}>
          <line className="fig-curve" x1={p.sx(f.xRange[0])} y1={p.sy(fit.slope * f.xRange[0] + fit.intercept)} x2={p.sx(f.xRange[1])} y2={p.sy(fit.slope * f.xRange[1] + fit.intercept)} />
        </g>
      )}
      {f.points.map(([x, y], i) => <circle key={i} className="fig-dot" cx={p.sx(x)} cy={p.sy(y)} r={3.5} />)}
    </>
  );
}

// ---------------------------------------------------------------- diagrams

/** Maps math coordinates (y up) into a w×h box with `pad` around, keeping proportions. */
function fitBox(points: Pt[], w: number, h: number, pad: number): (q: Pt) => Pt {
  const xs = points.map((q) => q[0]);
  const ys = points.map((q) => q[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const s = Math.min((w - 2 * pad) / (x1 - x0 || 1), (h - 2 * pad) / (y1 - y0 || 1));
  const ox = (w - (x1 - x0) * s) / 2;
  const oy = (h - (y1 - y0) * s) / 2;
  return ([x, y]) => [ox + (x - x0) * s, h - oy - (y - y0) * s];
}

const sub = (a: Pt, b: Pt): Pt => [a[0] - b[0], a[1] - b[1]];
const add = (a: Pt, b: Pt): Pt => [a[0] + b[0], a[1] + b[1]];
const scale = (a: Pt, k: number): Pt => [a[0] * k, a[1] * k];
const unit = (a: Pt): Pt => {
  const n = Math.hypot(a[0], a[1]) || 1;
  return [a[0] / n, a[1] / n];
};

/** Where an angle's label goes: along the bisector of the rays from `at` to p and q, farther in for a sharp angle so it clears both sides. */
function angleLabelAt(at: Pt, p: Pt, q: Pt, dist: number): Pt {
  const u = unit(sub(p, at));
  const v = unit(sub(q, at));
  const half = Math.acos(Math.max(-1, Math.min(1, u[0] * v[0] + u[1] * v[1]))) / 2;
  const b = unit(add(u, v));
  return add(at, scale(b, Math.min(72, Math.max(dist, 17 / Math.max(Math.sin(half), 0.01)))));
}

function Label({ at, children, className = 'fig-label' }: { at: Pt; children: string; className?: string }) {
  return (
    <text className={className} x={at[0]} y={at[1] + 5} textAnchor="middle">
      {children}
    </text>
  );
}

function TriangleSvg({ f }: { f: Of<'triangle'> }) {
  const W = 400;
  const H = 300;
  const map = fitBox(f.vertices.map((v) => v.at as Pt), W, H, 44);
  const pos = new Map(f.vertices.map((v) => [v.label, map(v.at as Pt)]));
  const pts = f.vertices.map((v) => pos.get(v.label)!);
  const centroid = scale(pts.reduce(add, [0, 0] as Pt), 1 / 3);
  const others = (label: string): [Pt, Pt] => f.vertices.filter((v) => v.label !== label).map((v) => pos.get(v.label)!) as [Pt, Pt];
  const right = f.rightAngleAt ? pos.get(f.rightAngleAt) : undefined;
  let square: string | null = null;
  if (right && f.rightAngleAt) {
    const [a, b] = others(f.rightAngleAt);
    const ua = scale(unit(sub(a, right)), 14);
    const ub = scale(unit(sub(b, right)), 14);
    square = [add(right, ua), add(add(right, ua), ub), add(right, ub)].map((q) => q.join(',')).join(' ');
  }
  return (
    <>
      <polygon className="fig-shape" points={pts.map((q) => q.join(',')).join(' ')} />
      {square && <polyline className="fig-mark" points={square} />}
      {f.vertices.map((v) => {
        const at = pos.get(v.label)!;
        return <Label key={v.label} className="fig-vertex" at={add(at, scale(unit(sub(at, centroid)), 20))}>{v.label}</Label>;
      })}
      {(f.angles ?? []).map((a) => {
        const at = pos.get(a.at)!;
        const [p, q] = others(a.at);
        return <Label key={`a${a.at}`} at={angleLabelAt(at, p, q, 34)}>{a.label}</Label>;
      })}
      {(f.sides ?? []).map((s) => {
        const a = pos.get(s.side[0]!)!;
        const b = pos.get(s.side[1]!)!;
        const mid = scale(add(a, b), 0.5);
        return <Label key={`s${s.side}`} at={add(mid, scale(unit(sub(mid, centroid)), 16))}>{s.label}</Label>;
      })}
    </>
  );
}

function CircleSvg({ f }: { f: Of<'circle'> }) {
  const W = 400;
  const H = 300;
  const R = 112;
  const c: Pt = [W / 2, H / 2];
  const pos = new Map<string, Pt>((f.points ?? []).map((q) => [q.label, [c[0] + R * Math.cos((q.angle * Math.PI) / 180), c[1] - R * Math.sin((q.angle * Math.PI) / 180)]]));
  if (f.center) pos.set(f.center, c);
  // The center's label sits away from the segments that leave it.
  const fromCenter = (f.segments ?? []).filter((s) => s.from === f.center || s.to === f.center).map((s) => unit(sub(pos.get(s.from === f.center ? s.to : s.from)!, c)));
  const away = fromCenter.length ? unit(scale(fromCenter.reduce(add, [0, 0] as Pt), -1)) : ([-0.7, 0.7] as Pt);
  return (
    <>
      <circle className="fig-shape" cx={c[0]} cy={c[1]} r={R} />
      {(f.segments ?? []).map((s, i) => {
        const a = pos.get(s.from);
        const b = pos.get(s.to);
        return a && b ? <line key={i} className="fig-shape" x1={a[0]} y1={a[1]} x2={b[0]} y2={b[1]} /> : null;
      })}
      {f.center && <circle className="fig-dot" cx={c[0]} cy={c[1]} r={3.5} />}
      {f.center && <Label className="fig-vertex" at={add(c, scale(Number.isFinite(away[0]) && (away[0] || away[1]) ? away : [-0.7, 0.7], 18))}>{f.center}</Label>}
      {(f.points ?? []).map((q) => {
        const at = pos.get(q.label)!;
        return (
          <g key={q.label}>
            <circle className="fig-dot" cx={at[0]} cy={at[1]} r={3.5} />
            <Label className="fig-vertex" at={add(at, scale(unit(sub(at, c)), 18))}>{q.label}</Label>
          </g>
        );
      })}
      {(f.segments ?? []).map((s, i) => {
        const a = pos.get(s.from);
        const b = pos.get(s.to);
        if (!s.label || !a || !b) return null;
        const d = unit(sub(b, a));
        const normal: Pt = [-d[1], d[0]];
        const mid = scale(add(a, b), 0.5);
        // Put the label on the side away from the circle's center (or either side for a diameter).
        const side = Math.sign((mid[0] - c[0]) * normal[0] + (mid[1] - c[1]) * normal[1]) || 1;
        return <Label key={`l${i}`} at={add(mid, scale(normal, 14 * side))}>{s.label}</Label>;
      })}
      {(f.angles ?? []).map((a, i) => {
        const at = pos.get(a.at);
        const p = pos.get(a.from);
        const q = pos.get(a.to);
        return at && p && q ? <Label key={`a${i}`} at={angleLabelAt(at, p, q, a.at === f.center ? 30 : 38)}>{a.label}</Label> : null;
      })}
    </>
  );
}

/** The figure of a question, or nothing when it has none. */
export function Figure({ figure }: { figure: FigureInput | null | undefined }) {
  const id = useId();
  if (!figure) return null;
  const text = describeFigure(figure);
  const clip = `fig-clip-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [w, h] = figure.kind === 'graph' ? [400, 360] : figure.kind === 'scatter' ? [400, 320] : [400, 300];
  return (
    <div className="figure">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={text} className={`figure-svg figure-${figure.kind}`}>
        <title>{text}</title>
        {figure.kind === 'graph' ? <GraphSvg f={figure} clip={clip} /> : figure.kind === 'scatter' ? <ScatterSvg f={figure} clip={clip} /> : figure.kind === 'triangle' ? <TriangleSvg f={figure} /> : <CircleSvg f={figure} />}
      </svg>
    </div>
  );
}

