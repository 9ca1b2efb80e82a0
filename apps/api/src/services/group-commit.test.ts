import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

interface Item {
  id: string;
  key: string;
}

/** A group commit whose batches finish only when the test says so. */
function harness(maxBatch = 100) {
  const batches: string[][] = [];
  const finish: ((fail?: Error) => void)[] = [];
  const gc = new GroupCommit<Item, string>({
    maxBatch,
    keys: (i) => [i.key],
    run: (items) => {
      batches.push(items.map((i) => i.id));
      return new Promise((resolve, reject) => {
        finish.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => (i.id.startsWith('bad') ? new Error(`no ${i.id}`) : `ok ${i.id}`)))));
      });
    },
  });
  const submit = (id: string, key = id) => gc.submit({ id, key }).then((r) => r, (e: Error) => `error: ${e.message}`);
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { gc, batches, finish, submit, tick };
}

describe('group commit', () => {
  it('writes a lone item at once and batches the items that arrive while a batch is in flight', async () => {
    const h = harness();
    const first = h.submit('a');
    expect(h.batches).toEqual([['a']]);
    const rest = [h.submit('b'), h.submit('c'), h.submit('d')];
    await h.tick();
    expect(h.batches).toEqual([['a']]);
    h.finish[0]!();
    expect(await first).toBe('ok a');
    await h.tick();
    expect(h.batches).toEqual([['a'], ['b', 'c', 'd']]);
    h.finish[1]!();
    expect(await Promise.all(rest)).toEqual(['ok b', 'ok c', 'ok d']);
    expect(h.gc.stats).toEqual({ batches: 2, items: 4 });
  });

  it('keeps items that share a key in separate batches, in arrival order, and respects the batch size', async () => {
    const h = harness(3);
    const all = [h.submit('x'), h.submit('a1', 'k1'), h.submit('a2', 'k1'), h.submit('c', 'k2'), h.submit('a3', 'k1'), h.submit('e'), h.submit('f')];
    for (let i = 0; i < 4; i++) {
      h.finish[i]!();
      await h.tick();
    }
    expect(h.batches).toEqual([['x'], ['a1', 'c', 'e'], ['a2', 'f'], ['a3']]);
    expect(await Promise.all(all)).toEqual(['ok x', 'ok a1', 'ok a2', 'ok c', 'ok a3', 'ok e', 'ok f']);
  });

  it('gives each caller its own result or error, rejects every caller of a failed batch, and goes on', async () => {
    const h = harness();
    const first = h.submit('a');
    const second = [h.submit('b'), h.submit('bad-c')];
    h.finish[0]!(new Error('database went away'));
    expect(await first).toBe('error: database went away');
    await h.tick();
    h.finish[1]!();
    expect(await Promise.all(second)).toEqual(['ok b', 'error: no bad-c']);
    const later = h.submit('d');
    expect(h.batches.at(-1)).toEqual(['d']);
    h.finish[2]!();
    expect(await later).toBe('ok d');
  });
});
