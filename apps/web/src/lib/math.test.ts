import { describe, expect, it } from 'vitest';
import { hasMath, mathSegments, toTex } from './math.ts';

/** The math spans of a text, as [written, TeX] pairs. */
const spans = (text: string) => mathSegments(text).flatMap((s) => (s.kind === 'math' ? [[s.text, s.tex]] : []));
/** Segments always put the text back together exactly. */
const roundTrips = (text: string) => mathSegments(text).map((s) => s.text).join('') === text;

describe('toTex: the bank’s notation', () => {
  it.each([
    // exponents
    ['x^2 − 4x − 12 = (x + 2)(x − 6)', '{x}^{2} - 4x - 12 = (x + 2)(x - 6)'],
    ['N(h) = 500(2)^(h/11)', 'N(h) = 500{(2)}^{\\frac{h}{11}}'],
    ['P(t) = 2600(1.08)^t', 'P(t) = 2600{(1.08)}^{t}'],
    ['G(y) = 2000(0.5)^(y/5)', 'G(y) = 2000{(0.5)}^{\\frac{y}{5}}'],
    ['(2x − 2)^2', '{(2x - 2)}^{2}'],
    ['x^13', '{x}^{13}'],
    ['(x^2)^3', '{({x}^{2})}^{3}'],
    ['x^−2', '{x}^{-2}'],
    ['4πr^2', '4\\pi {r}^{2}'],
    // roots
    ['√(x + 17) = x − 3', '\\sqrt{x + 17} = x - 3'],
    ['√(13^2 − 5^2) = √(169 − 25) = √144 = 12', '\\sqrt{{13}^{2} - {5}^{2}} = \\sqrt{169 - 25} = \\sqrt{144} = 12'],
    ['PQ = 3√3', 'PQ = 3\\sqrt{3}'],
    ['PR = 6√2', 'PR = 6\\sqrt{2}'],
    // fractions
    ['15/11', '\\frac{15}{11}'],
    ['−39/5', '-\\frac{39}{5}'],
    ['−b/(2a) = 10/(−2) = −5', '-\\dfrac{b}{2a} = \\frac{10}{-2} = -5'],
    ['(x + 5)/((x + 1)(x + 5))', '\\dfrac{x + 5}{(x + 1)(x + 5)}'],
    ['((x^4)^3 · x^6)/x^15', '\\dfrac{{({x}^{4})}^{3} \\cdot {x}^{6}}{{x}^{15}}'],
    ['(90/360)(16π) = 4π', '\\left(\\frac{90}{360}\\right)(16\\pi) = 4\\pi'],
    ['y = −(1/3)x − 13/3', 'y = -\\left(\\frac{1}{3}\\right)x - \\frac{13}{3}'],
    ['(4/3)πr^3', '\\left(\\frac{4}{3}\\right)\\pi {r}^{3}'],
    ['3 × π/3 = π', '3 \\times \\dfrac{\\pi}{3} = \\pi'],
    ['EF/BC = DE/AB = 10/6 = 5/3', '\\dfrac{EF}{BC} = \\dfrac{DE}{AB} = \\frac{10}{6} = \\frac{5}{3}'],
    // operators, relations, units
    ['n ≤ 373/22 ≈ 16.95', 'n \\le \\frac{373}{22} \\approx 16.95'],
    ['4x − 10 ≥ 22', '4x - 10 \\ge 22'],
    ['since −10 ≠ −9', ''],
    ['23 × $41 = $943', '23 \\times \\$41 = \\$943'],
    ['170 × 4,600 = 782,000', '170 \\times 4{,}600 = 782{,}000'],
    ['207 ÷ 9 = 23', '207 \\div 9 = 23'],
    ['(7x − 1)°', '(7x - 1)^{\\circ}'],
    ['sin(x°) = 8/17', '\\sin(x^{\\circ}) = \\frac{8}{17}'],
    ['1 : √3 : 2', '1 : \\sqrt{3} : 2'],
    ['ℓ', '\\ell'],
  ])('%s', (written, tex) => {
    if (tex) expect(toTex(written)).toBe(tex);
    else expect(spans(written)).toEqual([['−10 ≠ −9', '-10 \\ne -9']]);
  });
});

describe('mathSegments: real bank text', () => {
  it('finds the equation in a stem and leaves the words', () => {
    const stem = 'What value of x satisfies the equation 2(x − 4) = 6x − 24?';
    expect(mathSegments(stem)).toEqual([
      { kind: 'text', text: 'What value of ' },
      { kind: 'math', text: 'x', tex: 'x' },
      { kind: 'text', text: ' satisfies the equation ' },
      { kind: 'math', text: '2(x − 4) = 6x − 24', tex: '2(x - 4) = 6x - 24' },
      { kind: 'text', text: '?' },
    ]);
  });

  it('reads an exponential model in a choice and a stem', () => {
    expect(spans('N(h) = 500(2)^(h/11)')).toEqual([['N(h) = 500(2)^(h/11)', 'N(h) = 500{(2)}^{\\frac{h}{11}}']]);
    expect(spans('Increasing by 8% each period means multiplying by 1 + 0.08 = 1.08 each period, so P(t) = 2600(1.08)^t.')).toEqual([
      ['1 + 0.08 = 1.08', '1 + 0.08 = 1.08'],
      ['P(t) = 2600(1.08)^t', 'P(t) = 2600{(1.08)}^{t}'],
    ]);
  });

  it('splits a rationale into its formulas, keeping sentence punctuation and parenthetical prose out', () => {
    const text =
      'Rewrite both fractions over the common denominator (x + 1)(x + 5): (x + 5)/((x + 1)(x + 5)) + (x + 1)/((x + 1)(x + 5)) = (2x + 6)/((x + 1)(x + 5)). Adding the numerators and the denominators separately gives 2/(2x + 6), which is not equivalent (try x = 1).';
    expect(spans(text).map(([w]) => w)).toEqual([
      '(x + 1)(x + 5)',
      '(x + 5)/((x + 1)(x + 5)) + (x + 1)/((x + 1)(x + 5)) = (2x + 6)/((x + 1)(x + 5))',
      '2/(2x + 6)',
      'x = 1',
    ]);
    expect(roundTrips(text)).toBe(true);
  });

  it('reads square roots, coordinates and lone variables', () => {
    expect(spans('Check both: x = 2 gives √9 = 3 on the left and 3 on the right, so it works; x = −3 makes the right side −2, which cannot equal a square root.').map(([w]) => w)).toEqual([
      'x = 2',
      '√9 = 3',
      'x = −3',
    ]);
    expect(spans('Substituting (4, 22) into y = 4x + b gives 22 = 16 + b, so b = 6.').map(([w]) => w)).toEqual(['(4, 22)', 'y = 4x + b', '22 = 16 + b', 'b = 6']);
    expect(spans('Parallel lines ℓ and m are intersected by transversal t.').map(([w]) => w)).toEqual(['ℓ', 'm', 't']);
    expect(spans('In right triangle PQR, angle Q is a right angle and the measure of angle P is 45°. If PR = 6√2, what is the length of PQ?').map(([w]) => w)).toEqual(['PR = 6√2']);
  });

  it('keeps each line of a system on its own', () => {
    const stem = 'y ≥ −2x + 3\ny ≤ −3x + 7';
    expect(spans(stem).map(([w]) => w)).toEqual(['y ≥ −2x + 3', 'y ≤ −3x + 7']);
    expect(roundTrips(stem)).toBe(true);
  });

  it('leaves prose alone: and/or, dates, decades, ordinals, money, percents, temperatures, words with hyphens or apostrophes, quoted letters', () => {
    for (const text of [
      'Students may bring a pencil and/or a pen.',
      'The survey ran from 1/2/2024 to 3/15/2024.',
      'In the 1920s, composer Aurelio Marchetti wrote parts for car horns.',
      'She finished 4th in the 3-year study.',
      'A gym charges a one-time membership fee of $8 plus $4 per month. Dana has paid the gym a total of $64.',
      'Decreasing by 5% each period keeps 95% of the value.',
      'The new vaccine must be stored at temperatures below −60°C, far colder than ordinary refrigerators.',
      'Collecting the x-terms on the left gives the y-intercept.',
      'It adds an extra "s" after the apostrophe, which changes the "y" to "ies."',
      'A triangle has sides a, b, and c.',
      'Historian R. Okafor argues, e.g., that the telegraph mattered.',
      'Its sides are in the ratio (side opposite 30° : side opposite 60° : hypotenuse), a 30°-60°-90° triangle.',
      'The log from 1794 is lost.',
      'Step 2: the answer is 5.',
      'The value is −3.',
      'A fair start. Your score this session was 1/2 (50%). You averaged 1 second per question.',
    ]) {
      expect({ text, math: spans(text) }).toEqual({ text, math: text.startsWith('A triangle') ? [['b', 'b'], ['c', 'c']] : [] });
      expect(roundTrips(text)).toBe(true);
    }
  });

  it('keeps a parenthetical that is not math out of the formula before it', () => {
    expect(spans('so 7/8 (about 88%) of them')).toEqual([['7/8', '\\frac{7}{8}']]);
    expect(spans('gives 2x + 6 (x > 0)')).toEqual([['2x + 6 (x > 0)', '2x + 6 (x > 0)']]);
  });

  it('hasMath', () => {
    expect(hasMath('Which choice completes the text?')).toBe(false);
    expect(hasMath('Which of the following is equivalent to 16x^2 − 81?')).toBe(true);
  });
});
