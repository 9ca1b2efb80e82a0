import { Fragment, useEffect, useMemo, useState } from 'react';
import { mathSegments } from '../lib/math.ts';

type Katex = (typeof import('katex'))['default'];

// KaTeX (and its stylesheet and fonts) loads on first use, so no screen's initial JS carries it.
let loaded: Katex | null = null;
let loading: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([m]) => (loaded = m.default),
    (error: unknown) => {
      loading = null; // try again next time (e.g. a dropped connection)
      throw error;
    },
  );
  return loading;
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

/** KaTeX once loaded, starting the load when `wanted`; null until then. */
function useKatex(wanted: boolean): Katex | null {
  const [katex, setKatex] = useState<Katex | null>(loaded);
  useEffect(() => {
    if (!wanted || katex) return;
    let live = true;
    loadKatex().then(
      (k) => live && setKatex(k),
      () => {}, // the plain text stays
    );
    return () => {
      live = false;
    };
  }, [wanted, katex]);
  return katex;
}

/**
 * Question-bank text with its math typeset: prose stays text, each formula (`x^2`, `√(x + 2)`, `3/4`, …)
 * is drawn by KaTeX. Shows the plain text until KaTeX has loaded, and keeps it if KaTeX fails to load.
 * Each formula keeps its text as written in `data-text` (its text content is KaTeX's MathML and HTML).
 */
export function MathText({ text }: { text: string }) {
  const segments = useMemo(() => mathSegments(text), [text]);
  const hasMath = segments.some((s) => s.kind === 'math');
  const katex = useKatex(hasMath);
  if (!hasMath) return <>{text}</>;
  return (
    <>
      {segments.map((s, i) =>
        s.kind === 'text' ? (
          <Fragment key={i}>{s.text}</Fragment>
        ) : katex ? (
          <span key={i} className="math" data-text={s.text} dangerouslySetInnerHTML={{ __html: renderTex(katex, s.tex) }} />
        ) : (
          <span key={i} className="math math-pending" data-text={s.text}>
            {s.text}
          </span>
        ),
      )}
    </>
  );
}
