import type { ReactNode } from 'react';

/** One formula: a small figure (decorative: the text says it all) and the formula in words and symbols. */
function Formula({ name, figure, children, wide = false }: { name: string; figure: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <li className={`ref-item${wide ? ' ref-wide' : ''}`}>
      <svg viewBox={wide ? '0 0 180 80' : '0 0 100 70'} aria-hidden="true" focusable="false" className="ref-figure">
        {figure}
      </svg>
      <div>
        <h3>{name}</h3>
        {children}
      </div>
    </li>
  );
}

const Sup = ({ children }: { children: ReactNode }) => <sup>{children}</sup>;
const Frac = ({ n, d }: { n: string; d: string }) => (
  <span className="ref-frac">
    <span className="visually-hidden">{`${n} over ${d}`}</span>
    <span aria-hidden="true">
      {n}&#8260;{d}
    </span>
  </span>
);

/** The SAT Math reference sheet, as the digital SAT provides it. */
export function ReferenceSheet() {
  return (
    <div className="reference-sheet">
      <ul className="ref-grid">
        <Formula
          name="Circle"
          figure={
            <>
              <circle cx="50" cy="35" r="28" />
              <line x1="50" y1="35" x2="78" y2="35" />
              <text x="60" y="31">r</text>
            </>
          }
        >
          <p>
            Area <var>A</var> = π<var>r</var>
            <Sup>2</Sup>
          </p>
          <p>
            Circumference <var>C</var> = 2π<var>r</var>
          </p>
        </Formula>
        <Formula
          name="Rectangle"
          figure={
            <>
              <rect x="15" y="15" width="70" height="40" />
              <text x="46" y="67">ℓ</text>
              <text x="88" y="39">w</text>
            </>
          }
        >
          <p>
            Area <var>A</var> = ℓ<var>w</var>
          </p>
        </Formula>
        <Formula
          name="Triangle"
          figure={
            <>
              <polygon points="10,58 90,58 60,10" />
              <line x1="60" y1="10" x2="60" y2="58" className="ref-dash" />
              <text x="63" y="38">h</text>
              <text x="46" y="68">b</text>
            </>
          }
        >
          <p>
            Area <var>A</var> = <Frac n="1" d="2" />
            <var>bh</var>
          </p>
        </Formula>
        <Formula
          name="Right triangle (Pythagorean theorem)"
          figure={
            <>
              <polygon points="15,58 85,58 15,12" />
              <polyline points="15,50 23,50 23,58" />
              <text x="5" y="38">a</text>
              <text x="48" y="68">b</text>
              <text x="52" y="32">c</text>
            </>
          }
        >
          <p>
            <var>c</var>
            <Sup>2</Sup> = <var>a</var>
            <Sup>2</Sup> + <var>b</var>
            <Sup>2</Sup>
          </p>
        </Formula>
        <Formula
          name="Special right triangles"
          wide
          figure={
            <>
              <polygon points="10,70 70,70 10,35" />
              <polyline points="10,63 17,63 17,70" />
              <text x="12" y="50">60°</text>
              <text x="44" y="67">30°</text>
              <text x="1" y="56">x</text>
              <text x="32" y="80">x√3</text>
              <text x="42" y="47">2x</text>
              <polygon points="110,70 160,70 110,20" />
              <polyline points="110,63 117,63 117,70" />
              <text x="113" y="34">45°</text>
              <text x="138" y="66">45°</text>
              <text x="101" y="48">s</text>
              <text x="132" y="79">s</text>
              <text x="138" y="40">s√2</text>
            </>
          }
        >
          <p>
            30°–60°–90°: sides <var>x</var>, <var>x</var>√3 and 2<var>x</var> (the side opposite 30° is <var>x</var>, the hypotenuse 2<var>x</var>)
          </p>
          <p>
            45°–45°–90°: sides <var>s</var>, <var>s</var> and <var>s</var>√2 (the hypotenuse)
          </p>
        </Formula>
        <Formula
          name="Rectangular box"
          figure={
            <>
              <rect x="12" y="25" width="55" height="35" />
              <polyline points="12,25 32,10 87,10 87,45 67,60" />
              <line x1="67" y1="25" x2="87" y2="10" />
              <text x="36" y="69">ℓ</text>
              <text x="79" y="63">w</text>
              <text x="2" y="46">h</text>
            </>
          }
        >
          <p>
            Volume <var>V</var> = ℓ<var>wh</var>
          </p>
        </Formula>
        <Formula
          name="Cylinder"
          figure={
            <>
              <ellipse cx="50" cy="14" rx="26" ry="7" />
              <path d="M24 14v42a26 7 0 0 0 52 0V14" />
              <line x1="50" y1="14" x2="76" y2="14" />
              <text x="58" y="11">r</text>
              <text x="80" y="40">h</text>
            </>
          }
        >
          <p>
            Volume <var>V</var> = π<var>r</var>
            <Sup>2</Sup>
            <var>h</var>
          </p>
        </Formula>
        <Formula
          name="Sphere"
          figure={
            <>
              <circle cx="50" cy="35" r="28" />
              <ellipse cx="50" cy="35" rx="28" ry="8" className="ref-dash" />
              <line x1="50" y1="35" x2="78" y2="35" />
              <text x="60" y="31">r</text>
            </>
          }
        >
          <p>
            Volume <var>V</var> = <Frac n="4" d="3" />π<var>r</var>
            <Sup>3</Sup>
          </p>
        </Formula>
        <Formula
          name="Cone"
          figure={
            <>
              <ellipse cx="50" cy="56" rx="26" ry="7" />
              <polyline points="24,56 50,8 76,56" />
              <line x1="50" y1="8" x2="50" y2="56" className="ref-dash" />
              <line x1="50" y1="56" x2="76" y2="56" />
              <text x="53" y="36">h</text>
              <text x="60" y="53">r</text>
            </>
          }
        >
          <p>
            Volume <var>V</var> = <Frac n="1" d="3" />π<var>r</var>
            <Sup>2</Sup>
            <var>h</var>
          </p>
        </Formula>
        <Formula
          name="Rectangular pyramid"
          figure={
            <>
              <polygon points="15,55 65,55 85,42 35,42" />
              <polyline points="15,55 50,8 65,55" />
              <line x1="50" y1="8" x2="85" y2="42" />
              <line x1="50" y1="8" x2="50" y2="48" className="ref-dash" />
              <text x="38" y="67">ℓ</text>
              <text x="78" y="56">w</text>
              <text x="53" y="30">h</text>
            </>
          }
        >
          <p>
            Volume <var>V</var> = <Frac n="1" d="3" />ℓ<var>wh</var>
          </p>
        </Formula>
      </ul>
      <ul className="ref-facts">
        <li>The number of degrees of arc in a circle is 360.</li>
        <li>The number of radians of arc in a circle is 2π.</li>
        <li>The sum of the measures in degrees of the angles of a triangle is 180.</li>
      </ul>
    </div>
  );
}
