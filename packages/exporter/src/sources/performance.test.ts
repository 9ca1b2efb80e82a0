import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Em, type Orm } from '@satprep/domain/db';
import { performanceView, scanStats } from './performance.ts';

/** The view of the parsed stats: what reading the text must give, or the error it must throw. */
const parsedView = (text: string) => {
  try {
    return performanceView(JSON.parse(text));
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
};
const textView = (text: string) => {
  try {
    return performanceView(text);
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
};

let seed = 11;
const rand = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822507) + 12345) >>> 0) / 4294967296;
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const NAMES = ['Math', 'Reading and Writing', 'Algebra', 'Craft and Structure', 'Ünïcode', 'emoji 😀', 'a"quote', 'back\\slash', 'tab\there', '1abc', '7', '__proto__', '', 'x: y', 'a, "b', 'total'];
const NUMBERS = ['0', '7', '10', '123456789012345', '1234567890123456', '-1', '-0', '1.5', '1e2', '2E1', '07', '3.0'];
const TALLIES = [
  () => `{"total": ${pick(NUMBERS)}, "correct": ${pick(NUMBERS)}}`,
  () => `{"total": ${pick(NUMBERS)}, "correct": ${pick(NUMBERS)}}`,
  () => `{"correct": 1, "total": 2}`,
  () => `{"total": 3}`,
  () => `{"total": 3, "correct": 1, "extra": 2}`,
  () => 'null',
  () => '"text"',
  () => '[1, 2]',
  () => `{"total":4,"correct":2}`,
];
/** Stats text in jsonb's layout (one space after colons and commas), with odd names, numbers and values mixed in. */
function statsText(): string {
  const sections = Array.from({ length: Math.floor(rand() * 3) }, () => {
    const domains = Array.from({ length: Math.floor(rand() * 4) }, () => `${JSON.stringify(pick(NAMES))}: ${pick(TALLIES)()}`);
    return `${JSON.stringify(pick(NAMES))}: {${domains.join(', ')}}`;
  });
  return `{${sections.join(', ')}}`;
}

describe('performanceView', () => {
  it('reads stats text exactly as the parsed stats read', () => {
    let scanned = 0;
    for (let i = 0; i < 5000; i++) {
      const text = statsText();
      if (scanStats(text)) scanned++;
      expect(textView(text), text).toEqual(parsedView(text));
    }
    // Both ways of reading are compared: the scan takes about two texts in five.
    expect(scanned).toBeGreaterThan(1000);
    expect(scanned).toBeLessThan(4000);
  });

  it('reads the usual shape in its own pass, and leaves everything else to JSON.parse', () => {
    const usual = '{"Math": {"Algebra": {"total": 10, "correct": 7}, "Geometry and Trigonometry": {"total": 2, "correct": 0}}, "Reading and Writing": {}}';
    expect(scanStats(usual)).toEqual({
      tallies: [{ section: 'Math', domain: 'Algebra', correct: 7, total: 10 }, { section: 'Math', domain: 'Geometry and Trigonometry', correct: 0, total: 2 }],
      json: JSON.stringify(JSON.parse(usual)),
    });
    expect(scanStats('{}')).toEqual({ tallies: [], json: '{}' });
    for (const other of [
      '{"Math": {"Algebra": {"total": 10, "correct": 7.5}}}',
      '{"Math": {"Algebra": {"total": 010, "correct": 7}}}',
      '{"Math": {"Algebra": {"total": 10, "correct": -7}}}',
      '{"Math": {"Algebra": {"total": 10, "correct": 7, "time": 3}}}',
      '{"Math": {"Alg\\u0065bra": {"total": 10, "correct": 7}}}',
      '{"Math": {"Alg\tebra": {"total": 10, "correct": 7}}}',
      '{"Math": {"Alg\ud800ebra": {"total": 10, "correct": 7}}}',
      '{"Math": {"2": {"total": 10, "correct": 7}}}',
      '{"Math": {"Algebra": {"total": 10, "correct": 7}}} ',
      '{"Math": {"Algebra": {"total": 10, "correct": 7}}, "Math": {}}',
      '{"Math":{"Algebra":{"total":10,"correct":7}}}',
      '{"Math": {"Algebra": {"total": 10, "correct": 7}}',
      '[]',
    ]) {
      expect(scanStats(other), other).toBeNull();
      expect(textView(other), other).toEqual(parsedView(other));
    }
  });

  it('renders stats read from objects, as the synthetic generator gives them', () => {
    const stats = { Math: { Algebra: { correct: 3, total: 4 } } };
    expect(performanceView(stats)).toEqual({ tallies: [{ section: 'Math', domain: 'Algebra', correct: 3, total: 4 }], json: JSON.stringify(stats) });
  });
});

describe('performanceView of text as PostgreSQL writes jsonb', () => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await openDb(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {});
  });
  afterAll(async () => {
    await orm?.close(true);
  });

  it('reads the usual shape in its own pass, whatever order the keys were stored in', async () => {
    const stats = [
      { 'Reading and Writing': { 'Craft and Structure': { correct: 1, total: 6 }, 'Information and Ideas': { correct: 0, total: 3 } }, Math: { Algebra: { correct: 7, total: 10 } } },
      { Math: { 'Problem-Solving and Data Analysis': { total: 12, correct: 12 } } },
      { Math: {} },
      {},
    ];
    const em = orm.em.fork() as Em;
    for (const s of stats) {
      const [row] = await em.execute<{ text: string }[]>('select ?::jsonb::text as text', [JSON.stringify(s)]);
      const text = row!.text;
      expect(scanStats(text), text).not.toBeNull();
      expect(performanceView(text)).toEqual(performanceView(JSON.parse(text)));
    }
  });
});
