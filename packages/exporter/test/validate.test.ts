import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDataset } from '../src/validate.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'satprep-validate-'));
const file = (name: string, lines: string[]) => {
  const p = path.join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};

describe('validate-dataset', () => {
  it('accepts a good chat file and estimates tokens', async () => {
    const ok = file('ok.jsonl', [JSON.stringify({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'assistant', content: 'a' }] })]);
    const r = await validateDataset(ok);
    expect(r).toMatchObject({ ok: true, format: 'openai-chat', lines: 1 });
    expect(r.estimatedTokens).toBeGreaterThan(0);
  });

  it('rejects broken JSON, missing keys, empty content, bad roles and a missing assistant turn', async () => {
    const bad = file('bad.jsonl', [
      JSON.stringify({ messages: [{ role: 'user', content: 'u' }, { role: 'assistant', content: 'a' }] }),
      '{"messages": [',
      JSON.stringify({ messages: [{ role: 'user', content: '' }, { role: 'assistant', content: 'a' }] }),
      JSON.stringify({ messages: [{ role: 'robot', content: 'x' }, { role: 'user', content: 'u' }] }),
      '[1,2]',
      '',
    ]);
    const r = await validateDataset(bad);
    expect(r.ok).toBe(false);
    expect(r.errorCounts).toMatchObject({ invalid_json: 1, missing_content: 1, unrecognized_role: 1, example_missing_assistant_message: 1, not_an_object: 1, empty_line: 1 });
    expect(r.errors[0]).toEqual({ line: 2, message: 'invalid_json' });
  });

  it('checks the seed, DPO and KTO shapes', async () => {
    expect((await validateDataset(file('s.jsonl', ['{"input":"a","output":""}']))).errorCounts).toEqual({ missing_or_empty_output: 1 });
    expect((await validateDataset(file('d.jsonl', ['{"prompt":"p","chosen":"x","rejected":"x"}']))).errorCounts).toEqual({ chosen_equals_rejected: 1 });
    expect((await validateDataset(file('k.jsonl', ['{"prompt":"p","completion":"c","label":"yes"}']))).errorCounts).toEqual({ label_not_boolean: 1 });
  });
});
