import { hashString, pick, randomInt, seededRandom, shuffle } from '../random.ts';
import type { FigureInput } from '../../schemas/figure.ts';
import type { QuestionGenerator } from '../types.ts';
import {
  approx,
  cap,
  defineGenerator,
  fmtDec,
  fmtFrac,
  fmtInt,
  fmtMoney,
  fmtNum,
  gcd,
  isInt,
  linear,
  numCheck,
  numericPart,
  positive,
  rhs,
  sameFunction,
  type Difficulty,
  type McqPart,
  type Mistake,
  type SprPart,
  mistake,
  ordinal,
  wrong,
} from './shared.ts';

interface NumTemplate {
  difficulty: Difficulty;
  stem: string;
  key: number;
  cands: (number | Mistake)[];
  check: (v: number) => boolean;
  rationale: string;
  fmt?: (n: number) => string;
  ok?: (n: number) => boolean;
  preferDecimal?: boolean;
}

function fromTemplate(t: NumTemplate, spr: boolean) {
  const part: McqPart | SprPart = numericPart(spr, t.key, t.cands, { fmt: t.fmt ?? fmtNum, ok: t.ok ?? positive, preferDecimal: t.preferDecimal ?? false });
  return { difficulty: t.difficulty, stem: t.stem, rationale: t.rationale, verify: numCheck(t.check), ...part };
}

// ---------------------------------------------------------------- ratios, rates, units

const rateUnit = defineGenerator('M-PSD-RATE-UNIT', 'ratios-rates-units', (rand, index) => {
  const spr = index === 0 || index === 3;
  const templates: Array<() => NumTemplate> = [
    () => {
      const j = randomInt(rand, 1, 7);
      const V = 18 * j;
      return {
        difficulty: 2,
        stem: `A cyclist rides at a constant speed of ${V} kilometers per hour. What is this speed in meters per second? (1 kilometer = 1,000 meters)`,
        key: 5 * j,
        cands: [mistake(3.6 * V, 'multiplies by 3.6 instead of dividing by it.'), mistake((V * 1000) / 60, 'converts hours to minutes but not to seconds.'), mistake(V * 1000, 'converts kilometers to meters but leaves the time in hours.')],
        fmt: fmtDec,
        check: (v) => approx((v * 3600) / 1000, V),
        rationale: `${V} km per hour is ${V} × 1,000 = ${(V * 1000).toLocaleString('en-US')} meters per 3,600 seconds, and ${(V * 1000).toLocaleString('en-US')} ÷ 3,600 = ${5 * j} meters per second. Dividing by 60 only once converts to meters per minute (${fmtDec((V * 1000) / 60)}), not per second.`,
      };
    },
    () => {
      const G = randomInt(rand, 3, 25);
      return {
        difficulty: 2,
        stem: `A pump moves water at a constant rate of ${G} gallons per minute. At this rate, how many quarts of water does the pump move in one hour? (1 gallon = 4 quarts)`,
        key: G * 4 * 60,
        cands: [mistake((G * 60) / 4, 'divides by 4 quarts per gallon instead of multiplying.'), mistake(G * 4, 'converts to quarts but gives the amount for one minute, not one hour.'), mistake(G * 60, 'gives the gallons in one hour without converting to quarts.')],
        fmt: fmtDec,
        check: (v) => approx(v / 60 / 4, G),
        rationale: `${G} gallons per minute is ${G} × 4 = ${G * 4} quarts per minute, and one hour has 60 minutes, so the pump moves ${G * 4} × 60 = ${G * 240} quarts. Dividing by 4 instead of multiplying gives ${fmtDec((G * 60) / 4)}.`,
      };
    },
    () => {
      const P = pick(rand, [20, 25, 30, 40, 45, 50]);
      const h = randomInt(rand, 2, 6);
      const N = P * 60 * h;
      return {
        difficulty: 2,
        stem: `A printer prints ${P} pages per minute. At this rate, how many hours will it take the printer to print ${N.toLocaleString('en-US')} pages?`,
        key: h,
        cands: [mistake(N / P, 'is the time in minutes, not hours.'), mistake(N / 60, `divides the pages by 60 but never uses the rate of ${P} pages per minute.`), mistake((P * 60) / h, 'divides the hourly output by the number of hours instead of dividing the pages by the hourly output.')],
        fmt: fmtDec,
        check: (v) => approx(v * 60 * P, N),
        rationale: `At ${P} pages per minute the printer needs ${N.toLocaleString('en-US')} ÷ ${P} = ${N / P} minutes, and ${N / P} ÷ 60 = ${h} hours. The value ${N / P} is the time in minutes, not hours.`,
      };
    },
    () => {
      const c = randomInt(rand, 2, 9) + pick(rand, [0, 0.5]);
      const Y = 3 * c;
      return {
        difficulty: 1,
        stem: `A fabric store sells ribbon for $${fmtMoney(Y)} per yard. What is the price of the ribbon per foot, in dollars? (1 yard = 3 feet)`,
        key: c,
        cands: [mistake(3 * Y, 'multiplies by 3 feet per yard instead of dividing; a foot costs less than a yard.'), mistake(Y / 12, 'divides by 12, the number of inches in a foot, instead of by 3.'), mistake(Y - 3, 'subtracts 3 instead of dividing by 3.')],
        fmt: fmtMoney,
        preferDecimal: true,
        check: (v) => approx(3 * v, Y),
        rationale: `A yard is 3 feet, so the price per foot is $${fmtMoney(Y)} ÷ 3 = $${fmtMoney(c)}. Multiplying by 3 instead gives $${fmtMoney(3 * Y)}, which would be the price of 3 yards.`,
      };
    },
    () => {
      const M = pick(rand, [24, 25, 28, 30, 32, 35]);
      const k = randomInt(rand, 6, 20);
      const D = M * k;
      const g = pick(rand, [3.25, 3.5, 3.75, 4, 4.25]);
      return {
        difficulty: 2,
        stem: `A car travels ${M} miles per gallon of gasoline, and gasoline costs $${fmtMoney(g)} per gallon. What is the cost, in dollars, of the gasoline needed to drive ${D} miles?`,
        key: k * g,
        cands: [mistake(D * g, 'multiplies the miles by the price per gallon without first finding the number of gallons.'), mistake(k, 'is the number of gallons needed, not their cost.'), mistake(M * g, `is the cost of one gallon times ${M}, which has nothing to do with the ${D} miles driven.`)],
        fmt: fmtMoney,
        check: (v) => approx((v / g) * M, D),
        rationale: `Driving ${D} miles uses ${D} ÷ ${M} = ${k} gallons, which cost ${k} × $${fmtMoney(g)} = $${fmtMoney(k * g)}. Multiplying the miles by the price per gallon skips the conversion to gallons and gives $${fmtMoney(D * g)}.`,
      };
    },
    () => {
      const s = randomInt(rand, 12, 40);
      const A = 9 * s;
      const p = randomInt(rand, 18, 45);
      return {
        difficulty: 3,
        stem: `The floor of a room has an area of ${A} square feet. Carpet costs $${p} per square yard. What is the cost, in dollars, to carpet the entire floor? (1 yard = 3 feet)`,
        key: s * p,
        cands: [mistake((A * p) / 3, 'divides the area by 3, but 1 square yard is 9 square feet, not 3.'), mistake(A * p, 'multiplies square feet by a price per square yard without converting.'), mistake(s, 'is the area in square yards, not the cost.')],
        fmt: fmtMoney,
        check: (v) => approx((v / p) * 9, A),
        rationale: `One square yard is 3 × 3 = 9 square feet, so the floor is ${A} ÷ 9 = ${s} square yards and costs ${s} × $${p} = $${s * p}. Dividing by 3 instead of 9 gives $${fmtMoney((A * p) / 3)}.`,
      };
    },
  ];
  return fromTemplate(templates[index % templates.length]!(), spr);
});

const rateProp = defineGenerator('M-PSD-RATE-PROP', 'ratios-rates-units', (rand, index) => {
  const spr = index === 1 || index === 4;
  const templates: Array<() => NumTemplate> = [
    () => {
      const a = randomInt(rand, 2, 5);
      let b = randomInt(rand, 1, 4);
      while (gcd(a, b) !== 1) b += 1;
      const k = randomInt(rand, 3, 8);
      const F = a * k;
      return {
        difficulty: 1,
        stem: `A recipe uses ${a} cups of flour for every ${b} ${b === 1 ? 'cup' : 'cups'} of sugar. How many cups of sugar are needed for ${F} cups of flour?`,
        key: b * k,
        cands: [mistake((F * a) / b, 'sets up the proportion upside down, with flour over sugar on one side and sugar over flour on the other.'), mistake(F - (a - b), 'subtracts the difference between the parts instead of scaling by the ratio.'), mistake(F * b, `multiplies the flour by ${b} without dividing by ${a}.`)],
        check: (v) => approx(v * a, F * b),
        rationale: `The ratio of flour to sugar is ${a}:${b}, so ${F} cups of flour is ${F} ÷ ${a} = ${k} batches, each needing ${b} ${b === 1 ? 'cup' : 'cups'} of sugar: ${k} × ${b} = ${b * k} cups. Setting up the proportion upside down gives ${fmtNum((F * a) / b)}.`,
      };
    },
    () => {
      const c = pick(rand, [2, 4, 5]);
      const d = pick(rand, [15, 25, 30, 45]);
      const m = randomInt(rand, 3, 14);
      const key = (m * d) / c;
      return {
        difficulty: 2,
        stem: `On a map, ${c} centimeters represent ${d} kilometers. Two towns are ${m} centimeters apart on the map. What is the actual distance, in kilometers, between the towns?`,
        key,
        cands: [mistake((m * c) / d, 'inverts the scale, dividing by the kilometers instead of multiplying.'), mistake(m * d, `multiplies by ${d} but forgets that ${d} kilometers match ${c} centimeters, not 1.`), mistake(m + d - c, 'adds and subtracts the numbers instead of using the scale as a ratio.')],
        fmt: fmtDec,
        preferDecimal: true,
        check: (v) => approx(v * c, m * d),
        rationale: `Each centimeter represents ${d} ÷ ${c} = ${fmtDec(d / c)} kilometers, so ${m} centimeters represent ${m} × ${fmtDec(d / c)} = ${fmtDec(key)} kilometers. Multiplying ${m} by ${d} without dividing by ${c} gives ${m * d}.`,
      };
    },
    () => {
      const p = randomInt(rand, 2, 5);
      let q = randomInt(rand, 3, 7);
      if (gcd(p, q) !== 1) q += 1;
      if (gcd(p, q) !== 1) q += 1;
      const k = randomInt(rand, 2, 8);
      const T = (p + q) * k;
      return {
        difficulty: 2,
        stem: `A painter mixes blue paint and white paint in a ratio of ${p} to ${q} to make ${T} liters of a light blue paint. How many liters of blue paint does the mixture contain?`,
        key: p * k,
        cands: [mistake((T * p) / q, `uses ${p}/${q}, the ratio of blue to white, as if it were the fraction of the whole mixture.`), mistake(q * k, 'is the amount of white paint, not blue.'), mistake(k, `is the size of one part of the ratio, not the ${p} parts of blue.`)],
        fmt: fmtDec,
        check: (v) => approx(v * q, (T - v) * p),
        rationale: `The mixture has ${p} + ${q} = ${p + q} equal parts, each ${T} ÷ ${p + q} = ${k} liters, so the blue paint is ${p} × ${k} = ${p * k} liters. Using the part-to-part ratio ${p}/${q} of the total gives ${fmtDec((T * p) / q)}, which is wrong.`,
      };
    },
    () => {
      const r = randomInt(rand, 8, 25);
      const t = randomInt(rand, 3, 8);
      const B = r * t;
      let m = randomInt(rand, 10, 40);
      if (m === t) m += 1;
      return {
        difficulty: 1,
        stem: `A machine fills ${B} bottles in ${t} minutes. At this rate, how many bottles will the machine fill in ${m} minutes?`,
        key: r * m,
        cands: [mistake(B + (m - t), 'adds the extra minutes as if each minute filled one bottle.'), mistake(B * m, `multiplies the bottles for ${t} minutes by ${m} without finding the rate per minute.`), mistake(r + m, 'adds the rate and the time instead of multiplying them.')],
        fmt: fmtDec,
        check: (v) => approx(v * t, B * m),
        rationale: `The machine fills ${B} ÷ ${t} = ${r} bottles per minute, so in ${m} minutes it fills ${r} × ${m} = ${r * m} bottles. Adding the extra ${m - t} minutes to ${B} treats the relationship as additive and gives ${B + m - t}.`,
      };
    },
    () => {
      const E = pick(rand, [16, 18, 20, 24, 25]);
      const k = randomInt(rand, 12, 60);
      const P = E * k;
      return {
        difficulty: 1,
        stem: `At a certain exchange rate, 1 US dollar is worth ${E} pesos. At this rate, how many US dollars is ${P.toLocaleString('en-US')} pesos worth?`,
        key: k,
        cands: [mistake(P * E, 'multiplies by the exchange rate instead of dividing; a dollar is worth many pesos.'), mistake(P - E, 'subtracts the exchange rate instead of dividing by it.'), mistake(P / 10, `divides by 10 instead of by the exchange rate ${E}.`)],
        fmt: fmtDec,
        check: (v) => approx(v * E, P),
        rationale: `Each dollar is ${E} pesos, so ${P.toLocaleString('en-US')} pesos is ${P.toLocaleString('en-US')} ÷ ${E} = ${k} dollars. Multiplying by ${E} instead converts in the wrong direction.`,
      };
    },
    () => {
      const n = randomInt(rand, 2, 5);
      const u = randomInt(rand, 2, 9) + pick(rand, [0, 0.25, 0.5, 0.75]);
      const C = n * u;
      let m = randomInt(rand, 3, 12);
      if (m === n) m += 2;
      return {
        difficulty: 1,
        stem: `At a market, ${n} pounds of cherries cost $${fmtMoney(C)}. At this price per pound, what is the cost, in dollars, of ${m} pounds of cherries?`,
        key: m * u,
        cands: [mistake(C * m, `multiplies the cost of ${n} pounds by ${m} without finding the price per pound.`), mistake(C + (m - n), 'adds one dollar for each extra pound instead of using the price per pound.'), mistake(u, 'is the price of one pound, not of the whole amount.')],
        fmt: fmtMoney,
        preferDecimal: true,
        check: (v) => approx(v * n, C * m),
        rationale: `The price is $${fmtMoney(C)} ÷ ${n} = $${fmtMoney(u)} per pound, so ${m} pounds cost ${m} × $${fmtMoney(u)} = $${fmtMoney(m * u)}. Multiplying $${fmtMoney(C)} by ${m} forgets that $${fmtMoney(C)} is the price of ${n} pounds, not 1.`,
      };
    },
  ];
  return fromTemplate(templates[index % templates.length]!(), spr);
});

// ---------------------------------------------------------------- percentages

const ITEMS = ['bicycle', 'concert ticket', 'pair of headphones', 'backpack', 'video game', 'monthly bus pass'] as const;

const pctChange = defineGenerator('M-PSD-PCT-CHANGE', 'percentages', (rand, index) => {
  const spr = index === 2 || index === 5;
  if (index >= 4) {
    const p = 10 * randomInt(rand, 1, 5);
    let q = 10 * randomInt(rand, 1, 5);
    if (q === p && index === 5) q = p + 10;
    const upFirst = index === 4;
    const key = ((100 + (upFirst ? p : -q)) * (100 + (upFirst ? -q : p))) / 100;
    const first = upFirst ? `increased the price of a ${ITEMS[index]} by ${p}%` : `decreased the price of a ${ITEMS[index]} by ${q}%`;
    const second = upFirst ? `decreased the new price by ${q}%` : `increased the new price by ${p}%`;
    return {
      difficulty: 3,
      stem: `A store ${first}. Later, the store ${second}. The final price is what percent of the original price?`,
      ...numericPart(spr, key, [mistake(100 + p - q, 'adds and subtracts the percents directly, ignoring that the second change applies to the already changed price.'), mistake(100 - p + q, 'adds and subtracts the percents with their roles swapped, and also ignores the changed base.'), mistake(100, 'assumes equal-looking changes cancel, but percent changes multiply and apply to different bases.')], { fmt: fmtDec, preferDecimal: true }),
      rationale:
        `Each change multiplies the price: ${upFirst ? `${fmtDec(1 + p / 100)} × ${fmtDec(1 - q / 100)}` : `${fmtDec(1 - q / 100)} × ${fmtDec(1 + p / 100)}`} = ${fmtDec(key / 100)}, so the final price is ${fmtDec(key)}% of the original. ` +
        `Simply adding and subtracting the percents gives ${100 + p - q}%, which ignores that the second change applies to a different base.`,
      verify: numCheck((v) => {
        let price = 200;
        price = upFirst ? price * (1 + p / 100) : price * (1 - q / 100);
        price = upFirst ? price * (1 - q / 100) : price * (1 + p / 100);
        return approx((price / 200) * 100, v);
      }),
    };
  }
  const up = index % 2 === 0;
  const old = 20 * randomInt(rand, 2, 30);
  const p = 5 * randomInt(rand, 1, up ? 12 : 9);
  const nw = (old * (100 + (up ? p : -p))) / 100;
  const diff = Math.abs(nw - old);
  const item = ITEMS[index]!;
  return {
    difficulty: up ? 1 : 2,
    stem: `The price of a ${item} ${up ? 'increased' : 'decreased'} from $${old} to $${nw}. By what percent did the price ${up ? 'increase' : 'decrease'}?`,
    ...numericPart(spr, p, [mistake(diff, 'is the change in dollars, not in percent.'), mistake(up ? 100 + p : 100 - p, 'is the new price as a percent of the old price, not the percent change.'), mistake((diff / nw) * 100, 'divides the change by the new price; percent change is measured against the original price.')], { ok: (v) => v > 0 && isInt(v) }),
    rationale:
      `The change is $${diff}, and percent change is measured against the original price: ${diff} ÷ ${old} = ${fmtDec(p / 100)}, or ${p}%. ` +
      `The value ${up ? 100 + p : 100 - p} is the new price as a percent of the old price, not the percent change.`,
    verify: numCheck((v) => approx(old * (1 + ((up ? 1 : -1) * v) / 100), nw)),
  };
});

const pctOf = defineGenerator('M-PSD-PCT-OF', 'percentages', (rand, index) => {
  const spr = index === 1 || index === 5;
  const kind = index % 3;
  if (kind === 0) {
    const O = 20 * randomInt(rand, 2, 15);
    const p = 5 * randomInt(rand, 2, 8);
    const S = (O * (100 - p)) / 100;
    const thing = index === 0 ? 'jacket' : 'lamp';
    return {
      difficulty: 2,
      stem: `After a ${p}% discount, the sale price of a ${thing} is $${fmtMoney(S)}. What was the original price of the ${thing}, in dollars?`,
      ...numericPart(spr, O, [mistake(S * (1 + p / 100), `adds ${p}% of the sale price, but the discount was ${p}% of the original price.`), mistake(S + p, `adds ${p} dollars instead of undoing a ${p}% discount.`), mistake((S * 100) / p, `divides by ${p}% instead of by the ${100 - p}% of the price that remains.`)], { fmt: fmtMoney, preferDecimal: true }),
      rationale:
        `The sale price is ${100 - p}% of the original price, so 0.${String(100 - p).padStart(2, '0')} × original = ${fmtMoney(S)} and the original is ${fmtMoney(S)} ÷ ${fmtDec((100 - p) / 100)} = $${O}. ` +
        `Adding ${p}% of the sale price gives $${fmtMoney(S * (1 + p / 100))}, which is wrong because the discount was ${p}% of the original price.`,
      verify: numCheck((v) => approx(v * (1 - p / 100), S)),
    };
  }
  if (kind === 1) {
    const N = 20 * randomInt(rand, 2, 25);
    const p = pick(rand, [10, 15, 20, 25, 30, 40, 60]);
    let q = pick(rand, [50, 120, 125, 150, 200, 250]);
    if (q === p) q = 150;
    const A = (N * p) / 100;
    const key = (N * q) / 100;
    return {
      difficulty: 2,
      stem: `If ${p}% of a number is ${fmtNum(A)}, what is ${q}% of the number?`,
      ...numericPart(spr, key, [mistake((A * q) / 100, `takes ${q}% of ${fmtNum(A)} instead of ${q}% of the original number.`), mistake(N, `is the number itself, not ${q}% of it.`), mistake(A + q - p, 'adds the difference between the percents instead of scaling.')], { fmt: fmtDec }),
      rationale:
        `If ${p}% of the number is ${fmtNum(A)}, the number is ${fmtNum(A)} ÷ ${fmtDec(p / 100)} = ${N}, and ${q}% of ${N} is ${fmtDec(q / 100)} × ${N} = ${fmtDec(key)}. ` +
        `Taking ${q}% of ${fmtNum(A)} instead of the original number gives ${fmtDec((A * q) / 100)}.`,
      verify: numCheck((v) => approx(v * p, A * q)),
    };
  }
  const n = 20 * randomInt(rand, 3, 40);
  const p = 5 * randomInt(rand, 2, 18);
  const yes = (n * p) / 100;
  const groups = [
    ['A running club has', 'members', 'ran a marathon this year', 'did not run a marathon this year'],
    ['A company has', 'employees', 'work remotely', 'do not work remotely'],
  ] as const;
  const g = groups[index === 2 ? 0 : 1]!;
  return {
    difficulty: 1,
    stem: `${g[0]} ${n} ${g[1]}, and ${p}% of them ${g[2]}. How many of the ${g[1]} ${g[3]}?`,
    ...numericPart(spr, n - yes, [mistake(yes, `counts the ${g[1]} who ${g[2]}, the opposite group.`), mistake(n - p, `subtracts the percent ${p} from the count as if it were a number of ${g[1]}.`), mistake(100 - p, `is the percent of the ${g[1]} who ${g[3]}, not their number.`)]),
    rationale: `${p}% of ${n} is ${fmtDec(p / 100)} × ${n} = ${yes}, so ${n} − ${yes} = ${n - yes} ${g[1]} ${g[3]}. Equivalently, ${100 - p}% of ${n} is ${n - yes}. The value ${yes} counts the ${g[1]} who ${g[2]}.`,
    verify: numCheck((v) => isInt(v) && approx((v / n) * 100, 100 - p)),
  };
});

// ---------------------------------------------------------------- one-variable data

const CONTEXT_LISTS = [
  { noun: 'test scores', lo: 60, hi: 99 },
  { noun: 'numbers of books read by members of a book club this year', lo: 2, hi: 30 },
  { noun: 'daily high temperatures, in degrees Fahrenheit', lo: 45, hi: 90 },
  { noun: 'numbers of minutes students spent on homework last night', lo: 10, hi: 95 },
  { noun: 'weights, in pounds, of puppies at a shelter', lo: 5, hi: 40 },
  { noun: 'numbers of points scored by a team in its games', lo: 40, hi: 110 },
] as const;

const oneVarMean = defineGenerator('M-PSD-1VAR-MEAN', 'one-variable-data', (rand, index) => {
  const spr = index === 2 || index === 3;
  if (index % 2 === 0) {
    const ctx = CONTEXT_LISTS[index % CONTEXT_LISTS.length]!;
    const n = 5 + (index % 3);
    for (;;) {
      const vals = Array.from({ length: n - 1 }, () => randomInt(rand, ctx.lo, ctx.hi));
      const sum = vals.reduce((s, v) => s + v, 0);
      const M = randomInt(rand, ctx.lo + 5, ctx.hi - 5);
      const missing = n * M - sum;
      if (missing < ctx.lo || missing > ctx.hi) continue;
      const list = `${vals.slice(0, -1).join(', ')}, and ${vals[vals.length - 1]}`;
      return {
        difficulty: 2,
        stem: `A data set consists of ${n} ${ctx.noun}. The mean of the ${n} values is ${M}. If ${n - 1} of the values are ${list}, what is the remaining value?`,
        ...numericPart(spr, missing, [mistake(M, 'assumes the missing value equals the mean, which holds only if the other values already average to the mean.'), mistake((n - 1) * M - sum, `multiplies the mean by ${n - 1} instead of ${n}, leaving out the missing value itself.`), mistake(sum / (n - 1), `is the mean of the ${n - 1} given values, not the missing value.`)], { ok: positive, fmt: fmtDec }),
        rationale:
          `The ${n} values must add up to ${n} × ${M} = ${n * M}. The given ${n - 1} values add up to ${sum}, so the remaining value is ${n * M} − ${sum} = ${missing}. ` +
          `Choosing ${M} assumes the missing value equals the mean, which is true only if the other values average to ${M}.`,
        verify: numCheck((v) => approx((sum + v) / n, M)),
      };
    }
  }
  const groups = [
    (nA: number, MA: number, nB: number, MB: number) =>
      `The ${nA} students in class A have a mean quiz score of ${MA} points, and the ${nB} students in class B have a mean quiz score of ${MB} points. What is the mean quiz score, in points, of all ${nA + nB} students in the two classes combined?`,
    (nA: number, MA: number, nB: number, MB: number) =>
      `The ${nA} workers on the morning shift sort a mean of ${MA} packages per hour, and the ${nB} workers on the evening shift sort a mean of ${MB} packages per hour. What is the mean number of packages sorted per hour for all ${nA + nB} workers combined?`,
    (nA: number, MA: number, nB: number, MB: number) =>
      `The ${nA} members of a hiking club who went on a spring trip hiked a mean of ${MA} kilometers each, and the ${nB} members who went on a fall trip hiked a mean of ${MB} kilometers each. What is the mean distance, in kilometers, hiked by all ${nA + nB} of these members?`,
  ] as const;
  const g = groups[(index - 1) / 2]!;
  for (;;) {
    const nA = randomInt(rand, 8, 30);
    const nB = randomInt(rand, 8, 30);
    if (nA === nB) continue;
    const MA = randomInt(rand, 60, 95);
    const MB = randomInt(rand, 60, 95);
    if (Math.abs(MA - MB) < 4) continue;
    const total = nA * MA + nB * MB;
    if (total % (nA + nB) !== 0) continue;
    const key = total / (nA + nB);
    return {
      difficulty: 3,
      stem: g(nA, MA, nB, MB),
      ...numericPart(spr, key, [mistake((MA + MB) / 2, 'averages the two means, ignoring that the groups have different sizes.'), mistake(total / 2, 'divides the combined total by 2, the number of groups, instead of by the number of people.'), mistake((nA * MB + nB * MA) / (nA + nB), 'weights each mean by the size of the other group.')], { fmt: fmtDec }),
      rationale:
        `The combined total is ${nA} × ${MA} + ${nB} × ${MB} = ${nA * MA} + ${nB * MB} = ${total}, and ${total} ÷ ${nA + nB} = ${key}. ` +
        `Averaging the two means, (${MA} + ${MB})/2 = ${fmtDec((MA + MB) / 2)}, ignores that the groups have different sizes.`,
      verify: numCheck((v) => {
        const all = [...Array<number>(nA).fill(MA), ...Array<number>(nB).fill(MB)];
        return approx(all.reduce((s, x) => s + x, 0) / all.length, v);
      }),
    };
  }
});

/** Median by counting: x is the median of an odd-length list when x is in it and at most half lie on each side. */
function isMedian(list: readonly number[], x: number): boolean {
  if (!list.some((v) => approx(v, x))) return false;
  const below = list.filter((v) => v < x - 1e-9).length;
  const above = list.filter((v) => v > x + 1e-9).length;
  const half = (list.length - 1) / 2;
  return below <= half && above <= half;
}

const oneVarMedian = defineGenerator('M-PSD-1VAR-MEDIAN', 'one-variable-data', (rand, index) => {
  const spr = index === 1 || index === 4;
  if (index === 4 || index === 2) {
    // frequency table
    const values = index === 4 ? [0, 1, 2, 3, 4] : [1, 2, 3, 4, 5, 6];
    for (;;) {
      const freq = values.map(() => randomInt(rand, 1, 9));
      const n = freq.reduce((s, f) => s + f, 0);
      if (n % 2 === 0) continue;
      const list = values.flatMap((v, i) => Array<number>(freq[i]!).fill(v));
      const median = list[(n - 1) / 2]!;
      const modeIdx = freq.indexOf(Math.max(...freq));
      const mode = values[modeIdx]!;
      const middleValue = values[Math.floor((values.length - 1) / 2)]!;
      const mean = list.reduce((s, v) => s + v, 0) / n;
      if (mode === median) continue;
      const parts = values.map((v, i) =>
        index === 4 ? `${freq[i]} reported having ${v} pet${v === 1 ? '' : 's'}` : `${freq[i]} borrowed ${v} book${v === 1 ? '' : 's'}`,
      );
      const desc = `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
      return {
        difficulty: 2,
        stem:
          index === 4
            ? `In a survey, ${n} students were asked how many pets they have. Of these students, ${desc}. What is the median number of pets for these ${n} students?`
            : `In a library survey, ${n} visitors were asked how many books they borrowed that day. Of these visitors, ${desc}. What is the median number of books borrowed by these ${n} visitors?`,
        ...numericPart(spr, median, [mistake(mode, 'has the greatest frequency, so it is the mode, not the median.'), mistake(middleValue, 'is the middle of the list of possible values, but the median must account for how often each value occurs.'), mistake(Math.round(mean), 'is close to the mean, not the median.')], { ok: (v) => v >= 0 }),
        rationale:
          `There are ${n} values, so the median is the ${ordinal((n + 1) / 2)} value in order. Counting up through the frequencies (${freq.map((_, i) => freq.slice(0, i + 1).reduce((s, f) => s + f, 0)).join(', ')} cumulative), the ${ordinal((n + 1) / 2)} value is ${median}. ` +
          `The value ${mode} has the greatest frequency, so it is the mode, not the median.`,
        verify: numCheck((v) => isMedian(list, v)),
      };
    }
  }
  const ctx = CONTEXT_LISTS[(index + 2) % CONTEXT_LISTS.length]!;
  const n = index === 0 ? 7 : 9;
  for (;;) {
    const base = Array.from({ length: n - 1 }, () => randomInt(rand, ctx.lo, Math.floor((ctx.lo + ctx.hi) / 2) + 8));
    const outlier = randomInt(rand, ctx.hi - 10, ctx.hi + 30);
    const list = shuffle(rand, [...base, outlier]);
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[(n - 1) / 2]!;
    const sum = list.reduce((s, v) => s + v, 0);
    if (sum % n !== 0) continue;
    const mean = sum / n;
    const unsortedMiddle = list[(n - 1) / 2]!;
    if (index === 0) {
      if (unsortedMiddle === median || mean === median) continue;
      return {
        difficulty: 1,
        stem: `The following are ${n} ${ctx.noun}: ${list.join(', ')}. What is the median of these values?`,
        ...numericPart(false, median, [mistake(unsortedMiddle, 'is the middle of the list as given, but a median must be found after sorting.'), mistake(mean, 'is the mean, which the large value pulls away from the median.'), mistake(sorted[(n - 1) / 2 + 1]!, 'is the value just after the middle of the sorted list, an off-by-one count.')]),
        rationale:
          `In order, the values are ${sorted.join(', ')}. With ${n} values, the median is the ${ordinal((n + 1) / 2)} one, ${median}. ` +
          `The value ${unsortedMiddle} is the middle of the list as given, but a median must be found after sorting.`,
        verify: numCheck((v) => isMedian(list, v)),
      };
    }
    const key = mean - median;
    if (key <= 0) continue;
    return {
      difficulty: 3,
      stem: `The following are ${n} ${ctx.noun}: ${list.join(', ')}. By how much does the mean of these values exceed the median?`,
      ...numericPart(spr, key, [mistake(-key, 'subtracts in the wrong order, median minus mean.'), mistake(sorted[n - 1]! - sorted[0]!, 'is the range of the data, not the difference between mean and median.'), mistake(mean, 'is the mean itself, not how much it exceeds the median.'), mistake(median, 'is the median itself, not the difference.')]),
      rationale:
        `The sum is ${sum}, so the mean is ${sum} ÷ ${n} = ${mean}. Sorted, the values are ${sorted.join(', ')}, so the median is the ${ordinal((n + 1) / 2)} value, ${median}. ` +
        `The mean exceeds the median by ${mean} − ${median} = ${key}; the large value ${outlier} pulls the mean up but barely affects the median.`,
      verify: numCheck((v) => {
        const m = list.reduce((s, x) => s + x, 0) / list.length;
        const med = list.find((x) => isMedian(list, x));
        return med !== undefined && approx(m - med, v);
      }),
    };
  }
});

// ---------------------------------------------------------------- two-variable data


/** A step of 1, 2 or 5 times a power of ten giving about `parts` intervals over `span`. */
function niceStep(span: number, parts = 5): number {
  const raw = span / parts;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
}

/**
 * The scatterplot a two-variable item describes: as many points as it says about its line of best
 * fit (plus the item's own data point, if it names one). The scatter comes from a seed made of the
 * item's numbers, not from the generator's random source, so the item's text stays as it was.
 */
export function fitScatter(ctx: { xr: readonly [number, number]; n: number; xLabel: string; yLabel: string }, m: number, b: number, own?: [number, number]): FigureInput {
  const { xLabel, yLabel, n } = ctx;
  const rand = seededRandom(hashString(`scatter|${xLabel}|${m}|${b}|${own?.join(',') ?? ''}`));
  const [lo, hi] = ctx.xr;
  const xStep = niceStep(hi - lo + 2);
  const xRange: [number, number] = [Math.floor((lo - 1) / xStep) * xStep, Math.ceil((hi + 1) / xStep) * xStep];
  const lineSpan = Math.abs(m) * (hi - lo);
  const noise = Math.max(1, lineSpan / 6);
  const round = (v: number): number => Math.round(v * 10) / 10;
  const points: [number, number][] = [];
  const count = own ? n - 1 : n;
  for (let i = 0; i < count; i++) {
    let xr = Math.round((lo + ((hi - lo) * (i + rand())) / count) * 2) / 2;
    // The item's own data point is the only one at its x-value.
    if (own && Math.abs(xr - own[0]) < 0.75) xr = own[0] + (xr < own[0] || own[0] + 1 > hi ? -1 : 1);
    points.push([xr, round(m * xr + b + (rand() * 2 - 1) * noise)]);
  }
  if (own) points.push(own);
  const ys = [...points.map((q) => q[1]), m * xRange[0] + b, m * xRange[1] + b];
  const yStep = niceStep(Math.max(...ys) - Math.min(...ys));
  const yRange: [number, number] = [Math.floor(Math.min(...ys) / yStep) * yStep, Math.ceil(Math.max(...ys) / yStep) * yStep];
  return { kind: 'scatter', xLabel, yLabel, xRange, yRange, xStep, yStep, points, bestFit: { slope: m, intercept: b } };
}

const FIT_CONTEXTS = [
  { intro: 'A scatterplot shows the number of hours, x, that each student in a class studied for a test and the student\'s test score, y.', m: [3.5, 4, 4.5, 5], b: [52, 55, 58, 60], xr: [2, 8], xLabel: 'Hours studied', yLabel: 'Test score', n: 16 },
  { intro: 'A scatterplot shows the daily high temperature x, in degrees Fahrenheit, and the number of cups of lemonade y sold at a stand on each of 30 days.', m: [2.5, 3, 3.5], b: [-110, -95, -80], xr: [70, 95], xLabel: 'High temperature (°F)', yLabel: 'Cups sold', n: 30 },
  { intro: 'A scatterplot shows the age x, in years, and the value y, in thousands of dollars, of 25 used cars of the same model.', m: [-1.5, -2, -2.5], b: [26, 28, 30], xr: [2, 9], xLabel: 'Age (years)', yLabel: 'Value ($1,000s)', n: 25 },
  { intro: 'A scatterplot shows the amount x, in hundreds of dollars, that a store spent on advertising and its sales y, in thousands of dollars, for each of 20 weeks.', m: [1.2, 1.5, 1.8], b: [14, 16, 20], xr: [5, 20], xLabel: 'Advertising ($100s)', yLabel: 'Sales ($1,000s)', n: 20 },
  { intro: 'A scatterplot shows the distance x, in miles, from the city center and the monthly rent y, in dollars, for 40 apartments.', m: [-35, -40, -45], b: [1650, 1800, 1950], xr: [3, 15], xLabel: 'Distance (miles)', yLabel: 'Monthly rent ($)', n: 40 },
  { intro: 'A scatterplot shows the number of weeks x since planting and the height y, in centimeters, of 30 young trees.', m: [2.5, 3, 3.5], b: [40, 45, 50], xr: [6, 20], xLabel: 'Weeks since planting', yLabel: 'Height (cm)', n: 30 },
] as const;

const twoVarPredict = defineGenerator('M-PSD-2VAR-PREDICT', 'two-variable-data', (rand, index) => {
  const ctx = FIT_CONTEXTS[index % FIT_CONTEXTS.length]!;
  const m = pick(rand, ctx.m);
  const b = pick(rand, ctx.b);
  const x0 = randomInt(rand, ctx.xr[0], ctx.xr[1]);
  const pred = m * x0 + b;
  const model = `y = ${linear(m, b, 'x', fmtDec)}`;
  const intro = `${ctx.intro} The line of best fit for the data is ${model}.`;
  const spr = index === 0 || index === 4;
  const kind = index % 3;
  if (kind === 0) {
    return {
      difficulty: 1,
      stem: `${intro} According to the line of best fit, what is the predicted value of y when x = ${x0}?`,
      figure: fitScatter(ctx, m, b),
      ...numericPart(spr, pred, [mistake(m * x0, 'multiplies by the slope but leaves out the y-intercept.'), mistake(m + b * x0, 'swaps the roles of the slope and the intercept.'), mistake(b, 'is the y-intercept, the prediction at x = 0.')], { fmt: fmtDec, ok: () => true, preferDecimal: true }),
      rationale: `Substitute x = ${x0}: y = ${fmtDec(m)}(${x0}) ${b < 0 ? '−' : '+'} ${fmtDec(Math.abs(b))} = ${fmtDec(m * x0)} ${b < 0 ? '−' : '+'} ${fmtDec(Math.abs(b))} = ${fmtDec(pred)}. Leaving out the y-intercept gives ${fmtDec(m * x0)}.`,
      verify: numCheck((v) => approx(v - b, m * x0)),
    };
  }
  if (kind === 1) {
    let r = randomInt(rand, -9, 9);
    if (r === 0) r = 4;
    if (Math.abs(m) >= 10) r *= 10;
    const actual = pred + r;
    return {
      difficulty: 2,
      stem: `${intro} One data point has x = ${x0} and an actual y-value of ${fmtDec(actual)}. What is the residual for this data point (actual value minus predicted value)?`,
      figure: fitScatter(ctx, m, b, [x0, actual]),
      ...numericPart(spr, r, [mistake(-r, 'subtracts in the wrong order, predicted minus actual.'), mistake(pred, 'is the predicted value, not the residual.'), mistake(actual, 'is the actual value, not the residual.')], { fmt: fmtDec, ok: () => true }),
      rationale: `The predicted value is ${fmtDec(m)}(${x0}) ${b < 0 ? '−' : '+'} ${fmtDec(Math.abs(b))} = ${fmtDec(pred)}, so the residual is ${fmtDec(actual)} − ${fmtDec(pred)} = ${fmtDec(r)}. Subtracting in the other order (predicted minus actual) gives ${fmtDec(-r)}.`,
      verify: numCheck((v) => approx(actual - v, m * x0 + b)),
    };
  }
  const dx = randomInt(rand, 2, 6);
  return {
    difficulty: 2,
    stem: `${intro} According to the line of best fit, by how much does the predicted value of y change when x increases by ${dx}? (A negative answer indicates a decrease.)`,
    figure: fitScatter(ctx, m, b),
    ...numericPart(spr, m * dx, [mistake(m, 'is the change for an increase of only 1 in x.'), mistake(m * dx + b, `is the predicted value at x = ${dx}, not the change in the prediction.`), mistake(m + dx, `adds ${dx} to the slope instead of multiplying by it.`)], { fmt: fmtDec, ok: () => true }),
    rationale: `The slope ${fmtDec(m)} is the predicted change in y for each increase of 1 in x, so an increase of ${dx} changes y by ${dx} × ${fmtDec(m)} = ${fmtDec(m * dx)}. The value ${fmtDec(m)} is the change for an increase of only 1.`,
    verify: numCheck((v) => approx(m * (x0 + dx) + b - (m * x0 + b), v)),
  };
});

const twoVarModel = defineGenerator('M-PSD-2VAR-MODEL', 'two-variable-data', (rand, index) => {
  const xs = [0, 1, 2, 3];
  const things = [
    'the number of cells in a lab culture x days after it was started',
    'the number of members of an online forum x months after it opened',
    'the estimated value, in dollars, of a collectible x years after it was made',
    'the number of visitors to a website on day x of a promotion',
    'the mass, in grams, of a substance remaining x hours after an experiment began',
    'the number of tickets still available for a concert x days after sales began',
  ];
  const what = things[index]!;
  if (index % 2 === 0) {
    const r = pick(rand, index === 4 ? [0.5] : index === 2 ? [1.5, 2] : [2, 3, 1.5]);
    const y0 = r === 1.5 || r === 0.5 ? 8 * randomInt(rand, 2, 12) : randomInt(rand, 3, 40);
    const ys = xs.map((x) => y0 * r ** x);
    const d = ys[1]! - ys[0]!;
    const key = `y = ${y0}(${fmtDec(r)})^x`;
    return {
      difficulty: 2,
      stem: `Let y be ${what}. For x = 0, 1, 2, and 3, the values of y are ${ys.slice(0, 3).map((y) => fmtDec(y)).join(', ')}, and ${fmtDec(ys[3]!)}, respectively. Which of the following equations best models the relationship between x and y?`,
      format: 'mcq',
      key,
      distractors: [
        wrong(`y = ${linear(d, y0, 'x', fmtDec)}`, `y = ${linear(d, y0, 'x', fmtDec)} is linear: it fits the first two points but not the later ones, which change by a constant factor.`),
        wrong(`y = ${fmtDec(r)}(${y0})^x`, `y = ${fmtDec(r)}(${y0})^x swaps the initial value and the growth factor.`),
        wrong(`y = ${linear(r, y0, 'x', fmtDec)}`, `y = ${linear(r, y0, 'x', fmtDec)} adds the factor ${fmtDec(r)} each step instead of multiplying by it.`),
        wrong(`y = ${y0}(${fmtDec(r + 1)})^x`, `y = ${y0}(${fmtDec(r + 1)})^x adds 1 to the growth factor, as if ${fmtDec(r)} were a percent increase.`),
      ],
      rationale:
        `Each y-value is ${fmtDec(r)} times the previous one (for example, ${fmtDec(ys[1]!)} ÷ ${fmtDec(ys[0]!)} = ${fmtDec(r)}), so the relationship is exponential with initial value ${y0} and growth factor ${fmtDec(r)}: ${key}. ` +
        `The linear equation y = ${linear(d, y0, 'x', fmtDec)} fits only the first two points.`,
      verify: (text) => sameFunction(rhs(text), (x) => y0 * r ** x, 'x', xs),
    };
  }
  const m = randomInt(rand, 3, 25) * (index === 5 ? -1 : 1);
  const b = randomInt(rand, 80, 200);
  const ys = xs.map((x) => b + m * x);
  const key = `y = ${linear(m, b)}`;
  return {
    difficulty: 2,
    stem: `Let y be ${what}. For x = 0, 1, 2, and 3, the values of y are ${ys.slice(0, 3).join(', ')}, and ${ys[3]}, respectively. Which of the following equations best models the relationship between x and y?`,
    format: 'mcq',
    key,
    distractors: [
      wrong(`y = ${linear(b, m)}`, `y = ${linear(b, m)} swaps the slope and the y-intercept.`),
      wrong(`y = ${linear(m, b + m)}`, `y = ${linear(m, b + m)} uses the value at x = 1 as the intercept instead of the value at x = 0.`),
      wrong(`y = ${linear(-m, b)}`, `y = ${linear(-m, b)} has the right intercept, but the slope has the wrong sign.`),
      wrong(`y = ${linear(m, 0)}`, `y = ${linear(m, 0)} has the right slope but leaves out the starting value ${b}.`),
    ],
    rationale:
      `The y-values change by the same amount, ${fmtInt(m)}, for each increase of 1 in x, so the relationship is linear with slope ${fmtInt(m)} and y-intercept ${b} (the value at x = 0): ${key}. ` +
      `The equation y = ${linear(m, b + m)} uses the value at x = 1 as the intercept.`,
    verify: (text) => sameFunction(rhs(text), (x) => b + m * x, 'x', xs),
  };
});

// ---------------------------------------------------------------- probability

interface TableCtx {
  intro: string;
  rows: readonly [string, string];
  rowIs: readonly [string, string];
  cols: readonly [string, string];
  colSing: readonly [string, string];
  subject: string;
  who: 'who' | 'that';
}

const TABLE_CONTEXTS: readonly TableCtx[] = [
  { intro: 'A school surveyed its tenth and eleventh graders about whether they prefer online or in-person classes.', rows: ['tenth graders', 'eleventh graders'], rowIs: ['a tenth grader', 'an eleventh grader'], cols: ['prefer online classes', 'prefer in-person classes'], colSing: ['prefers online classes', 'prefers in-person classes'], subject: 'student', who: 'who' },
  { intro: 'A company inspected parts made at two of its factories, Plant A and Plant B.', rows: ['parts from Plant A', 'parts from Plant B'], rowIs: ['from Plant A', 'from Plant B'], cols: ['were defective', 'were not defective'], colSing: ['is defective', 'is not defective'], subject: 'part', who: 'that' },
  { intro: 'A museum recorded whether its visitors were members and whether they took a guided tour.', rows: ['members', 'nonmembers'], rowIs: ['a member', 'a nonmember'], cols: ['took a guided tour', 'did not take a guided tour'], colSing: ['took a guided tour', 'did not take a guided tour'], subject: 'visitor', who: 'who' },
  { intro: 'A gardener planted seeds of two varieties, red and yellow, and recorded whether each seed sprouted.', rows: ['red-variety seeds', 'yellow-variety seeds'], rowIs: ['a red-variety seed', 'a yellow-variety seed'], cols: ['sprouted', 'did not sprout'], colSing: ['sprouted', 'did not sprout'], subject: 'seed', who: 'that' },
  { intro: 'A café recorded whether each customer ordered at the counter or through its app, and whether the order included a dessert.', rows: ['counter orders', 'app orders'], rowIs: ['a counter order', 'an app order'], cols: ['included a dessert', 'did not include a dessert'], colSing: ['included a dessert', 'did not include a dessert'], subject: 'order', who: 'that' },
  { intro: 'A survey asked adults under 40 and adults 40 or older whether they get most of their news online.', rows: ['adults under 40', 'adults 40 or older'], rowIs: ['under 40', '40 or older'], cols: ['get most of their news online', 'do not get most of their news online'], colSing: ['gets most of their news online', 'does not get most of their news online'], subject: 'adult', who: 'who' },
];

const probTable = defineGenerator('M-PSD-PROB-TABLE', 'probability', (rand, index) => {
  const ctx = TABLE_CONTEXTS[index % TABLE_CONTEXTS.length]!;
  const cnt = [
    [randomInt(rand, 12, 90), randomInt(rand, 12, 90)],
    [randomInt(rand, 12, 90), randomInt(rand, 12, 90)],
  ] as const;
  const people: Array<[number, number]> = [];
  for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) for (let i = 0; i < cnt[r]![c]!; i++) people.push([r, c]);
  const total = people.length;
  const [[a, b], [c, d]] = cnt;
  const kind = index % 3;
  const spr = index === 3 || index === 5;
  const intro = `${ctx.intro} Of the ${ctx.rows[0]}, ${a} ${ctx.cols[0]} and ${b} ${ctx.cols[1]}. Of the ${ctx.rows[1]}, ${c} ${ctx.cols[0]} and ${d} ${ctx.cols[1]}.`;
  let stem: string;
  let num: number;
  let den: number;
  let cands: Mistake[];
  let test: (p: [number, number]) => boolean;
  let given: (p: [number, number]) => boolean;
  let rat: string;
  if (kind === 0) {
    // P(row0 | col0)
    stem = `If one ${ctx.subject} ${ctx.who} ${ctx.colSing[0]} is selected at random, what is the probability that the ${ctx.subject} is ${ctx.rowIs[0]}?`;
    num = a;
    den = a + c;
    cands = [mistake(a / total, `divides by all ${total}, which is the probability of both conditions, not the conditional probability.`), mistake(a / (a + b), `divides by all the ${ctx.rows[0]}, which conditions on the wrong group.`), mistake(c / (a + c), `counts the ${ctx.rows[1]} instead of the ${ctx.rows[0]} in the right group.`)];
    given = (p) => p[1] === 0;
    test = (p) => p[0] === 0;
    rat = `Only the ${a} + ${c} = ${a + c} ${ctx.subject}s ${ctx.who} ${ctx.cols[0]} are considered, and ${a} of them are ${ctx.rows[0]}, so the probability is ${fracEq(a, a + c)}. Dividing by all ${total} gives ${fmtFrac(a, total)}, the probability of both conditions, not the conditional probability.`;
  } else if (kind === 1) {
    // P(col1 | row1)
    stem = `If one of the ${ctx.rows[1]} is selected at random, what is the probability that it ${ctx.colSing[1]}?`;
    num = d;
    den = c + d;
    cands = [mistake(d / (b + d), `divides by all the ${ctx.subject}s ${ctx.who} ${ctx.cols[1]}, which conditions on the wrong group.`), mistake(d / total, `divides by all ${total}, which is the probability of both conditions, not the conditional probability.`), mistake(c / (c + d), `counts the ${ctx.rows[1]} ${ctx.who} ${ctx.cols[0]}, the opposite outcome.`)];
    given = (p) => p[0] === 1;
    test = (p) => p[1] === 1;
    rat = `There are ${c} + ${d} = ${c + d} ${ctx.rows[1]}, and ${d} of them ${ctx.cols[1]}, so the probability is ${fracEq(d, c + d)}. Using ${fracEq(d, b + d)} divides by all ${ctx.subject}s ${ctx.who} ${ctx.cols[1]}, which conditions on the wrong group.`;
  } else {
    // P(row1 | col1)
    stem = `If one ${ctx.subject} ${ctx.who} ${ctx.colSing[1]} is selected at random, what is the probability that the ${ctx.subject} is ${ctx.rowIs[1]}?`;
    num = d;
    den = b + d;
    cands = [mistake(d / (c + d), `divides by all the ${ctx.rows[1]}, which conditions on the wrong group.`), mistake(d / total, `divides by all ${total}, which is the probability of both conditions, not the conditional probability.`), mistake(b / (b + d), `counts the ${ctx.rows[0]} instead of the ${ctx.rows[1]} in the right group.`)];
    given = (p) => p[1] === 1;
    test = (p) => p[0] === 1;
    rat = `Only the ${b} + ${d} = ${b + d} ${ctx.subject}s ${ctx.who} ${ctx.cols[1]} are considered, and ${d} of them are ${ctx.rows[1]}, so the probability is ${fracEq(d, b + d)}. The fraction ${fmtFrac(d, c + d)} instead divides by all ${ctx.rows[1]}, which conditions on the wrong group.`;
  }
  return {
    difficulty: 2,
    stem: `${intro} ${stem}`,
    ...numericPart(spr, num / den, [...cands, mistake((den - num) / den, 'is the probability of the opposite outcome within the right group.'), mistake(num / total, `divides by all ${total} instead of only the group that meets the condition.`), mistake((num + 1) / den, 'miscounts the favorable cases by one.'), mistake((num - 1) / den, 'miscounts the favorable cases by one.')], { fmt: (x) => fmtFrac(...ratio(x)), ok: (x) => x > 0 && x < 1 }),
    rationale: rat,
    verify: numCheck((v) => {
      const pool = people.filter(given);
      return approx(pool.filter(test).length / pool.length, v);
    }),
  };
});

/** "54/79" or "48/114 = 8/19". */
function fracEq(n: number, d: number): string {
  const reduced = fmtFrac(n, d);
  return reduced === `${n}/${d}` ? reduced : `${n}/${d} = ${reduced}`;
}

function ratio(x: number): [number, number] {
  for (let d = 1; d <= 100000; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n / d - x) < 1e-12) return [n, d];
  }
  return [Math.round(x * 1e6), 1e6];
}

const fracFmt = (x: number): string => fmtFrac(...ratio(x));

const probSimple = defineGenerator('M-PSD-PROB-SIMPLE', 'probability', (rand, index) => {
  const spr = index === 1 || index === 4;
  if (index % 2 === 0) {
    const r = randomInt(rand, 3, 15);
    const bl = randomInt(rand, 3, 15);
    const g = randomInt(rand, 2, 12);
    const total = r + bl + g;
    const bag = [...Array<string>(r).fill('red'), ...Array<string>(bl).fill('blue'), ...Array<string>(g).fill('green')];
    const q = index === 0 ? 'not blue' : index === 2 ? 'red or green' : 'green';
    const want = (m: string): boolean => (q === 'green' ? m === 'green' : m !== 'blue');
    const count = q === 'green' ? g : r + g;
    const cands = q === 'green'
      ? [mistake(g / (r + bl), 'compares green marbles with the other marbles, which gives odds rather than a probability.'), mistake(1 / 3, 'treats the three colors as equally likely, ignoring how many marbles of each color there are.'), mistake((r + bl) / total, 'is the probability that the marble is not green.')]
      : [mistake(bl / total, 'is the probability that the marble is blue, the opposite event.'), mistake((r + g) / (total + bl), 'counts the blue marbles twice in the total.'), mistake(r / total, 'counts only the red marbles and leaves out the green ones.')];
    return {
      difficulty: 1,
      stem: `A bag contains ${r} red marbles, ${bl} blue marbles, and ${g} green marbles. One marble is selected at random from the bag. What is the probability that the marble is ${q}?`,
      ...numericPart(spr, count / total, [...cands, mistake((total - count) / total, 'is the probability of the opposite event.'), mistake(count / (total + 1), `miscounts the total; there are ${total} marbles.`), mistake((count - 1) / total, 'miscounts the favorable marbles by one.'), mistake((count + 1) / total, 'miscounts the favorable marbles by one.')], { fmt: fracFmt, ok: (x) => x > 0 && x < 1 }),
      rationale:
        `There are ${r} + ${bl} + ${g} = ${total} marbles, and ${count} of them are ${q}, so the probability is ${count}/${total}${gcd(count, total) > 1 ? ` = ${fmtFrac(count, total)}` : ''}. ` +
        (q === 'green' ? `Comparing green to non-green marbles, ${g}/${r + bl}, gives odds rather than a probability.` : `The fraction ${fmtFrac(bl, total)} is the probability that the marble IS blue.`),
      verify: numCheck((v) => approx(bag.filter(want).length / bag.length, v)),
    };
  }
  const k = [5, 9, 10, 4, 6, 8][index]!;
  const greater = index === 5;
  const ways = (s: number): number => (s >= 2 && s <= 12 ? 6 - Math.abs(s - 7) : 0);
  let count = 0;
  if (greater) for (let s = k + 1; s <= 12; s++) count += ways(s);
  else count = ways(k);
  const event = greater ? `greater than ${k}` : `equal to ${k}`;
  return {
    difficulty: 2,
    stem: `Two fair six-sided dice, each with faces numbered 1 through 6, are rolled. What is the probability that the sum of the two numbers rolled is ${event}?`,
    ...numericPart(spr, count / 36, [mistake(1 / 11, 'treats the 11 possible sums, 2 through 12, as equally likely, but they occur in different numbers of ways.'), mistake(count / 12, 'divides by 12, the largest sum, instead of by the 36 equally likely outcomes.'), mistake((count + 1) / 36, 'miscounts the ways to get the sum by one.'), mistake(1 / 6, 'is the probability for a single die, not for a sum of two dice.'), mistake((36 - count) / 36, 'is the probability of the opposite event.'), mistake((count - 1) / 36, 'miscounts the ways to get the sum by one.')], { fmt: fracFmt, ok: (x) => x > 0 && x < 1 }),
    rationale:
      `There are 6 × 6 = 36 equally likely outcomes. ${greater ? `Sums of ${k + 1} through 12 occur in ${Array.from({ length: 12 - k }, (_, i) => ways(k + 1 + i)).join(' + ')} = ${count} ways` : `A sum of ${k} occurs in ${count} ways`}, so the probability is ${count}/36${gcd(count, 36) > 1 ? ` = ${fmtFrac(count, 36)}` : ''}. ` +
      `Treating the 11 possible sums as equally likely would give ${greater ? `${12 - k}/11` : '1/11'}, but they are not equally likely.`,
    verify: numCheck((v) => {
      let hits = 0;
      for (let d1 = 1; d1 <= 6; d1++) for (let d2 = 1; d2 <= 6; d2++) if (greater ? d1 + d2 > k : d1 + d2 === k) hits++;
      return approx(hits / 36, v);
    }),
  };
});

// ---------------------------------------------------------------- sample statistics

const SAMPLE_CONTEXTS = [
  { pop: 'students at a high school', unit: 'students', trait: 'said they walk to school', est: 'walk to school' },
  { pop: 'light bulbs in a shipment', unit: 'bulbs', trait: 'were defective', est: 'are defective' },
  { pop: 'households in a city', unit: 'households', trait: 'own a dog', est: 'own a dog' },
  { pop: 'fish in a lake', unit: 'fish', trait: 'were trout', est: 'are trout' },
] as const;

const sampEst = defineGenerator('M-PSD-SAMP-EST', 'sample-statistics', (rand, index) => {
  const spr = index === 2 || index === 5;
  if (index >= 4) {
    const n = pick(rand, [40, 50, 60, 80]);
    const N = 100 * randomInt(rand, 8, 60);
    const mean = index === 4 ? randomInt(rand, 11, 29) / 10 : randomInt(rand, 90, 180);
    const what = index === 4 ? ['households', 'town', 'cars per household', 'cars'] : ['apple trees', 'orchard', 'apples per tree', 'apples'];
    const key = mean * N;
    return {
      difficulty: 2,
      stem: `A random sample of ${n} ${what[0]} was selected from the ${N.toLocaleString('en-US')} ${what[0]} in ${what[1] === 'orchard' ? 'an' : 'a'} ${what[1]}. The mean number of ${what[2]} in the sample was ${fmtDec(mean)}. Based on the sample, which of the following is the best estimate of the total number of ${what[3]} for all ${what[0]} in the ${what[1]}?`.replace(
        'which of the following is the best estimate of',
        spr ? 'what is the best estimate of' : 'which of the following is the best estimate of',
      ),
      ...numericPart(spr, key, [mistake(mean * n, `is only the total for the ${n} sampled ${what[0]}, not for all of them.`), mistake(N, `is the number of ${what[0]}, not the number of ${what[3]}.`), mistake(N + mean, 'adds the sample mean to the population size instead of multiplying.')], { fmt: fmtDec, ok: positive }),
      rationale: `The sample mean estimates the mean for all ${what[0]}, so the total is about ${fmtDec(mean)} × ${N.toLocaleString('en-US')} = ${key.toLocaleString('en-US')}. The value ${fmtDec(mean * n)} is only the total for the ${n} sampled ${what[0]}.`,
      verify: numCheck((v) => approx(v / N, mean)),
    };
  }
  const ctx = SAMPLE_CONTEXTS[index]!;
  const n = pick(rand, [40, 50, 60, 75, 80, 120, 150]);
  const f = randomInt(rand, 8, 40);
  const N = n * f;
  const s = randomInt(rand, Math.ceil(n * 0.1), Math.floor(n * 0.6));
  const key = s * f;
  return {
    difficulty: 1,
    stem: `A random sample of ${n} of the ${N.toLocaleString('en-US')} ${ctx.pop} was selected, and ${s} of the ${ctx.unit} in the sample ${ctx.trait}. Based on the sample, about how many of the ${N.toLocaleString('en-US')} ${ctx.unit} ${ctx.est}?`,
    ...numericPart(spr, key, [mistake(N - key, `estimates the ${ctx.unit} that do not, the opposite group.`), mistake((s * N) / 100, `treats ${s} as a percent, but it is a count out of ${n}.`), mistake(s * n, `multiplies by the sample size ${n} instead of scaling the fraction ${s}/${n} up to the population.`)], { fmt: fmtDec, ok: positive }),
    rationale: `In the sample, ${s}/${n} of the ${ctx.unit} ${ctx.est}, so the estimate is ${s}/${n} × ${N.toLocaleString('en-US')} = ${key.toLocaleString('en-US')}. The value ${(N - key).toLocaleString('en-US')} estimates the ${ctx.unit} that do not.`,
    verify: numCheck((v) => approx(v * n, s * N)),
  };
});

const sampMoe = defineGenerator('M-PSD-SAMP-MOE', 'sample-statistics', (rand, index) => {
  const topics = [
    ['residents of a county', 'support building a new library', 'residents of the county'],
    ['students at a university', 'use the campus gym at least once a week', 'students at the university'],
    ['voters in a city', 'approve of a proposed park', 'voters in the city'],
  ] as const;
  if (index % 2 === 0) {
    const t = topics[index / 2]!;
    const p = randomInt(rand, 30, 70);
    const e = randomInt(rand, 2, 6);
    const n = 100 * randomInt(rand, 4, 15);
    const nText = n.toLocaleString('en-US');
    const range = (lo: number, hi: number): string => `Between ${fmtDec(lo)}% and ${fmtDec(hi)}%`;
    const key = range(p - e, p + e);
    return {
      difficulty: 2,
      stem: `A random sample of ${nText} ${t[0]} found that ${p}% of those sampled ${t[1]}. The margin of error for this estimate is ${e} percentage points. Which of the following is the most plausible range for the percent of all ${t[2]} who ${t[1]}?`,
      format: 'mcq',
      key,
      distractors: ([
        [range(p - 2 * e, p + 2 * e), `doubles the margin of error; plausible values lie within ${e} points of ${p}%.`],
        [range(p, p + e), 'applies the margin of error on only the upper side of the estimate.'],
        [range(p - e / 2, p + e / 2), `splits the margin of error in half; it extends the full ${e} points on each side.`],
        [range(p - e, p), 'applies the margin of error on only the lower side of the estimate.'],
      ] as [string, string][]).map(([t, why]) => wrong(t, `${t} ${why}`)),
      rationale: `A margin of error of ${e} percentage points means plausible values lie within ${e} points of the sample estimate: from ${p} − ${e} = ${p - e}% to ${p} + ${e} = ${p + e}%. The range ${fmtDec(p)}% to ${fmtDec(p + e)}% uses the margin of error on only one side of the estimate.`,
      verify: (text) => {
        const nums = [...text.matchAll(/(\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1]));
        return nums.length === 2 && approx(nums[0]! + e, p) && approx(nums[1]! - e, p);
      },
    };
  }
  const settings = [
    ['adults in a town', 'number of hours of sleep per night', 'hours', 'adults in the town'],
    ['packages shipped by a company', 'weight', 'pounds', 'packages shipped by the company'],
    ['commuters in a city', 'one-way commute time', 'minutes', 'commuters in the city'],
  ] as const;
  const st = settings[(index - 1) / 2]!;
  const M = randomInt(rand, 60, 400) / 10;
  const e = randomInt(rand, 4, 25) / 10;
  const spr = false;
  const inside = M + (rand() < 0.5 ? -0.5 : 0.5) * e;
  return {
    difficulty: 2,
    stem: `For a random sample of ${st[0]}, the mean ${st[1]} was ${fmtDec(M)} ${st[2]}, with an associated margin of error of ${fmtDec(e)} ${e === 1 ? st[2].slice(0, -1) : st[2]}. Which of the following is a plausible value, in ${st[2]}, for the mean ${st[1]} of all ${st[3]}?`,
    ...numericPart(spr, Math.round(inside * 100) / 100, [2, -1.5, 3, -2.5].map((k) => mistake(M + k * e, `is ${fmtDec(Math.abs(k * e))} ${k > 0 ? 'above' : 'below'} the sample mean, farther than the margin of error of ${fmtDec(e)}.`)), { fmt: (x) => fmtDec(x, 2), ok: positive }),
    rationale: `Plausible values for the population mean lie within ${fmtDec(e)} of ${fmtDec(M)}, that is, from ${fmtDec(M - e)} to ${fmtDec(M + e)}. Only ${fmtDec(Math.round(inside * 100) / 100, 2)} lies in this interval; ${fmtDec(M + 2 * e, 2)} is ${fmtDec(2 * e)} away from the sample mean, more than the margin of error.`,
    verify: numCheck((v) => Math.abs(v - M) <= e + 1e-9),
  };
});

// ---------------------------------------------------------------- statistical claims

interface StudyCtx {
  X: string;
  Y: string;
  pop: string;
  part: string;
  sampleRandom: string;
  sampleConvenience: string;
  assignRandom: string;
  assignNone: string;
  result: string;
}

const STUDY_CONTEXTS: readonly StudyCtx[] = [
  {
    X: 'taking a daily vitamin D supplement', Y: 'fewer colds', pop: 'all adults in the city', part: 'the adults in the study',
    sampleRandom: 'selected 400 adults at random from all adults in a large city', sampleConvenience: 'recruited 400 adult volunteers from a large city through a newspaper advertisement',
    assignRandom: 'Half of the participants were randomly assigned to take a daily vitamin D supplement for the winter, and the other half were assigned to take a placebo.',
    assignNone: 'Each participant reported whether they had taken a daily vitamin D supplement during the winter.',
    result: 'Participants who took the supplement reported significantly fewer colds than those who did not.',
  },
  {
    X: 'using a standing desk', Y: 'better reported focus', pop: 'all employees of the company', part: 'the employees in the study',
    sampleRandom: 'selected 200 employees at random from all employees of a large company', sampleConvenience: 'asked for volunteers among the employees of a large company, and 200 employees signed up',
    assignRandom: 'Each participant was randomly assigned to use either a standing desk or a regular desk for one month.',
    assignNone: 'Each participant reported which type of desk they had used during the previous month.',
    result: 'Participants who used standing desks reported significantly better focus than those who used regular desks.',
  },
  {
    X: 'listening to music while studying', Y: 'higher quiz scores', pop: 'all students at the university', part: 'the students in the study',
    sampleRandom: "selected 150 students at random from a university's enrollment list", sampleConvenience: 'recruited 150 students who responded to a flyer posted in a university library',
    assignRandom: 'The students were randomly assigned either to study with music or to study in silence before taking the same quiz.',
    assignNone: 'The students reported whether they usually listen to music while studying, and each took the same quiz.',
    result: 'Students who studied with music had a significantly higher mean quiz score.',
  },
  {
    X: 'using a new fertilizer', Y: 'greater plant height', pop: 'all tomato plants in the greenhouse', part: 'the plants in the study',
    sampleRandom: 'selected 80 tomato plants at random from the 2,000 plants in a large greenhouse', sampleConvenience: 'chose the 80 tomato plants closest to the entrance of a large greenhouse',
    assignRandom: 'Half of the selected plants were randomly assigned to receive a new fertilizer, and the rest received none.',
    assignNone: 'The researcher recorded which of the selected plants had already been given a new fertilizer by the greenhouse staff.',
    result: 'After six weeks, the plants that received the fertilizer were significantly taller on average.',
  },
  {
    X: 'drinking green tea daily', Y: 'lower blood pressure', pop: 'all adults in the region', part: 'the adults in the study',
    sampleRandom: 'selected 500 adults at random from all adults living in a region', sampleConvenience: 'recruited 500 adults who visited a health fair in a region',
    assignRandom: 'Each participant was randomly assigned either to drink green tea daily or to drink no tea for three months.',
    assignNone: 'Each participant reported whether they drink green tea daily.',
    result: 'Those who drank green tea daily had significantly lower blood pressure on average.',
  },
  {
    X: 'playing a daily memory game', Y: 'better recall scores', pop: 'all residents of the retirement community', part: 'the residents in the study',
    sampleRandom: 'selected 120 residents at random from all residents of a large retirement community', sampleConvenience: 'recruited 120 residents of a large retirement community who attended an information session',
    assignRandom: 'The residents were randomly assigned either to play a memory game daily for eight weeks or not to play it.',
    assignNone: 'The residents reported whether they had played a memory game daily during the past eight weeks.',
    result: 'Residents who played the game daily had significantly better scores on a recall test.',
  },
];

const claimDesign = defineGenerator('M-PSD-CLAIM-DESIGN', 'statistical-claims', (rand, index) => {
  const ctx = STUDY_CONTEXTS[index % STUDY_CONTEXTS.length]!;
  const design = [
    { rs: true, ra: false },
    { rs: false, ra: true },
    { rs: true, ra: true },
    { rs: false, ra: false },
  ][index % 4]!;
  const claim = (cause: boolean, general: boolean): string => {
    const X = cap(ctx.X);
    const scope = general ? ctx.pop : ctx.part;
    const rel = cause ? `${X} causes ${ctx.Y}` : `${X} is associated with ${ctx.Y}`;
    const notCause = cause ? '' : `, but it cannot be concluded that ${ctx.X} causes ${ctx.Y}`;
    const notGeneral = general ? '' : `${cause ? ', but' : ', and'} the result cannot be generalized to ${ctx.pop}`;
    return `${rel} among ${scope}${notCause}${notGeneral}.`;
  };
  const key = claim(design.ra, design.rs);
  const stem = `A researcher ${design.rs ? ctx.sampleRandom : ctx.sampleConvenience}. ${design.ra ? ctx.assignRandom : ctx.assignNone} ${ctx.result} Which of the following is the most appropriate conclusion?`;
  return {
    difficulty: 3,
    stem,
    format: 'mcq',
    key,
    distractors: ([[true, true], [true, false], [false, true], [false, false]] as const)
      .filter(([cause, general]) => claim(cause, general) !== key)
      .map(([cause, general]) => {
        const faults = [
          cause && !design.ra ? `claims causation, but the participants were not randomly assigned to groups, so only an association can be concluded` : '',
          !cause && design.ra ? `refuses a causal conclusion, although random assignment of the treatment supports one` : '',
          general && !design.rs ? `generalizes to ${ctx.pop}, but the participants were not a random sample of them` : '',
          !general && design.rs ? `limits the result to ${ctx.part}, although they were selected at random from ${ctx.pop}` : '',
        ].filter(Boolean);
        return wrong(claim(cause, general), `This conclusion ${faults.join(', and it ')}.`);
      }),
    rationale:
      `${design.ra ? 'Because the treatment was randomly assigned, a cause-and-effect conclusion is justified' : 'Because the participants were not randomly assigned to groups, this is an observational study and only an association can be concluded'}; ` +
      `${design.rs ? `because the participants were selected at random from ${ctx.pop}, the result can be generalized to that population.` : `because the participants were not a random sample, the result applies only to ${ctx.part}.`} ` +
      `A choice that claims ${design.ra ? 'no causal conclusion is possible' : 'causation'} ${design.ra ? 'understates' : 'overstates'} what the design supports.`,
    verify: (text) => {
      const causal = / causes /.test(text) && !text.includes('cannot be concluded');
      const general = !text.includes('cannot be generalized');
      return causal === design.ra && general === design.rs;
    },
  };
});

interface SurveyCtx {
  goal: string;
  randomSample: (n: number) => string;
  convenience: (n: number) => string;
  participants: (n: number) => string;
  frame: string;
  target: string;
  broader: string;
}

const SURVEY_CONTEXTS: readonly SurveyCtx[] = [
  {
    goal: 'A store manager wants to learn how satisfied customers are with the store.',
    randomSample: (n) => `The manager surveyed ${n} customers selected at random from all customers who visited the store on Saturday mornings last month.`,
    convenience: (n) => `The manager surveyed the first ${n} customers who entered the store one Saturday morning.`,
    participants: (n) => `Only the ${n} customers who were surveyed`,
    frame: 'All customers who visited the store on Saturday mornings last month',
    target: 'All customers of the store',
    broader: 'All shoppers in the city',
  },
  {
    goal: 'A principal wants to know how much time students at the school spend on homework.',
    randomSample: (n) => `The principal surveyed ${n} students selected at random from the school's ninth-grade class.`,
    convenience: (n) => `The principal surveyed ${n} ninth graders who volunteered to answer an online poll.`,
    participants: (n) => `Only the ${n} ninth graders who were surveyed`,
    frame: "All ninth graders at the school",
    target: 'All students at the school',
    broader: 'All high school students in the state',
  },
  {
    goal: 'A city council wants to know whether residents would use a new bike lane.',
    randomSample: (n) => `The council surveyed ${n} people selected at random from the residents of one neighborhood, Eastside.`,
    convenience: (n) => `The council surveyed ${n} Eastside residents who attended a public meeting about the bike lane.`,
    participants: (n) => `Only the ${n} Eastside residents who were surveyed`,
    frame: 'All residents of Eastside',
    target: 'All residents of the city',
    broader: 'All residents of the state',
  },
  {
    goal: 'An app developer wants to know how often users of its fitness app exercise.',
    randomSample: (n) => `The developer surveyed ${n} users selected at random from all users who joined the app in January.`,
    convenience: (n) => `The developer surveyed ${n} users who clicked on an optional survey link inside the app in January.`,
    participants: (n) => `Only the ${n} users who were surveyed`,
    frame: 'All users who joined the app in January',
    target: 'All users of the app',
    broader: 'All adults who exercise',
  },
  {
    goal: 'A librarian wants to know how many books library cardholders read per month.',
    randomSample: (n) => `The librarian surveyed ${n} people selected at random from all cardholders who borrowed a book in the past week.`,
    convenience: (n) => `The librarian surveyed ${n} cardholders who stopped by the front desk and agreed to answer.`,
    participants: (n) => `Only the ${n} cardholders who were surveyed`,
    frame: 'All cardholders who borrowed a book in the past week',
    target: 'All library cardholders',
    broader: 'All residents of the county',
  },
  {
    goal: 'A park ranger wants to know how far visitors to a national park travel to get there.',
    randomSample: (n) => `The ranger surveyed ${n} visitors selected at random from all visitors who entered the park through the north gate in July.`,
    convenience: (n) => `The ranger surveyed ${n} visitors who stopped at the north gate visitor center in July and chose to fill out a form.`,
    participants: (n) => `Only the ${n} visitors who were surveyed`,
    frame: 'All visitors who entered the park through the north gate in July',
    target: 'All visitors to the park',
    broader: 'All visitors to national parks in the country',
  },
];

const claimSample = defineGenerator('M-PSD-CLAIM-SAMPLE', 'statistical-claims', (rand, index) => {
  const ctx = SURVEY_CONTEXTS[index % SURVEY_CONTEXTS.length]!;
  const n = pick(rand, [60, 80, 100, 120, 150, 200]);
  const random = index % 3 !== 2;
  const levels = [ctx.participants(n), ctx.frame, ctx.target, ctx.broader];
  const keyLevel = random ? 1 : 0;
  const key = levels[keyLevel]!;
  return {
    difficulty: 2,
    stem: `${ctx.goal} ${random ? ctx.randomSample(n) : ctx.convenience(n)} Which of the following is the largest group to which the results of the survey can be appropriately generalized?`,
    format: 'mcq',
    key,
    distractors: levels
      .map((l, i) => ({ l, i }))
      .filter(({ i }) => i !== keyLevel)
      .map(({ l, i }) =>
        wrong(l, i < keyLevel
          ? `This group is narrower than the design allows: the sample was chosen at random from ${ctx.frame.charAt(0).toLowerCase() + ctx.frame.slice(1)}, so the results extend to that whole group.`
          : random
            ? `This group goes beyond the one the sample was drawn from (${ctx.frame.charAt(0).toLowerCase() + ctx.frame.slice(1)}); people outside that group had no chance of being selected.`
            : `This group goes beyond the people surveyed; a sample that was not chosen at random may not represent anyone else.`),
      ),
    rationale: random
      ? `The sample was selected at random from a specific group (${ctx.frame.charAt(0).toLowerCase() + ctx.frame.slice(1)}), so the results can be generalized to that group but not beyond it. Generalizing to ${ctx.target.charAt(0).toLowerCase() + ctx.target.slice(1)} is not justified because people outside the sampled group had no chance of being selected.`
      : `The respondents were not selected at random (they were a convenience or self-selected sample), so the results describe only the ${n} people surveyed. Generalizing even to ${ctx.frame.charAt(0).toLowerCase() + ctx.frame.slice(1)} is not justified because the sample may not be representative.`,
    verify: (text) => levels.indexOf(text.trim()) === keyLevel,
  };
});

export const PROBLEM_SOLVING_GENERATORS: QuestionGenerator[] = [
  rateUnit,
  rateProp,
  pctChange,
  pctOf,
  oneVarMean,
  oneVarMedian,
  twoVarPredict,
  twoVarModel,
  probTable,
  probSimple,
  sampEst,
  sampMoe,
  claimDesign,
  claimSample,
];
