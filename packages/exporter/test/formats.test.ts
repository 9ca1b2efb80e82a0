import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_LIST } from '@satprep/domain';
import { createFormatter, FORMAT_SPECS } from '../src/formats/index.ts';
import { FORMATS } from '../src/types.ts';
import { detectFormat, recordCheck } from '../src/validate.ts';
import { splitFor } from '../src/transforms/split.ts';
import { FIXTURE_EXAMPLES } from './fixtures.ts';

describe('formats (golden files)', () => {
  for (const format of FORMATS) {
    it(`writes ${format} exactly as the golden file`, async () => {
      const f = createFormatter(format, { minRating: 4 });
      const lines = [...FIXTURE_EXAMPLES.flatMap((ex) => f.push(ex, splitFor(ex.userKey, 0))), ...f.flush()];
      const text = lines.map((l) => JSON.stringify(l.record)).join('\n') + '\n';
      await expect(text).toMatchFileSnapshot(`./golden/${format}.jsonl`);
    });
  }

  it('has one spec per format of the domain\'s list, and no other', () => {
    expect(Object.keys(FORMAT_SPECS).sort()).toEqual(EXPORT_FORMAT_LIST.map((f) => f.id).sort());
    expect(FORMATS).toEqual(EXPORT_FORMAT_LIST.map((f) => f.id));
  });

  for (const format of FORMATS) {
    it(`${format}: every record it writes is detected as ${format}, by no other format, passes its checks and gives back the example's texts`, () => {
      const f = createFormatter(format, { minRating: 1 });
      const lines = [...FIXTURE_EXAMPLES.flatMap((ex) => f.push(ex, 'train')), ...f.flush()];
      expect(lines.length).toBeGreaterThan(0);
      for (const { record, metadata } of lines) {
        expect(FORMATS.filter((other) => FORMAT_SPECS[other].claims(record))).toEqual([format]);
        expect(detectFormat(record)).toBe(format);
        expect(recordCheck(format)(record)).toEqual([]);
        const id = (Array.isArray(metadata) ? metadata[0]! : metadata).example_id;
        const ex = FIXTURE_EXAMPLES.find((e) => e.id === id)!;
        expect(FORMAT_SPECS[format].texts(record)).toMatchObject({ input: ex.input });
      }
    });
  }

  it('SFT formats keep ratings ≥ min-rating and drop thumbs-down help', () => {
    const f = createFormatter('seed', { minRating: 4 });
    const ids = FIXTURE_EXAMPLES.filter((ex) => f.push(ex, 'train').length > 0).map((ex) => ex.id);
    expect(ids).toEqual(['feedback_ratings:1', 'help_requests:1', 'study_plan_actions:1', 'user_notes:1', 'community:1']);
    const lenient = createFormatter('seed', { minRating: 1 });
    expect(FIXTURE_EXAMPLES.filter((ex) => lenient.push(ex, 'train').length > 0)).toHaveLength(7);
  });

  it('DPO pairs comparable inputs within one split only', () => {
    const f = createFormatter('dpo', { minRating: 4 });
    const [good, bad] = FIXTURE_EXAMPLES;
    expect(f.push(good!, 'train')).toEqual([]);
    expect(f.push(bad!, 'validation')).toEqual([]);
    const pair = f.push({ ...bad!, id: 'feedback_ratings:9' }, 'train');
    expect(pair).toHaveLength(1);
    expect(pair[0]!.record).toMatchObject({ chosen: good!.output, rejected: bad!.output, chosen_rating: 5, rejected_rating: 1, chosen_model: 'satprep-offline-tutor-1' });
  });

  it('KTO labels come from ratings (≥4 true, ≤2 false, 3 dropped) and help thumbs', () => {
    const f = createFormatter('kto', { minRating: 4 });
    const labels = FIXTURE_EXAMPLES.flatMap((ex) => f.push(ex, 'train')).map((l) => [(l.metadata as { example_id: string }).example_id, l.record.label]);
    expect(labels).toEqual([['feedback_ratings:1', true], ['feedback_ratings:2', false], ['help_requests:1', true], ['help_requests:2', false], ['community:1', true]]);
  });

  it('DPO skips a pair whose two texts are identical, counts it, and pairs the next different text', () => {
    const f = createFormatter('dpo', { minRating: 4 });
    const [good, bad] = FIXTURE_EXAMPLES;
    expect(f.push(good!, 'train')).toEqual([]);
    expect(f.push({ ...bad!, id: 'feedback_ratings:8', output: good!.output }, 'train')).toEqual([]);
    expect(f.identicalPairs!()).toBe(1);
    const pair = f.push({ ...bad!, id: 'feedback_ratings:9' }, 'train');
    expect(pair).toHaveLength(1);
    expect(pair[0]!.record.chosen).not.toBe(pair[0]!.record.rejected);
    // A correction identical to the model's text is no pair either.
    expect(f.push({ ...good!, id: 'feedback_ratings:10', review: { status: 'corrected', originalOutput: good!.output } }, 'train')).toEqual([]);
    expect(f.identicalPairs!()).toBe(2);
  });

  it('KTO: the student\'s rating decides over a reviewer\'s approval; the review decides a neutral rating; both stay in the metadata', () => {
    const f = createFormatter('kto', { minRating: 4 });
    const [, bad, neutral] = FIXTURE_EXAMPLES;
    const approvedLow = f.push({ ...bad!, review: { status: 'approved', originalOutput: '' } }, 'train')[0]!;
    expect(approvedLow.record.label).toBe(false);
    expect(approvedLow.record.metadata).toMatchObject({ rating: 1, review_status: 'approved', label_source: 'rating' });
    const approvedNeutral = f.push({ ...neutral!, review: { status: 'approved', originalOutput: '' } }, 'train')[0]!;
    expect(approvedNeutral.record).toMatchObject({ label: true, metadata: { rating: 3, review_status: 'approved', label_source: 'review' } });
    const corrected = f.push({ ...bad!, review: { status: 'corrected', originalOutput: 'old text' } }, 'train')[0]!;
    expect(corrected.record).toMatchObject({ label: true, metadata: { rating: 1, review_status: 'corrected', label_source: 'correction' } });
  });
});
