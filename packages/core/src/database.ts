import path from 'node:path';
import { describeDb, migrate, openDb, type Em, type Orm } from '@satprep/domain/db';
import { questionCount, seedQuestionBank, syncQuestionBank } from './question-bank.ts';

export interface DatabaseConfig {
  databaseUrl: string | undefined;
  /** A read replica the exporter reads examples from (run records still go to `databaseUrl`). */
  exportReadDatabaseUrl: string | undefined;
  /** PGlite keeps its files in `<dataDir>/pglite` when there is no `databaseUrl`; `memory://` keeps nothing. */
  dataDir: string;
}

export interface Database {
  orm: Orm;
  /** Where exports read examples from: the replica when `exportReadDatabaseUrl` is set, else `orm`. */
  readOrm: Orm;
  close: () => Promise<void>;
}

/**
 * Opens and migrates the database and brings the question bank up to date: what every use of the
 * data needs first, from the server or from `satprep`.
 */
export async function openDatabase(config: DatabaseConfig, log: (msg: string) => void = () => {}): Promise<Database> {
  const dbConfig = { databaseUrl: config.databaseUrl, dataDir: config.databaseUrl || config.dataDir.startsWith('memory:') ? undefined : path.join(config.dataDir, 'pglite') };
  const orm = await openDb(dbConfig);
  const applied = await migrate(orm);
  log(`database: ${describeDb(dbConfig)}${applied.length ? `, applied ${applied.join(', ')}` : ', schema up to date'}`);
  const em = orm.em.fork() as Em;
  if ((await questionCount(em)) === 0) log(`question bank: loaded ${(await seedQuestionBank(em)).items} items`);
  else {
    // A database seeded by an older version: add the new items and update the changed ones (figures, corrections).
    const { added, updated } = await syncQuestionBank(em);
    if (added || updated) log(`question bank: added ${added} items, updated ${updated}`);
  }
  // The replica is only read (its schema comes from the primary through replication): no migrations.
  const readOrm = config.exportReadDatabaseUrl ? await openDb({ databaseUrl: config.exportReadDatabaseUrl }) : orm;
  if (readOrm !== orm) log(`exports read from: ${describeDb({ databaseUrl: config.exportReadDatabaseUrl })}`);
  return {
    orm,
    readOrm,
    close: async () => {
      if (readOrm !== orm) await readOrm.close(true);
      await orm.close(true);
    },
  };
}
