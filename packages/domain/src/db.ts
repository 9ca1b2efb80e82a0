import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
import pg from 'pg';
import { ENTITIES } from './entities/index.ts';
import { MIGRATIONS } from './migrations/index.ts';

export type Orm = MikroORM<AbstractSqlDriver, SqlEntityManager>;
export type Em = SqlEntityManager;

export interface DbConfig {
  /** PostgreSQL URL. When absent, the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded PGlite cluster; `memory://` (or absent) keeps it in memory. */
  dataDir?: string | undefined;
  debug?: boolean;
}

export function describeDb(config: DbConfig): string {
  if (config.databaseUrl) return `PostgreSQL ${new URL(config.databaseUrl).pathname.slice(1) || '(default db)'}`;
  return config.dataDir && !config.dataDir.startsWith('memory:') ? `PGlite at ${config.dataDir}` : 'PGlite in memory';
}

/** Databases opened on the embedded PGlite (see openDb). */
const pgliteOrms = new WeakSet<Orm>();

export function isPglite(orm: Orm): boolean {
  return pgliteOrms.has(orm);
}

/** Opens the database; call `migrate` before serving requests. */
export async function openDb(config: DbConfig): Promise<Orm> {
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    debug: config.debug ?? false,
    allowGlobalContext: false,
    pool: { min: 0, max: 10 },
    ensureDatabase: false,
  };
  if (config.databaseUrl) {
    return (await MikroORM.init({ ...common, driver: PostgreSqlDriver, clientUrl: config.databaseUrl })) as unknown as Orm;
  }
  const dataDir = config.dataDir && !config.dataDir.startsWith('memory:') ? path.resolve(config.dataDir) : undefined;
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  // Loaded only when used: PGlite's WebAssembly build costs a PostgreSQL-backed process ~30 MB.
  const { PgliteDriver } = await import('@mikro-orm/pglite');
  const orm = (await MikroORM.init({ ...common, driver: PgliteDriver, dbName: dataDir ?? 'memory://' })) as unknown as Orm;
  pgliteOrms.add(orm);
  return orm;
}

/** Applies committed migrations; never auto-syncs the schema. Returns the names applied now. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

export async function pendingMigrations(orm: Orm): Promise<number> {
  return (await orm.migrator.getPending()).length;
}

/** Creates a fresh, uniquely named PostgreSQL database next to `baseUrl` (for tests and benchmarks). */
export async function createScratchDatabase(baseUrl: string, prefix = 'satprep_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
