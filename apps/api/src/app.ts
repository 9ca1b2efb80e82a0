import { describeDb, migrate, openDb, type Orm } from '@satprep/domain/db';
import type { Tutor } from '@satprep/domain';
import path from 'node:path';
import type { AppConfig } from './config.ts';
import { describeDemoAccounts, seedDemo } from './services/demo.ts';
import { createRateLimits, type RateLimits } from './services/rate-limit.ts';
import { questionCount, seedQuestionBank, syncQuestionBank } from './services/seed.ts';
import { SessionCache } from './services/session-cache.ts';
import { QuestionCache } from './services/practice.ts';
import { createRatingWriter, type RatingWriter } from './services/collection.ts';
import { ExperimentRouter } from './services/experiments.ts';
import { createTutor, tutorStatus, type TutorStatus } from '@satprep/tutor';

export interface App {
  orm: Orm;
  tutor: Tutor;
  config: AppConfig;
  limits: RateLimits;
  /** Where exports read examples from: a replica when EXPORT_READ_DATABASE_URL is set, else `orm`. */
  readOrm: Orm;
  /** Recently resolved sessions; on PostgreSQL it listens for other instances' evictions. */
  sessions: SessionCache;
  /** Questions of the bank, cached for a minute. */
  questions: QuestionCache;
  /** Feedback ratings, written together (group commit). */
  ratings: RatingWriter;
  /** The tutor's health and usage for the admins (of the configured tutor, not a per-user budget wrapper). */
  tutorStatus: () => TutorStatus;
  /** Routes a share of students to a candidate model while an experiment runs. */
  experiments: ExperimentRouter;
  close: () => Promise<void>;
}

/** Opens and migrates the database, loads the question bank on first start, and builds the tutor. */
export async function createApp(
  config: AppConfig,
  opts: { log?: (msg: string) => void; tutor?: Tutor; seedDemo?: boolean; limits?: (orm: Orm) => RateLimits } = {},
): Promise<App> {
  const log = opts.log ?? (() => {});
  const dbConfig = { databaseUrl: config.databaseUrl, dataDir: config.databaseUrl || config.dataDir.startsWith('memory:') ? undefined : path.join(config.dataDir, 'pglite') };
  const orm = await openDb(dbConfig);
  const applied = await migrate(orm);
  log(`database: ${describeDb(dbConfig)}${applied.length ? `, applied ${applied.join(', ')}` : ', schema up to date'}`);
  const tutor = opts.tutor ?? createTutor(config.tutor, log);
  const em = orm.em.fork() as Parameters<typeof seedQuestionBank>[0];
  if ((await questionCount(em)) === 0) log(`question bank: loaded ${(await seedQuestionBank(em)).items} items`);
  else {
    // A database seeded by an older version: add the new items and update the changed ones (figures, corrections).
    const { added, updated } = await syncQuestionBank(em);
    if (added || updated) log(`question bank: added ${added} items, updated ${updated}`);
  }
  const questions = new QuestionCache();
  const ratings = createRatingWriter(orm);
  if (opts.seedDemo ?? config.seedDemo) {
    // Printed on every start (the passwords are generated, see services/demo.ts).
    const demo = await seedDemo(orm.em.fork() as typeof em, { tutor, questions, ratings }, config.dataDir);
    if (demo) log(describeDemoAccounts(demo, config.dataDir));
  }
  // The replica is only read (its schema comes from the primary through replication): no migrations.
  const readOrm = config.exportReadDatabaseUrl ? await openDb({ databaseUrl: config.exportReadDatabaseUrl }) : orm;
  if (readOrm !== orm) log(`exports read from: ${describeDb({ databaseUrl: config.exportReadDatabaseUrl })}`);
  const sessions = new SessionCache(orm, config.databaseUrl);
  const started = new Date();
  const experiments = new ExperimentRouter(() => orm.em.fork() as typeof em, tutor, { timeoutMs: config.tutor.timeoutMs, log, keyOf: config.candidateKey });
  return {
    orm, tutor, config, readOrm, sessions, questions, ratings, experiments, tutorStatus: () => tutorStatus(tutor, started), limits: opts.limits ? opts.limits(orm) : createRateLimits(config.rateLimits, Date.now, orm),
    close: async () => {
      await sessions.close();
      if (readOrm !== orm) await readOrm.close(true);
      await orm.close(true);
    },
  };
}
