import type { Em } from '@satprep/domain/db';

export interface ReadOptions {
  /** True on PostgreSQL: one server-side cursor. False on PGlite (no streaming): keyset pages by id. */
  streaming: boolean;
  batchSize: number;
}

/**
 * Reads `select ... where <conditions>` in id order with constant memory. `idColumn` must be
 * the unique, indexed id the rows are ordered by (e.g. "t.id"), and selected as "id".
 */
export async function* readRows<T extends { id: number }>(em: Em, select: string, where: string[], params: unknown[], idColumn: string, opts: ReadOptions): AsyncGenerator<T> {
  const cond = (extra: string[]) => {
    const all = [...where, ...extra];
    return all.length ? ` where ${all.join(' and ')}` : '';
  };
  if (opts.streaming) {
    const sql = `${select}${cond([])} order by ${idColumn}`;
    yield* em.getConnection().stream<T>(sql, params, undefined, undefined, opts.batchSize);
    return;
  }
  let last = 0;
  for (;;) {
    const page: T[] = await em.execute(`${select}${cond([`${idColumn} > ?`])} order by ${idColumn} limit ?`, [...params, last, opts.batchSize]);
    yield* page;
    if (page.length < opts.batchSize) return;
    last = page[page.length - 1]!.id;
  }
}
