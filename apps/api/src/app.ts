import type { Em, Orm } from '@satprep/domain/db';
import type { Tutor } from '@satprep/domain';
import { openDatabase } from '@satprep/core/database';
import type { AppConfig } from './config.ts';
import { describeDemoAccounts, seedDemo } from './services/demo.ts';
import { createRateLimits, type RateLimits } from './services/rate-limit.ts';
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
