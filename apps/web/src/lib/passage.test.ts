import { describe, expect, it } from 'vitest';
import { passageBlocks } from './passage.ts';

describe('passageBlocks', () => {
  it('reads a captioned table between paragraphs', () => {
    const blocks = passageBlocks('Officials surveyed 200 commuters.\nMain way of getting to work (number of commuters)\nMode | 2018 | 2024\nCar | 124 | 96\nBus | 40 | 52\nAn official argues that ______');
    expect(blocks).toEqual([
      { kind: 'text', text: 'Officials surveyed 200 commuters.' },
      { kind: 'table', caption: 'Main way of getting to work (number of commuters)', header: ['Mode', '2018', '2024'], rows: [['Car', '124', '96'], ['Bus', '40', '52']] },
      { kind: 'text', text: 'An official argues that ______' },
    ]);
  });

  it('leaves text alone: a single line with a bar, and a sentence above a table, are not tables or captions', () => {
    expect(passageBlocks('Use a | b here.\nNext line.')).toEqual([{ kind: 'text', text: 'Use a | b here.\nNext line.' }]);
    expect(passageBlocks('The table shows sales.\nA | B\n1 | 2')[0]).toEqual({ kind: 'text', text: 'The table shows sales.' });
  });
});
