import type { Em } from '@satprep/domain/db';
import { copyRows } from './copy.ts';

/**
 * How rows leave the database, all in id order with constant memory:
 * - `copy` (PostgreSQL default): one `COPY ... TO STDOUT` stream, the fastest path;
 * - `pages` (PGlite, which cannot stream): keyset pages of `batchSize` rows by id.
 */
export type ReadMode = 'copy' | 'pages';

export interface ReadOptions {
  mode: ReadMode;
  batchSize: number;
}

/**
 * Reads `select ... where <conditions>` in id order, in batches (one async step per batch, not per
 * row). `idColumn` must be the unique, indexed id the rows are ordered by (e.g. "t.id"), and
 * selected as "id".
 */
export async function* readRows<T extends { id: number }>(em: Em, select: string, where: string[], params: unknown[], idColumn: string, opts: ReadOptions): AsyncGenerator<T[]> {
  if (opts.mode === 'copy') {
    yield* copyRows<T>(em, orderedQuery(select, where, idColumn), params);
    return;
  }
  let last = 0;
  for (;;) {
    const page: T[] = await em.execute(`${orderedQuery(select, [...where, `${idColumn} > ?`], idColumn)} limit ?`, [...params, last, opts.batchSize]);
    if (page.length) yield page;
    if (page.length < opts.batchSize) return;
    last = page[page.length - 1]!.id;
  }
}

/** `select ... where <conditions>`. */
export function filteredQuery(select: string, where: string[]): string {
  return `${select}${where.length ? ` where ${where.join(' and ')}` : ''}`;
}

/** `select ... where <conditions> order by <idColumn>`: the query every read mode runs. */
export function orderedQuery(select: string, where: string[], idColumn: string): string {
  return `${filteredQuery(select, where)} order by ${idColumn}`;
}
