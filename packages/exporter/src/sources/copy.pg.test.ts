import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, openDb, type Em, type Orm } from '@satprep/domain/db';
import { copyRows } from './copy.ts';

describe.skipIf(!process.env.DATABASE_URL)('copyRows on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let orm: Orm;
  let pool: Pool;
  beforeAll(async () => {
    db = await createScratchDatabase(process.env.DATABASE_URL!);
    orm = await openDb({ databaseUrl: db.url });
    const em = orm.em.fork() as Em;
    await em.execute(`create table t (id int primary key, name text, at timestamptz, data jsonb, ok boolean, n smallint)`);
    await em.execute(`insert into t select i, 'row ' || i, timestamptz '2026-03-04 05:06:07.891234+00' + i * interval '1 day', jsonb_build_object('i', i), i % 2 = 0, i from generate_series(1, 2500) i`);
    pool = await (em.getConnection() as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient();
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const readAll = async (sql: string, params: unknown[]) => {
    const rows: Record<string, unknown>[] = [];
    for await (const batch of copyRows<Record<string, unknown>>(orm.em.fork() as Em, sql, params)) rows.push(...batch);
    return rows;
  };
  const checkedOut = () => pool.totalCount - pool.idleCount;

  it('reads every row with its columns decoded, and gives the connection back', async () => {
    const rows = await readAll('select id, name, at, data, ok, n from t where id > ? order by id', [1000]);
    expect(rows).toHaveLength(1500);
    expect(rows[0]).toEqual({ id: 1001, name: 'row 1001', at: new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 891) + 1001 * 86_400_000).toISOString(), data: { i: 1001 }, ok: false, n: 1001 });
    expect(checkedOut()).toBe(0);
  });

  it('gives the connection back when the query cannot be built, fails or is abandoned', async () => {
    await expect(readAll('select id from t where id > ?', [{}])).rejects.toThrow(/Cannot inline a object parameter/);
    expect(checkedOut()).toBe(0);
    await expect(readAll('select id, missing from t', [])).rejects.toThrow(/missing/);
    expect(checkedOut()).toBe(0);
    await expect(readAll('select id, 1.5::numeric as price from t', [])).rejects.toThrow(/Cannot read column "price"/);
    expect(checkedOut()).toBe(0);
    for await (const batch of copyRows(orm.em.fork() as Em, 'select id from t order by id', [])) if (batch.length) break;
    expect(checkedOut()).toBe(0);
    expect(await readAll('select id from t where id <= ?', [3])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('fails with PostgreSQL\'s error when the query fails after rows were sent, and gives the connection back', async () => {
    await expect(readAll('select id, 1 / (id - 2400) as x from t order by id', [])).rejects.toThrow(/division by zero/);
    expect(checkedOut()).toBe(0);
    expect(await readAll('select id from t where id > ? order by id', [2498])).toEqual([{ id: 2499 }, { id: 2500 }]);
  });
});
