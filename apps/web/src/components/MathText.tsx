import { Fragment, useEffect, useMemo, useState } from 'react';

type MathLib = typeof import('../lib/math.ts');
type Katex = (typeof import('katex'))['default'];

/**
 * A module loaded on first use, once for the whole page. Both the math finder (a few KB) and KaTeX
 * with its stylesheet and fonts (about 80 KB gzipped) load this way, so no screen's initial JS carries
 * them, and KaTeX loads only once some text on the page has math in it.
 */
function lazyModule<T>(load: () => Promise<T>) {
  let value: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    get: () => value,
    load: () =>
      (loading ??= load().then(
        (v) => (value = v),
        (error: unknown) => {
          loading = null; // try again next time (e.g. after a dropped connection)
          throw error;
        },
      )),
  };
}

const mathLib = lazyModule<MathLib>(() => import('../lib/math.ts'));
const katexLib = lazyModule<Katex>(() => Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default));

/** The module once loaded, starting the load when `wanted`; null until then (and if it fails to load). */
function useLazy<T>(mod: ReturnType<typeof lazyModule<T>>, wanted: boolean): T | null {
  const [value, setValue] = useState<T | null>(mod.get);
  useEffect(() => {
    if (!wanted || value) return;
    let live = true;
    mod.load().then(
      (v) => live && setValue(() => v),
      () => {}, // the plain text stays
    );
    return () => {
      live = false;
    };
  }, [mod, wanted, value]);
  return value;
}

const rendered = new Map<string, string>();

/** KaTeX's MathML (read by screen readers) plus its HTML (drawn, hidden from screen readers). */
function renderTex(katex: Katex, tex: string): string {
  let html = rendered.get(tex);
  if (html === undefined) {
    html = katex.renderToString(tex, { output: 'htmlAndMathml', throwOnError: false, strict: 'ignore', trust: false });
    rendered.set(tex, html);
  }
  return html;
}

/**
 * Question-bank text with its math typeset: prose stays text, each formula (`x^2`, `√(x + 2)`, `3/4`, …)
 * is drawn by KaTeX. Shows the plain text until KaTeX has loaded, and keeps it if KaTeX fails to load.
 * Each formula keeps its text as written in `data-text` (its text content is KaTeX's MathML and HTML).
 */
export function MathText({ text }: { text: string }) {
  const lib = useLazy(mathLib, true);
  const segments = useMemo(() => lib?.mathSegments(text) ?? null, [lib, text]);
  const hasMath = segments?.some((s) => s.kind === 'math') ?? false;
  const katex = useLazy(katexLib, hasMath);
  if (!segments || !hasMath) return <>{text}</>;
  // A text that is one formula and nothing else (an answer choice, an equation on its own line) is drawn full size: 15/11 as a full fraction.
  const alone = segments.length === 1;
  return (
    <>
      {segments.map((s, i) =>
        s.kind === 'text' ? (
          <Fragment key={i}>{s.text}</Fragment>
        ) : katex ? (
          <span key={i} className="math" data-text={s.text} dangerouslySetInnerHTML={{ __html: renderTex(katex, alone ? `\\displaystyle ${s.tex}` : s.tex) }} />
        ) : (
          <span key={i} className="math math-pending" data-text={s.text}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
}
