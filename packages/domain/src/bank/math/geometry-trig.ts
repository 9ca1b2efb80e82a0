import { pick, randomInt } from '../random.ts';
import type { QuestionGenerator } from '../types.ts';
import type { FigureInput } from '../../schemas/figure.ts';
import {
  approx,
  defineGenerator,
  evaluate,
  fmtFrac,
  fmtInt,
  fmtNum,
  gcd,
  linear,
  nonzero,
  numCheck,
  numericPart,
  parsePoint,
  parseValue,
  positive,
  radical,
  signed,
  sprForm,
  textDistractors,
  type Explained,
  type McqPart,
  type Mistake,
  type SprPart,
  mistake,
  wrong,
} from './shared.ts';

const DEG = Math.PI / 180;

/** "72π", "π", "−3π". */
function piText(k: number): string {
  const t = fmtNum(k);
  if (t === '1') return 'π';
  return t.includes('/') ? `(${t})π` : `${t}π`;
}

/** Value of a length or area given as "kπ" (mcq) or as the bare coefficient k (grid-in asking for k). */
function piValue(text: string): number | null {
  const v = parseValue(text);
  if (v === null) return null;
  return text.includes('π') ? v : v * Math.PI;
}

/** Either a grid-in asking for k in "kπ", or an mcq with choices written as multiples of π. */
function piPart(spr: boolean, key: number, cands: readonly Mistake[]): McqPart | SprPart {
  if (spr) {
    const { answer, accepted } = sprForm(key);
    return { format: 'spr', answer, accepted };
  }
  const seen = new Set<number>();
  const ds: Explained[] = [];
  const pads: Mistake[] = [
    mistake(key * 2, 'is twice the correct volume, which comes from doubling a factor that should not be doubled.'),
    mistake(key / 2, 'is half the correct volume, which comes from halving a factor that should not be halved.'),
  ];
  for (const c of [...cands, ...pads, ...[key + 1, key + 2, key - 1].map((v) => mistake(v, 'is close to the correct value, what a slip in the arithmetic produces.'))]) {
    if (c.value > 0 && !approx(c.value, key) && ![...seen].some((s) => approx(s, c.value))) {
      seen.add(c.value);
      ds.push({ text: piText(c.value), why: `${piText(c.value)} ${c.why}` });
    }
  }
  return { format: 'mcq', key: piText(key), distractors: ds };
}

/** Text for c√r. */
function rootText(c: number, r: number): string {
  if (r === 1) return fmtNum(c);
  return `${c === 1 ? '' : fmtNum(c)}√${r}`;
}

// ---------------------------------------------------------------- area and volume

const avSolid = defineGenerator('M-GEO-AV-SOLID', 'area-and-volume', (rand, index) => {
  const kind = index;
  if (kind === 0) {
    const r = randomInt(rand, 2, 9);
    const h = randomInt(rand, 2, 12);
    const spr = true;
    return {
      difficulty: 1,
      stem: `A right circular cylinder has a radius of ${r} centimeters and a height of ${h} centimeters. The volume of the cylinder is kπ cubic centimeters. What is the value of k?`,
      ...piPart(spr, r * r * h, [mistake(4 * r * r * h, `uses the diameter ${2 * r} in place of the radius, which makes the volume four times too large.`), mistake(2 * r * h, 'multiplies the radius by 2 instead of squaring it.'), mistake(r * h * h, 'squares the height instead of the radius.')]),
      rationale: `The volume of a cylinder is πr^2h = π(${r})^2(${h}) = ${r * r * h}π, so k = ${r * r * h}. Using the diameter ${2 * r} in place of the radius gives ${4 * r * r * h}π, four times too large.`,
      verify: (text) => {
        const v = piValue(text);
        return v !== null && approx(Math.sqrt(v / (Math.PI * h)), r);
      },
    };
  }
  if (kind === 1) {
    const r = randomInt(rand, 2, 9);
    const h = 3 * randomInt(rand, 1, 5);
    const key = (r * r * h) / 3;
    return {
      difficulty: 2,
      stem: `A right circular cone has a base radius of ${r} inches and a height of ${h} inches. What is the volume, in cubic inches, of the cone?`,
      ...piPart(false, key, [mistake(r * r * h, 'forgets the factor of 1/3; it is the volume of a cylinder with the same base and height.'), mistake((4 * r * r * h) / 3, 'uses the diameter instead of the radius.'), mistake((r * h * h) / 3, 'squares the height instead of the radius.')]),
      rationale: `The volume of a cone is (1/3)πr^2h = (1/3)π(${r})^2(${h}) = ${piText(key)}. Forgetting the factor of 1/3 gives ${piText(r * r * h)}, which is the volume of a cylinder with the same base and height.`,
      verify: (text) => {
        const v = piValue(text);
        return v !== null && approx((3 * v) / (Math.PI * r * r), h);
      },
    };
  }
  if (kind === 2) {
    const r = 3 * randomInt(rand, 1, 4);
    const key = (4 * r ** 3) / 3;
    return {
      difficulty: 2,
      stem: `A sphere has a radius of ${r} meters. What is the volume, in cubic meters, of the sphere?`,
      ...piPart(false, key, [mistake(4 * r * r, 'is the surface area, 4πr^2, not the volume.'), mistake((32 * r ** 3) / 3, 'uses the diameter in place of the radius.'), mistake((4 * r * r) / 3, 'squares the radius instead of cubing it.')]),
      rationale: `The volume of a sphere is (4/3)πr^3 = (4/3)π(${r})^3 = (4/3)(${r ** 3})π = ${piText(key)}. The value ${piText(4 * r * r)} is the surface area formula 4πr^2, not the volume.`,
      verify: (text) => {
        const v = piValue(text);
        return v !== null && approx(Math.cbrt((3 * v) / (4 * Math.PI)), r);
      },
    };
  }
  if (kind === 3) {
    const l = randomInt(rand, 4, 15);
    const w = randomInt(rand, 2, 10);
    const h = randomInt(rand, 2, 12);
    const V = l * w * h;
    return {
      difficulty: 1,
      stem: `A rectangular box has a volume of ${V} cubic feet. The length of the box is ${l} feet and the width is ${w} feet. What is the height, in feet, of the box?`,
      ...numericPart(true, h, []),
      rationale: `Volume = length × width × height, so ${V} = ${l} × ${w} × h = ${l * w}h, and h = ${V} ÷ ${l * w} = ${h}. Dividing by ${l} + ${w} instead of ${l} × ${w} gives ${fmtNum(V / (l + w))}.`,
      verify: numCheck((v) => v > 0 && approx(l * w * v, V)),
    };
  }
  if (kind === 4) {
    const r = randomInt(rand, 2, 8);
    const h = randomInt(rand, 2, 15);
    const k = r * r * h;
    return {
      difficulty: 2,
      stem: `A cylindrical water tank has a radius of ${r} feet and a volume of ${k}π cubic feet. What is the height, in feet, of the tank?`,
      ...numericPart(false, h, [mistake(k / r, 'divides by the radius instead of the radius squared.'), mistake(k / (4 * r * r), `uses the diameter ${2 * r} in place of the radius.`), mistake(k / (2 * r), 'divides by twice the radius, mixing up the volume formula with the circumference 2πr.')], { ok: positive }),
      rationale: `The volume is πr^2h, so ${k}π = π(${r})^2h = ${r * r}πh and h = ${k} ÷ ${r * r} = ${h}. Dividing by the radius instead of the radius squared gives ${fmtNum(k / r)}.`,
      verify: numCheck((v) => v > 0 && approx(Math.PI * r * r * v, k * Math.PI)),
    };
  }
  const s = randomInt(rand, 2, 12);
  const S = 6 * s * s;
  return {
    difficulty: 2,
    stem: `The total surface area of a cube is ${S} square centimeters. What is the volume, in cubic centimeters, of the cube?`,
    ...numericPart(false, s ** 3, [mistake(s * s, 'is the area of one face, not the volume.'), mistake(6 * s ** 3, 'multiplies the volume by the 6 faces, which belongs to surface area, not volume.'), mistake((S / 6) ** 2, `squares the area of one face instead of cubing the edge length ${s}.`)], { ok: positive }),
    rationale: `A cube has 6 congruent square faces, so each face has area ${S} ÷ 6 = ${s * s} and the edge length is √${s * s} = ${s}. The volume is ${s}^3 = ${s ** 3}. The value ${s * s} is the area of one face, not the volume.`,
    verify: numCheck((v) => {
      const edge = Math.cbrt(v);
      return approx(6 * edge * edge, S);
    }),
  };
});

const avPlane = defineGenerator('M-GEO-AV-PLANE', 'area-and-volume', (rand, index) => {
  const kind = index % 3;
  const spr = index === 2 || index === 3;
  if (kind === 0) {
    const p = index === 0 ? 2 : 3;
    const q = nonzero(rand, -3, 6);
    const w = randomInt(rand, 3, 12);
    const l = p * w + q;
    const P = 2 * (w + l);
    const rel = `${Math.abs(q)} ${q > 0 ? 'more' : 'less'} than ${p === 2 ? 'twice' : 'three times'} its width`;
    return {
      difficulty: 2,
      stem: `The length of a rectangle is ${rel}. The perimeter of the rectangle is ${P} centimeters. What is the area, in square centimeters, of the rectangle?`,
      ...numericPart(spr, w * l, [mistake(P, 'is the perimeter, not the area.'), mistake(w + l, 'is half the perimeter, length plus width, not the area.'), mistake(w * p * w, `ignores the ${Math.abs(q)} ${q > 0 ? 'added to' : 'taken from'} the length.`), mistake(l * l, 'squares the length as if the rectangle were a square.')], { ok: positive }),
      rationale:
        `Let w be the width; the length is ${linear(p, q, 'w')}. Then 2(w + ${linear(p, q, 'w')}) = ${P}, so ${linear(2 * (p + 1), 2 * q, 'w')} = ${P} and w = ${w}. The length is ${l}, and the area is ${w} × ${l} = ${w * l}. ` +
        `The value ${w + l} is only half the perimeter (length + width), not the area.`,
      verify: numCheck((v) => {
        for (let width = 1; width <= 200; width++) {
          const len = p * width + q;
          if (2 * (width + len) === P) return approx(v, width * len);
        }
        return false;
      }),
    };
  }
  if (kind === 1) {
    const k = randomInt(rand, 2, 5);
    if (index === 1) {
      const A = randomInt(rand, 6, 40);
      return {
        difficulty: 2,
        stem: `A rectangle has an area of ${A} square inches. A second rectangle is made by multiplying both the length and the width of the first rectangle by ${k}. What is the area, in square inches, of the second rectangle?`,
        ...numericPart(spr, A * k * k, [mistake(A * k, `multiplies the area by ${k} only once, accounting for just one dimension.`), mistake(A * k ** 3, `multiplies by ${k}^3, which is how volume scales, not area.`), mistake(2 * A * k, `doubles the single scaling instead of applying ${k} to both dimensions.`)], { ok: positive }),
        rationale: `Multiplying both dimensions by ${k} multiplies the area by ${k} × ${k} = ${k * k}, so the new area is ${A} × ${k * k} = ${A * k * k}. Multiplying the area by ${k} only once gives ${A * k}, which accounts for just one dimension.`,
        verify: numCheck((v) => approx(k * A * (k * 1), v)),
      };
    }
    const V = randomInt(rand, 5, 30);
    return {
      difficulty: 2,
      stem: `A rectangular box has a volume of ${V} cubic centimeters. A second box is made by multiplying the length, the width, and the height of the first box by ${k}. What is the volume, in cubic centimeters, of the second box?`,
      ...numericPart(spr, V * k ** 3, [mistake(V * k, `multiplies the volume by ${k} once, accounting for only one dimension.`), mistake(V * k * k, `multiplies by ${k}^2, which is how area scales, not volume.`), mistake(3 * V * k, `adds three scalings by ${k} instead of multiplying them.`)], { ok: positive }),
      rationale: `Each of the three dimensions is multiplied by ${k}, so the volume is multiplied by ${k}^3 = ${k ** 3}: ${V} × ${k ** 3} = ${V * k ** 3}. Multiplying by ${k}^2 = ${k * k} gives ${V * k * k}, which is how area (not volume) scales.`,
      verify: numCheck((v) => approx(k * V * k * k, v)),
    };
  }
  const L = randomInt(rand, 8, 30);
  const W = randomInt(rand, 5, L - 1);
  const d = randomInt(rand, 1, 4);
  const key = (L + 2 * d) * (W + 2 * d) - L * W;
  return {
    difficulty: 3,
    stem: `A rectangular garden measures ${L} feet by ${W} feet. A walkway of uniform width ${d} ${d === 1 ? 'foot' : 'feet'} is built around the outside of the garden. What is the area, in square feet, of the walkway?`,
    ...numericPart(spr, key, [mistake((L + d) * (W + d) - L * W, `adds the width ${d} only once to each dimension, but the walkway is on both sides.`), mistake((L + 2 * d) * (W + 2 * d), 'is the area of the garden and walkway together; the garden still has to be subtracted.'), mistake(2 * d * (L + W), 'covers the strips along the sides but leaves out the four corner squares.')], { ok: positive }),
    rationale:
      `The garden plus walkway is a rectangle measuring ${L + 2 * d} by ${W + 2 * d} feet (the walkway adds ${d} ${d === 1 ? 'foot' : 'feet'} on each side), with area ${(L + 2 * d) * (W + 2 * d)}. Subtracting the garden's area ${L * W} leaves ${key} square feet. ` +
      `Adding the width ${d} only once to each dimension gives ${(L + d) * (W + d) - L * W}.`,
    verify: numCheck((v) => approx(2 * d * (L + 2 * d) + 2 * d * W, v)),
  };
});

// ---------------------------------------------------------------- lines, angles, triangles

const PAIRS = [
  { name: 'alternate interior angles', equal: true },
  { name: 'corresponding angles', equal: true },
  { name: 'same-side interior angles', equal: false },
  { name: 'alternate exterior angles', equal: true },
  { name: 'same-side interior angles', equal: false },
  { name: 'corresponding angles', equal: true },
] as const;

const latParallel = defineGenerator('M-GEO-LAT-PARALLEL', 'lines-angles-triangles', (rand, index) => {
  const pair = PAIRS[index]!;
  for (;;) {
    const x0 = randomInt(rand, 5, 30);
    const a = randomInt(rand, 2, 7);
    const c = randomInt(rand, 1, a - 1);
    const A = randomInt(rand, 30, 150);
    const B = pair.equal ? A : 180 - A;
    const b = A - a * x0;
    const d = B - c * x0;
    if (b === 0 || d === 0 || A === 90) continue;
    const askAngle = index === 1 || index === 4;
    const e1 = `(${linear(a, b)})°`;
    const e2 = `(${linear(c, d)})°`;
    const wrongX = pair.equal ? (180 - b - d) / (a + c) : (d - b) / (a - c);
    const relation = (x: number): boolean => {
      const m1 = a * x + b;
      const m2 = c * x + d;
      return m1 > 0 && m2 > 0 && m1 < 180 && m2 < 180 && (pair.equal ? approx(m1, m2) : approx(m1 + m2, 180));
    };
    const spr = index === 2 || index === 5;
    const stemStart = `Parallel lines ℓ and m are intersected by transversal t. Two ${pair.name} formed by these lines have measures ${e1} and ${e2}.`;
    const why = pair.equal ? `${pair.name.charAt(0).toUpperCase() + pair.name.slice(1)} formed by parallel lines are congruent, so ${linear(a, b)} = ${linear(c, d)}` : `Same-side interior angles formed by parallel lines are supplementary, so (${linear(a, b)}) + (${linear(c, d)}) = 180`;
    const solve = pair.equal ? `${linear(a - c, 0)} = ${fmtInt(d - b)}` : `${linear(a + c, 0)} = ${fmtInt(180 - b - d)}`;
    if (askAngle) {
      return {
        difficulty: 2,
        stem: `${stemStart} What is the measure, in degrees, of the angle with measure ${e1}?`,
        ...numericPart(spr, A, [mistake(180 - A, 'is the supplement of the angle, not its measure.'), mistake(x0, 'is the value of x, not the measure of the angle.'), mistake(a * wrongX + b, `treats the angles as ${pair.equal ? 'supplementary' : 'congruent'} instead of ${pair.equal ? 'congruent' : 'supplementary'}.`)], { ok: (v) => v > 0 && v < 180 && Number.isInteger(v) }),
        rationale: `${why}. Solving gives ${solve === `x = ${fmtInt(x0)}` ? solve : `${solve}, so x = ${x0}`}, and the angle measures ${a}(${x0}) ${signed(b)} = ${A}°. The value ${x0} is x itself, and ${180 - A} is the supplement of the angle, not its measure.`,
        verify: numCheck((v) => relation((v - b) / a)),
      };
    }
    return {
      difficulty: 2,
      stem: `${stemStart} What is the value of x?`,
      ...numericPart(spr, x0, [mistake(wrongX, `treats the angles as ${pair.equal ? 'supplementary' : 'congruent'} instead of ${pair.equal ? 'congruent' : 'supplementary'}.`), mistake(A, `is the measure of the angle (${linear(a, b)})°, not x.`), mistake(B, `is the measure of the angle (${linear(c, d)})°, not x.`)], { ok: (v) => v > 0 && Number.isInteger(v) }),
      rationale:
        `${why}. Solving gives ${solve === `x = ${fmtInt(x0)}` ? solve : `${solve}, so x = ${x0}`}. ` +
        (wrongX > 0 && Number.isInteger(wrongX)
          ? `${pair.equal ? 'Treating the angles as supplementary' : 'Treating the angles as congruent'} instead gives ${fmtNum(wrongX)}.`
          : `The value ${A} is the measure of the angle (${linear(a, b)})°, not x.`),
      verify: numCheck(relation),
    };
  }
});

const latTriangle = defineGenerator('M-GEO-LAT-TRIANGLE', 'lines-angles-triangles', (rand, index) => {
  const kind = index % 3;
  const spr = index === 3 || index === 5;
  if (kind === 0) {
    if (index === 0) {
      const a = 2 * randomInt(rand, 10, 70);
      const key = (180 - a) / 2;
      return {
        difficulty: 1,
        stem: `In triangle ABC, AB = AC and the measure of angle A is ${a}°. What is the measure, in degrees, of angle B?`,
        ...numericPart(spr, key, [mistake(a, 'is the measure of angle A; angle B is one of the two equal base angles.'), mistake(180 - a, 'is the sum of angles B and C, not one of them.'), mistake(180 - 2 * a, `treats angle A as one of the two equal angles, but the equal angles are opposite the equal sides AB and AC.`)], { ok: (v) => v > 0 && v < 180 }),
        rationale: `Because AB = AC, the angles opposite those sides, angles C and B, are congruent. Then 2(angle B) + ${a} = 180, so angle B = (180 − ${a})/2 = ${key}°. The value ${180 - a} is the sum of angles B and C, not one of them.`,
        verify: numCheck((v) => v > 0 && approx(v + v + a, 180)),
      };
    }
    const b = randomInt(rand, 25, 80);
    const key = 180 - 2 * b;
    return {
      difficulty: 2,
      stem: `In isosceles triangle PQR, PQ = PR and the measure of angle Q is ${b}°. What is the measure, in degrees, of angle P?`,
      ...numericPart(spr, key, [mistake(b, 'is the measure of angle Q, one of the two equal base angles, not angle P.'), mistake((180 - b) / 2, 'treats angle Q as the angle between the equal sides; it is a base angle.'), mistake(180 - b, `subtracts only one ${b}° base angle from 180.`)], { ok: (v) => v > 0 && v < 180 }),
      rationale: `Since PQ = PR, angle R is congruent to angle Q, so both measure ${b}°. Then angle P = 180 − 2(${b}) = ${key}°. Subtracting only one ${b}° angle from 180 gives ${180 - b}.`,
      verify: numCheck((v) => v > 0 && approx(v + 2 * b, 180)),
    };
  }
  if (kind === 1) {
    const p = randomInt(rand, 25, 75);
    const q = randomInt(rand, 25, 75);
    const e = p + q;
    return {
      difficulty: 2,
      stem: `In triangle PQR, the measure of angle P is ${p}°. Side QR is extended past R to point S, and the measure of angle PRS is ${e}°. What is the measure, in degrees, of angle Q?`,
      ...numericPart(spr, q, [mistake(180 - e, 'is angle PRQ, the interior angle beside the exterior angle, not angle Q.'), mistake(e + p, 'adds angle P to the exterior angle instead of subtracting it.'), mistake(180 - q, 'is the supplement of angle Q, not angle Q itself.')], { ok: (v) => v > 0 && v < 180 }),
      rationale: `Angle PRQ and angle PRS form a linear pair, so angle PRQ = 180 − ${e} = ${180 - e}°. The angles of triangle PQR sum to 180°, so angle Q = 180 − ${p} − ${180 - e} = ${q}° (equivalently, the exterior angle equals the sum of the two remote interior angles: ${e} − ${p} = ${q}). The value ${180 - e} is angle PRQ, not angle Q.`,
      verify: numCheck((v) => v > 0 && approx(p + v + (180 - e), 180)),
    };
  }
  const [t, u] = pick(rand, [
    [3, 2],
    [2, 1],
    [5, 2],
    [4, 3],
    [5, 3],
  ] as const);
  const m = randomInt(rand, 2, 5);
  let n = randomInt(rand, 2, 6);
  if (n === m) n += 1;
  const AB = u * m;
  const DE = t * m;
  const BC = u * n;
  const key = t * n;
  return {
    difficulty: 2,
    stem: `Triangle ABC is similar to triangle DEF, where vertices A, B, and C correspond to vertices D, E, and F, respectively. If AB = ${AB}, BC = ${BC}, and DE = ${DE}, what is the length of EF?`,
    ...numericPart(spr, key, [mistake(BC + (DE - AB), `adds the difference ${DE} − ${AB} to BC, treating similarity as additive instead of proportional.`), mistake((BC * AB) / DE, 'uses the scale factor upside down, shrinking instead of enlarging.'), mistake(DE, 'is the length of DE, which corresponds to AB, not to BC.')], { ok: positive }),
    rationale: `Corresponding sides are proportional: EF/BC = DE/AB = ${DE}/${AB}${gcd(DE, AB) > 1 ? ` = ${fmtFrac(DE, AB)}` : ''}. So EF = ${BC} × ${fmtFrac(DE, AB)} = ${key}. Adding the difference ${DE} − ${AB} = ${DE - AB} to BC treats similarity as additive and gives ${BC + DE - AB}.`,
    verify: numCheck((v) => approx(v * AB, BC * DE)),
  };
});

// ---------------------------------------------------------------- right triangles and trigonometry

const TRIPLES = [
  [3, 4, 5],
  [5, 12, 13],
  [8, 15, 17],
  [7, 24, 25],
  [20, 21, 29],
  [9, 40, 41],
] as const;

/**
 * The right triangle a stem describes ("In right triangle ABC, angle C is a right angle, AC = 8, and
 * BC = 15"), drawn to scale with the right angle marked and only the stem's own labels: legs along
 * the axes, `legs` giving each leg's far vertex and length.
 */
function rightTriangle(right: string, legs: [[string, number], [string, number]], labels: { sides?: [string, string][]; angles?: [string, string][] } = {}): FigureInput {
  const r3 = (v: number): number => Math.round(v * 1000) / 1000;
  const vs = [
    { label: right, at: [0, 0] as [number, number] },
    { label: legs[0][0], at: [r3(legs[0][1]), 0] as [number, number] },
    { label: legs[1][0], at: [0, r3(legs[1][1])] as [number, number] },
  ].sort((a, b) => a.label.localeCompare(b.label));
  return {
    kind: 'triangle',
    vertices: [vs[0]!, vs[1]!, vs[2]!],
    rightAngleAt: right,
    sides: (labels.sides ?? []).map(([side, label]) => ({ side, label })),
    angles: (labels.angles ?? []).map(([at, label]) => ({ at, label })),
  };
}

const trigPyth = defineGenerator('M-GEO-TRIG-PYTH', 'right-triangles-trigonometry', (rand, index) => {
  const spr = index === 1 || index === 2;
  if (index === 4) {
    let a = randomInt(rand, 2, 9);
    let b = randomInt(rand, 2, 9);
    while (a === b || Number.isInteger(Math.sqrt(a * a + b * b))) {
      a = randomInt(rand, 2, 9);
      b = randomInt(rand, 2, 9);
    }
    const key = radical(a * a + b * b);
    return {
      difficulty: 2,
      stem: `In right triangle ABC, angle C is a right angle, AC = ${a}, and BC = ${b}. What is the length of AB?`,
      figure: rightTriangle('C', [['A', a], ['B', b]], { sides: [['AC', String(a)], ['BC', String(b)]] }),
      format: 'mcq',
      key,
      distractors: textDistractors(key, [wrong(fmtInt(a + b), `${a + b} adds the legs instead of using the Pythagorean theorem.`), wrong(radical(Math.abs(b * b - a * a)), `${radical(Math.abs(b * b - a * a))} subtracts the squares of the legs; the hypotenuse needs their sum.`), wrong(fmtInt(a * a + b * b), `${a * a + b * b} is AB^2; it forgets to take the square root.`), wrong(radical(2 * (a * a + b * b)), `${radical(2 * (a * a + b * b))} doubles the sum of the squares before taking the root.`)]),
      rationale: `AB is the hypotenuse, so AB^2 = ${a}^2 + ${b}^2 = ${a * a} + ${b * b} = ${a * a + b * b} and AB = √${a * a + b * b}${key !== `√${a * a + b * b}` ? ` = ${key}` : ''}. The value ${a * a + b * b} forgets to take the square root.`,
      verify: numCheck((v) => v > 0 && approx(v * v, a * a + b * b)),
    };
  }
  const [p, q, r] = TRIPLES[index]!;
  const k = randomInt(rand, 1, index >= 4 ? 1 : 3);
  const a = p * k;
  const b = q * k;
  const c = r * k;
  const hyp = index % 2 === 0;
  const contexts = [
    `A rectangular park is ${a} meters wide and ${b} meters long. A straight path runs diagonally from one corner of the park to the opposite corner. What is the length, in meters, of the path?`,
    `A ladder that is ${c} feet long leans against a vertical wall, and the bottom of the ladder is ${a} feet from the base of the wall on level ground. How far up the wall, in feet, does the top of the ladder reach?`,
    `In right triangle ABC, angle C is a right angle, AC = ${a}, and BC = ${b}. What is the length of AB?`,
    `In right triangle PQR, angle Q is a right angle, PR = ${c}, and PQ = ${a}. What is the length of QR?`,
    '',
    `A rectangular television screen is ${b} inches wide, and its diagonal measures ${c} inches. What is the height, in inches, of the screen?`,
  ];
  // The two items that name a triangle get it drawn; the park and the screen are described, not drawn.
  const figure: FigureInput | undefined =
    index === 2 ? rightTriangle('C', [['A', a], ['B', b]], { sides: [['AC', String(a)], ['BC', String(b)]] })
    : index === 3 ? rightTriangle('Q', [['P', a], ['R', b]], { sides: [['PR', String(c)], ['PQ', String(a)]] })
    : undefined;
  if (hyp) {
    return {
      difficulty: 1,
      stem: contexts[index]!,
      ...(figure ? { figure } : {}),
      ...(spr
        ? numericPart(true, c, [])
        : { format: 'mcq' as const, key: fmtInt(c), distractors: textDistractors(fmtInt(c), [wrong(fmtInt(a + b), `${a + b} adds the legs instead of using the Pythagorean theorem.`), wrong(radical(b * b - a * a), `${radical(b * b - a * a)} subtracts the squares of the legs; the hypotenuse needs their sum.`), wrong(fmtInt(a * a + b * b), `${a * a + b * b} is the square of the length; it forgets to take the square root.`), wrong(fmtInt(c + 1), `${c + 1} is close to the correct length, what a slip in the arithmetic produces; its square is not ${a * a} + ${b * b}.`)]) }),
      rationale: `${index === 0 ? 'The diagonal path is the hypotenuse of a right triangle' : 'AB is the hypotenuse of the right triangle'} with legs ${a} and ${b}, so by the Pythagorean theorem its length is √(${a}^2 + ${b}^2) = √(${a * a} + ${b * b}) = √${c * c} = ${c}. Adding the legs, ${a} + ${b} = ${a + b}, skips the Pythagorean theorem.`,
      verify: numCheck((v) => v > 0 && approx(v * v, a * a + b * b)),
    };
  }
  const known = index === 5 ? b : a;
  const other = index === 5 ? a : b;
  return {
    difficulty: 2,
    stem: contexts[index]!,
    ...(figure ? { figure } : {}),
    ...(spr
      ? numericPart(true, other, [])
      : { format: 'mcq' as const, key: fmtInt(other), distractors: textDistractors(fmtInt(other), [wrong(radical(c * c + known * known), `${radical(c * c + known * known)} adds the squares, treating the missing leg as the hypotenuse; it would be longer than the hypotenuse ${c}.`), wrong(fmtInt(c - known), `${c - known} subtracts the lengths instead of their squares.`), wrong(fmtInt(c * c - known * known), `${c * c - known * known} is the square of the missing leg; it forgets to take the square root.`), wrong(fmtInt(other + 1), `${other + 1} is close to the correct length, what a slip in the arithmetic produces; it does not satisfy the Pythagorean theorem.`)]) }),
    rationale: `The missing side is a leg, so it equals √(${c}^2 − ${known}^2) = √(${c * c} − ${known * known}) = √${other * other} = ${other}. Adding the squares instead, √(${c * c} + ${known * known}), would give a length longer than the hypotenuse.`,
    verify: numCheck((v) => v > 0 && approx(v * v + known * known, c * c)),
  };
});

const trigRatio = defineGenerator('M-GEO-TRIG-RATIO', 'right-triangles-trigonometry', (rand, index) => {
  const [p, q, r] = TRIPLES[(index + randomInt(rand, 0, 3)) % 4]!;
  const k = randomInt(rand, 1, 3);
  const swap = rand() < 0.5;
  const AC = (swap ? q : p) * k;
  const BC = (swap ? p : q) * k;
  const AB = r * k;
  const fr = (n: number, d: number): string => fmtFrac(n, d);
  if (index === 5) {
    const num = BC;
    const den = AB;
    return {
      difficulty: 2,
      stem: `In a right triangle, one acute angle measures x°, and sin(x°) = ${fr(num, den)}. What is the value of cos((90 − x)°)?`,
      ...numericPart(false, num / den, [mistake(AC / AB, 'is cos(x°), not cos((90 − x)°); the cosine of the complement equals the sine of x.'), mistake(AB / BC, 'is the reciprocal of sin(x°), hypotenuse over opposite.'), mistake(BC / AC, 'is a ratio of the two legs, a tangent, not a cosine.')], { fmt: (v) => fmtFrac(...toFrac(v)) }),
      rationale: `The two acute angles of a right triangle are complementary, and the cosine of an angle equals the sine of its complement: cos((90 − x)°) = sin(x°) = ${fr(num, den)}. The value ${fr(AC, AB)} is cos(x°), not cos((90 − x)°).`,
      verify: numCheck((v) => approx(Math.cos((90 - Math.asin(num / den) / DEG) * DEG), v)),
    };
  }
  const fns = [
    ['sin', 'A'],
    ['cos', 'A'],
    ['tan', 'A'],
    ['sin', 'B'],
    ['cos', 'B'],
  ] as const;
  const [fn, at] = fns[index]!;
  const opp = at === 'A' ? BC : AC;
  const adj = at === 'A' ? AC : BC;
  const ratios = { sin: [opp, AB], cos: [adj, AB], tan: [opp, adj] } as const;
  const [n, d] = ratios[fn];
  const other = 'uses the sides relative to the other acute angle.';
  const cands = fn === 'sin'
    ? [mistake(adj / AB, other), mistake(opp / adj, 'is opposite over adjacent, the tangent, not the sine.'), mistake(AB / opp, 'is hypotenuse over opposite, the reciprocal of the sine.')]
    : fn === 'cos'
      ? [mistake(opp / AB, other), mistake(adj / opp, 'is adjacent over opposite, the reciprocal of the tangent, not the cosine.'), mistake(AB / adj, 'is hypotenuse over adjacent, the reciprocal of the cosine.')]
      : [mistake(adj / opp, other), mistake(opp / AB, 'is opposite over hypotenuse, the sine, not the tangent.'), mistake(adj / AB, 'is adjacent over hypotenuse, the cosine, not the tangent.')];
  const giveHyp = index !== 2;
  const fnName = { sin: 'sine', cos: 'cosine', tan: 'tangent' }[fn];
  const ratioWords = { sin: 'opposite/hypotenuse', cos: 'adjacent/hypotenuse', tan: 'opposite/adjacent' }[fn];
  return {
    difficulty: giveHyp ? 1 : 2,
    stem: `In right triangle ABC, angle C is a right angle, AC = ${AC}, ${giveHyp ? `BC = ${BC}, and AB = ${AB}` : `and BC = ${BC}`}. What is the value of ${fn}(${at})?`,
    figure: rightTriangle('C', [['A', AC], ['B', BC]], { sides: [['AC', String(AC)], ['BC', String(BC)], ...(giveHyp ? [['AB', String(AB)] as [string, string]] : [])] }),
    ...numericPart(index === 3, n / d, cands, { fmt: (v) => fmtFrac(...toFrac(v)) }),
    rationale:
      `${giveHyp ? '' : `First, AB = √(${AC}^2 + ${BC}^2) = ${AB}. `}Relative to angle ${at}, the opposite side is ${at === 'A' ? 'BC' : 'AC'} = ${opp}, the adjacent leg is ${at === 'A' ? 'AC' : 'BC'} = ${adj}, and the hypotenuse is AB = ${AB}. ` +
      `The ${fnName} is ${ratioWords} = ${n}/${d}${gcd(n, d) > 1 ? ` = ${fr(n, d)}` : ''}. Using the sides relative to the other acute angle gives ${fmtFrac(...toFrac(cands[0]!.value))}.`,
    verify: numCheck((v) => {
      // C at the origin, A on the x-axis, B on the y-axis; measure the angle from coordinates.
      const A = [AC, 0] as const;
      const B = [0, BC] as const;
      const angleAt = (P: readonly [number, number], Q: readonly [number, number]): number => {
        const u = [-P[0], -P[1]];
        const w = [Q[0] - P[0], Q[1] - P[1]];
        return Math.acos((u[0]! * w[0]! + u[1]! * w[1]!) / (Math.hypot(u[0]!, u[1]!) * Math.hypot(w[0]!, w[1]!)));
      };
      const theta = at === 'A' ? angleAt(A, B) : angleAt(B, A);
      const want = fn === 'sin' ? Math.sin(theta) : fn === 'cos' ? Math.cos(theta) : Math.tan(theta);
      return approx(want, v);
    }),
  };
});

function toFrac(x: number): [number, number] {
  for (let d = 1; d <= 10000; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n / d - x) < 1e-12) return [n, d];
  }
  return [x, 1];
}

type Side = 'opp' | 'adj' | 'hyp';

const trigSpecial = defineGenerator('M-GEO-TRIG-SPECIAL', 'right-triangles-trigonometry', (rand, index) => {
  const combos: ReadonlyArray<readonly [30 | 45 | 60, Side, Side]> = [
    [45, 'opp', 'hyp'],
    [45, 'hyp', 'adj'],
    [30, 'hyp', 'opp'],
    [30, 'opp', 'adj'],
    [60, 'adj', 'hyp'],
    [60, 'hyp', 'opp'],
  ];
  const [theta, given, asked] = combos[index]!;
  const s = randomInt(rand, 2, 12);
  const sides: Record<Side, [number, number]> =
    theta === 45 ? { opp: [s, 1], adj: [s, 1], hyp: [s, 2] } : theta === 30 ? { opp: [s, 1], adj: [s, 3], hyp: [2 * s, 1] } : { opp: [s, 3], adj: [s, 1], hyp: [2 * s, 1] };
  const names: Record<Side, string> = { opp: 'QR', adj: 'PQ', hyp: 'PR' };
  const [gc, gr] = sides[given];
  const [ac, ar] = sides[asked];
  const key = rootText(ac, ar);
  const other = (['opp', 'adj', 'hyp'] as const).find((x) => x !== given && x !== asked)!;
  const swapRoot = (r: number): number => (r === 2 ? 3 : r === 3 ? 2 : 3);
  const sideName = { opp: `the side opposite the ${theta}° angle`, adj: 'the leg adjacent to angle P', hyp: 'the hypotenuse' } as const;
  const cands = [
    ...(['opp', 'adj', 'hyp'] as const).filter((x) => x !== asked).map((x) => wrong(rootText(...sides[x]), `${rootText(...sides[x])} is the length of ${names[x]}, ${sideName[x]}, not of ${names[asked]}.`)),
    wrong(rootText(ac, swapRoot(ar)), `${rootText(ac, swapRoot(ar))} uses √${swapRoot(ar)} where the ratio calls for ${ar === 1 ? 'no root' : `√${ar}`}, mixing up the two special triangles.`),
    wrong(rootText(2 * ac, ar), `${rootText(2 * ac, ar)} is twice the correct length, a factor of 2 that the side ratio does not call for here.`),
    ...(ac % 2 === 0 ? [wrong(rootText(ac / 2, ar), `${rootText(ac / 2, ar)} halves the length, dividing by 2 where the ratio does not call for it.`)] : []),
    wrong(rootText(ac + 1, ar), `${rootText(ac + 1, ar)} is close to the correct length, what a slip in the arithmetic produces; it does not fit the side ratio.`),
  ];
  const fnv = (side: Side): number => (side === 'opp' ? Math.sin(theta * DEG) : side === 'adj' ? Math.cos(theta * DEG) : 1);
  const givenVal = gc * Math.sqrt(gr);
  return {
    difficulty: 2,
    stem: `In right triangle PQR, angle Q is a right angle and the measure of angle P is ${theta}°. If ${names[given]} = ${rootText(gc, gr)}, what is the length of ${names[asked]}?`,
    // PQ is adjacent to P and QR opposite it: with the hypotenuse 10, PQ = 10 cos θ and QR = 10 sin θ.
    figure: rightTriangle('Q', [['P', 10 * Math.cos(theta * DEG)], ['R', 10 * Math.sin(theta * DEG)]], { sides: [[names[given], rootText(gc, gr)]], angles: [['P', `${theta}°`]] }),
    format: 'mcq',
    key,
    distractors: textDistractors(key, cands),
    rationale:
      `Triangle PQR is a ${theta === 45 ? '45°-45°-90°' : '30°-60°-90°'} triangle, so its sides are in the ratio ${theta === 45 ? '1 : 1 : √2 (leg : leg : hypotenuse)' : '1 : √3 : 2 (side opposite 30° : side opposite 60° : hypotenuse)'}. ` +
      `Here ${names.opp} is opposite the ${theta}° angle, ${names.adj} is the other leg, and ${names.hyp} is the hypotenuse; with ${names[given]} = ${rootText(gc, gr)}, the ratio gives ${names[asked]} = ${key} (and the remaining side ${names[other]} = ${rootText(...sides[other])}).`,
    verify: numCheck((v) => approx((givenVal / fnv(given)) * fnv(asked), v)),
  };
});

// ---------------------------------------------------------------- circles

const cirEquation = defineGenerator('M-GEO-CIR-EQ', 'circles', (rand, index) => {
  const h = nonzero(rand, -9, 9);
  const k = nonzero(rand, -9, 9);
  const r = randomInt(rand, 2, 12);
  const standard = index < 2;
  const askRadius = index % 2 === 0;
  const D = -2 * h;
  const E = -2 * k;
  const F = h * h + k * k - r * r;
  const sq = (v: string, c: number): string => `(${v} ${signed(-c)})^2`;
  const lhs = standard ? `${sq('x', h)} + ${sq('y', k)}` : `x^2 ${signed(D)}x + y^2 ${signed(E)}y${F === 0 ? '' : ` ${signed(F)}`}`;
  const rhsVal = standard ? r * r : 0;
  const eq = `${lhs} = ${fmtInt(rhsVal)}`;
  const P = (x: number, y: number): number => evaluate(lhs, { x, y }) - rhsVal;
  const pt = (x: number, y: number): string => `(${fmtInt(x)}, ${fmtInt(y)})`;
  const spr = index === 2;
  const completing = standard ? '' : `Completing the square: (x^2 ${signed(D)}x + ${h * h}) + (y^2 ${signed(E)}y + ${k * k}) = ${fmtInt(-F)} + ${h * h} + ${k * k}, so ${sq('x', h)} + ${sq('y', k)} = ${r * r}. `;
  if (askRadius) {
    const near = (v: number): [string, string] => [fmtInt(v), 'is close to the radius, what a slip in completing the square or taking the root produces.'];
    const cands = ((standard
      ? [[fmtInt(r * r), 'is r^2, the right side of the equation; the radius is its square root.'], [fmtInt(2 * r), 'is the diameter, twice the radius.'], ...(r % 2 === 0 ? [[fmtInt((r * r) / 2), 'halves r^2 instead of taking its square root.']] : []), near(r + 1), near(r - 1), near(r + 2)]
      : [[fmtInt(r * r), 'is r^2 after completing the square; the radius is its square root.'], [radical(Math.abs(F)), `takes the square root of the constant ${fmtInt(F)} without completing the square.`], [fmtInt(2 * r), 'is the diameter, twice the radius.'], near(r + 1), near(r - 1)]) as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`));
    return {
      difficulty: standard ? 1 : 3,
      stem: `The equation of a circle in the xy-plane is ${eq}. What is the radius of the circle?`,
      ...(spr ? numericPart(true, r, []) : { format: 'mcq' as const, key: fmtInt(r), distractors: textDistractors(fmtInt(r), cands) }),
      rationale: `${completing}The equation has the form (x − h)^2 + (y − k)^2 = r^2 with r^2 = ${r * r}, so the radius is √${r * r} = ${r}. The value ${r * r} is r^2, not r.`,
      verify: numCheck((v) => {
        let min = Infinity;
        for (let x = -30; x <= 30; x++) for (let y = -30; y <= 30; y++) min = Math.min(min, P(x, y));
        return v > 0 && approx(v * v, -min);
      }),
    };
  }
  const key = pt(h, k);
  return {
    difficulty: standard ? 1 : 3,
    stem: `The equation of a circle in the xy-plane is ${eq}. What are the coordinates of the center of the circle?`,
    format: 'mcq',
    key,
    distractors: textDistractors(key, ((standard
      ? [[pt(-h, -k), 'takes the signs inside the parentheses at face value; (x − h) means the center is at +h.'], [pt(k, h), 'swaps the x- and y-coordinates.'], [pt(h, -k), 'has the sign of the y-coordinate reversed.'], [pt(-h, k), 'has the sign of the x-coordinate reversed.']]
      : [[pt(-h, -k), 'takes half the x- and y-coefficients with their signs unchanged; the center has the opposite signs.'], [pt(2 * h, 2 * k), 'forgets to halve the coefficients of x and y when completing the square.'], [pt(-2 * h, -2 * k), 'uses the coefficients of x and y directly, without halving them or changing their signs.'], [pt(k, h), 'swaps the x- and y-coordinates.']]) as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`))),
    rationale: `${completing}The center of (x − h)^2 + (y − k)^2 = r^2 is (h, k), so the center is ${key}. The point ${pt(-h, -k)} comes from taking the signs inside the parentheses at face value.`,
    verify: (text) => {
      const c = parsePoint(text);
      if (!c) return false;
      const [cx, cy] = c;
      return [1, 2.5].every((dd) => approx(P(cx + dd, cy), P(cx - dd, cy)) && approx(P(cx, cy + dd), P(cx, cy - dd)));
    },
  };
});

const cirArc = defineGenerator('M-GEO-CIR-ARC', 'circles', (rand, index) => {
  const kind = index % 3;
  const spr = index >= 3;
  if (kind === 0) {
    const theta = pick(rand, [30, 40, 45, 60, 72, 80, 100, 120, 135, 150, 240]);
    const unit = 180 / gcd(theta, 180);
    const r = unit * randomInt(rand, 1, Math.max(1, Math.floor(24 / unit)));
    const key = (r * theta) / 180;
    return {
      difficulty: 2,
      stem: spr
        ? `A circle has a radius of ${r} centimeters. An arc of the circle is intercepted by a central angle of ${theta}°. The length of the arc is kπ centimeters. What is the value of k?`
        : `A circle has a radius of ${r} centimeters. What is the length, in centimeters, of an arc of the circle that is intercepted by a central angle of ${theta}°?`,
      ...piPart(spr, key, [mistake(2 * key, 'uses the diameter in place of the radius.'), mistake((r * r * theta) / 360, "uses the area formula, which gives the sector's area, not the arc length."), mistake(2 * r, 'is the whole circumference, not the part intercepted by the angle.')]),
      rationale: `The arc is ${theta}/360 of the circumference 2π(${r}) = ${2 * r}π, so its length is (${theta}/360)(${2 * r}π) = ${piText(key)}. Using the area formula instead, (${theta}/360)π(${r})^2, gives ${piText((r * r * theta) / 360)}, which is the sector's area.`,
      verify: (text) => {
        const v = piValue(text);
        return v !== null && approx(v / (2 * Math.PI * r), theta / 360);
      },
    };
  }
  if (kind === 1) {
    const theta = pick(rand, [30, 36, 40, 45, 60, 72, 90, 120, 144]);
    const unit = 360 / gcd(theta, 360);
    let r = randomInt(rand, 2, 12);
    while ((r * r) % unit !== 0) r++;
    const key = (r * r * theta) / 360;
    return {
      difficulty: 2,
      stem: spr
        ? `A circle has a radius of ${r} inches. A sector of the circle has a central angle of ${theta}°. The area of the sector is kπ square inches. What is the value of k?`
        : `A circle has a radius of ${r} inches. What is the area, in square inches, of a sector of the circle with a central angle of ${theta}°?`,
      ...piPart(spr, key, [mistake((2 * r * theta) / 360, 'is the arc length, not the area of the sector.'), mistake(r * r, "is the whole circle's area, not the sector's."), mistake((4 * r * r * theta) / 360, 'uses the diameter in place of the radius.')]),
      rationale: `The sector is ${theta}/360 of the circle's area π(${r})^2 = ${r * r}π, so its area is (${theta}/360)(${r * r}π) = ${piText(key)}. The value ${piText((2 * r * theta) / 360)} is the arc length, not the area.`,
      verify: (text) => {
        const v = piValue(text);
        return v !== null && approx(v / (Math.PI * r * r), theta / 360);
      },
    };
  }
  const [pn, qd] = pick(rand, [
    [1, 3],
    [2, 3],
    [1, 4],
    [3, 4],
    [1, 6],
    [5, 6],
  ] as const);
  const r = qd * randomInt(rand, 1, 5);
  const key = (r * pn) / qd;
  const angleText = `${pn === 1 ? '' : pn}π/${qd}`;
  return {
    difficulty: 3,
    stem: spr
      ? `In a circle with radius ${r}, a central angle measures ${angleText} radians. The length of the arc intercepted by this angle is kπ. What is the value of k?`
      : `In a circle with radius ${r}, a central angle measures ${angleText} radians. What is the length of the arc intercepted by this angle?`,
    ...piPart(spr, key, [mistake(2 * key, 'uses the diameter in place of the radius.'), mistake((r * r * pn) / (2 * qd), "uses the sector-area formula (1/2)r^2θ, which gives the sector's area, not the arc length.")]),
    rationale: `For an angle θ in radians, arc length = rθ = ${r} × ${angleText} = ${piText(key)}. Using the diameter ${2 * r} instead of the radius gives ${piText(2 * key)}.`,
    verify: (text) => {
      const v = piValue(text);
      return v !== null && approx(v / r, (pn * Math.PI) / qd);
    },
  };
});

/** Angle ACB, in degrees, for points on the unit circle at the given polar angles (degrees). */
function inscribedAt(aDeg: number, bDeg: number, cDeg: number): number {
  const P = (d: number): [number, number] => [Math.cos(d * DEG), Math.sin(d * DEG)];
  const [A, B, C] = [P(aDeg), P(bDeg), P(cDeg)];
  const u = [A[0] - C[0], A[1] - C[1]];
  const w = [B[0] - C[0], B[1] - C[1]];
  return Math.acos((u[0]! * w[0]! + u[1]! * w[1]!) / (Math.hypot(u[0]!, u[1]!) * Math.hypot(w[0]!, w[1]!))) / DEG;
}

const cirAngle = defineGenerator('M-GEO-CIR-ANGLE', 'circles', (rand, index) => {
  const kind = index % 3;
  const spr = index === 1;
  if (kind === 0) {
    if (index === 0) {
      const x = randomInt(rand, 15, 85);
      return {
        difficulty: 2,
        stem: `Points A, B, and C lie on a circle with center O, and point C is not on minor arc AB. The measure of inscribed angle ACB is ${x}°. What is the measure, in degrees, of central angle AOB?`,
        ...numericPart(spr, 2 * x, [mistake(x, 'assumes the inscribed and central angles are equal; the central angle is twice the inscribed one.'), mistake(x / 2, 'halves the inscribed angle instead of doubling it.'), mistake(180 - x, 'is the supplement of the inscribed angle, which plays no role here.'), mistake(360 - 2 * x, 'is the measure of the major arc, not of the central angle on the minor arc.')], { ok: (v) => v > 0 && v < 360 }),
        rationale: `An inscribed angle is half the central angle that intercepts the same arc. Both angles intercept minor arc AB, so angle AOB = 2 × ${x} = ${2 * x}°. Choosing ${x}° assumes the two angles are equal.`,
        verify: numCheck((v) => v > 0 && v < 180 && approx(inscribedAt(0, v, (v + 360) / 2), x)),
      };
    }
    const y = 2 * randomInt(rand, 15, 85);
    return {
      difficulty: 2,
      stem: `Points A, B, and C lie on a circle with center O, and point C is not on minor arc AB. The measure of central angle AOB is ${y}°. What is the measure, in degrees, of inscribed angle ACB?`,
      ...numericPart(spr, y / 2, [mistake(y, 'assumes the inscribed angle equals the central angle; it is half of it.'), mistake(2 * y, 'doubles the central angle instead of halving it.'), mistake(180 - y, 'is the supplement of the central angle, which plays no role here.')], { ok: (v) => v > 0 && v < 360 }),
      rationale: `Inscribed angle ACB and central angle AOB intercept the same arc AB, and an inscribed angle measures half of the central angle: ${y} ÷ 2 = ${y / 2}°. Doubling instead of halving gives ${2 * y}°.`,
      verify: numCheck((v) => approx(inscribedAt(0, y, (y + 360) / 2), v)),
    };
  }
  if (kind === 1) {
    const [a, b, c] = TRIPLES[randomInt(rand, 0, 3)]!;
    const k = randomInt(rand, 1, 3);
    const r = a * k;
    const t = b * k;
    const d = c * k;
    if (index === 1) {
      return {
        difficulty: 2,
        stem: `Line ℓ is tangent to a circle with center O at point P. Point Q lies on line ℓ. If the radius of the circle is ${r} and OQ = ${d}, what is the length of PQ?`,
        ...numericPart(spr, t, [mistake(d - r, 'subtracts the lengths, ignoring the right angle between the radius and the tangent.'), mistake(d + r, 'adds the lengths, ignoring the right triangle OPQ.')], { ok: positive }),
        rationale: `A tangent line is perpendicular to the radius at the point of tangency, so triangle OPQ has a right angle at P with hypotenuse OQ. Then PQ = √(${d}^2 − ${r}^2) = √${d * d - r * r} = ${t}. Subtracting the lengths, ${d} − ${r} = ${d - r}, ignores the right triangle.`,
        verify: numCheck((v) => v > 0 && approx(v * v + r * r, d * d)),
      };
    }
    return {
      difficulty: 2,
      stem: `Line ℓ is tangent to a circle with center O at point P. Point Q lies on line ℓ such that PQ = ${t}. If the radius of the circle is ${r}, what is the distance from O to Q?`,
      format: 'mcq',
      key: fmtInt(d),
      distractors: textDistractors(fmtInt(d), [wrong(fmtInt(r + t), `${r + t} adds the two lengths instead of using the right triangle OPQ.`), wrong(radical(Math.abs(t * t - r * r)), `${radical(Math.abs(t * t - r * r))} subtracts the squares, treating OQ as a leg instead of the hypotenuse.`), wrong(fmtInt(d + 1), `${d + 1} is close to the correct distance, what a slip in the arithmetic produces; its square is not ${r * r} + ${t * t}.`), wrong(fmtInt(d * d), `${d * d} is OQ^2; it forgets to take the square root.`)]),
      rationale: `The radius OP is perpendicular to the tangent line at P, so OQ is the hypotenuse of right triangle OPQ: OQ = √(${r}^2 + ${t}^2) = √${d * d} = ${d}. Adding the two lengths, ${r} + ${t} = ${r + t}, is not correct.`,
      verify: numCheck((v) => v > 0 && approx(v * v, r * r + t * t)),
    };
  }
  const theta = index === 2 ? pick(rand, [60, 90]) : 120;
  const r = randomInt(rand, 3, 14);
  const chord: Record<number, string> = { 60: rootText(r, 1), 90: rootText(r, 2), 120: rootText(r, 3) };
  const key = chord[theta]!;
  return {
    difficulty: 3,
    stem: `In a circle with center O and radius ${r}, points A and B lie on the circle and central angle AOB measures ${theta}°. What is the length of chord AB?`,
    format: 'mcq',
    key,
    distractors: textDistractors(key, [
      wrong(chord[60]!, `${chord[60]!} is the chord for a 60° central angle, where triangle AOB is equilateral.`),
      wrong(chord[90]!, `${chord[90]!} is the chord for a 90° central angle, where triangle AOB is an isosceles right triangle.`),
      wrong(chord[120]!, `${chord[120]!} is the chord for a 120° central angle.`),
      wrong(fmtInt(2 * r), `${2 * r} is the diameter, the longest chord, which needs a 180° central angle.`),
      wrong(rootText(2 * r, 3), `${rootText(2 * r, 3)} doubles the 120° chord; it is longer than the diameter, which no chord can be.`),
    ]),
    rationale:
      theta === 60
        ? `Triangle AOB has OA = OB = ${r} and a ${theta}° angle between them, so its base angles are also 60° and the triangle is equilateral: AB = ${r}.`
        : theta === 90
          ? `Triangle AOB is an isosceles right triangle with legs OA = OB = ${r}, so AB = ${r}√2 by the Pythagorean theorem (${r}^2 + ${r}^2 = 2 × ${r * r}).`
          : `Triangle AOB has OA = OB = ${r} and a 120° angle at O. Splitting it by the altitude from O gives two 30°-60°-90° triangles with hypotenuse ${r}, so half of AB is ${r}√3/2 and AB = ${r}√3.`,
    verify: numCheck((v) => approx(Math.hypot(r - r * Math.cos(theta * DEG), r * Math.sin(theta * DEG)), v)),
  };
});

export const GEOMETRY_TRIG_GENERATORS: QuestionGenerator[] = [avSolid, avPlane, latParallel, latTriangle, trigPyth, trigRatio, trigSpecial, cirEquation, cirArc, cirAngle];

