import type { Em, Orm } from '@satprep/domain/db';
import type { Tutor } from '@satprep/domain';
import { openDatabase } from '@satprep/core/database';
import type { AppConfig } from './config.ts';
import type { AppServices } from './trpc.ts';
import { describeDemoAccounts, seedDemo } from './services/demo.ts';
import { createRateLimits, type RateLimits } from './services/rate-limit.ts';
import { SessionCache } from './services/session-cache.ts';
import { QuestionCache } from './services/practice.ts';
import { createRatingWriter } from './services/collection.ts';
import { ExperimentRouter } from './services/experiments.ts';
import { createTutor, tutorStatus } from '@satprep/tutor';

/** The services a request's context carries (see AppServices), and how to stop them. */
export interface App extends AppServices {
  close: () => Promise<void>;
}

/** Opens the database (migrated, question bank current), builds the tutor, and the services a server keeps running. */
export async function createApp(
  config: AppConfig,
  opts: { log?: (msg: string) => void; tutor?: Tutor; seedDemo?: boolean; limits?: (orm: Orm) => RateLimits } = {},
): Promise<App> {
  const log = opts.log ?? (() => {});
  const db = await openDatabase(config, log);
  const { orm, readOrm } = db;
  const tutor = opts.tutor ?? createTutor(config.tutor, log);
  const questions = new QuestionCache();
  const ratings = createRatingWriter(orm);
  if (opts.seedDemo ?? config.seedDemo) {
    // Printed on every start (the passwords are generated, see services/demo.ts).
    const demo = await seedDemo(orm.em.fork() as Em, { tutor, questions, ratings }, config.dataDir);
    if (demo) log(describeDemoAccounts(demo, config.dataDir));
  }
  const sessions = new SessionCache(orm, config.databaseUrl);
  const started = new Date();
  const experiments = new ExperimentRouter(() => orm.em.fork() as Em, tutor, { timeoutMs: config.tutor.timeoutMs, log, keyOf: config.candidateKey });
  return {
    orm, tutor, config, readOrm, sessions, questions, ratings, experiments, tutorStatus: () => tutorStatus(tutor, started), limits: opts.limits ? opts.limits(orm) : createRateLimits(config.rateLimits, Date.now, orm),
    close: async () => {
      await sessions.close();
      await db.close();
    },
  };
}
