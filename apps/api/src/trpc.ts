/**
 * 1. Context: one EntityManager fork per request and the session's user (never from input).
 * 2. Initialisation: superjson-free JSON transformer, an error formatter that flattens zod
 *    errors into data.zodError and maps AppError codes, hiding internals outside development.
 * 3. Procedure builders: public, authed (user non-null), admin, staff (tutor or admin).
 */
import { initTRPC, TRPCError, type TRPCDefaultErrorShape, type TRPCErrorFormatter } from '@trpc/server';
import { AppError, type Tutor } from '@satprep/domain';
import type { Em, Orm } from '@satprep/domain/db';
import { ZodError, z } from 'zod';
import type { AppConfig } from './config.ts';
import { userForToken } from './services/auth.ts';
import { appErrorFromDb } from './services/db-errors.ts';
import { takeWrite, tutorWithBudget, type RateLimits } from './services/rate-limit.ts';
import type { ExperimentRouter } from './services/experiments.ts';
import type { SessionCache } from './services/session-cache.ts';
import type { QuestionCache } from './services/practice.ts';
import type { RatingWriter } from './services/collection.ts';
import { OfflineTutor, type TutorStatus } from '@satprep/tutor';

// ---- 1. Context ----------------------------------------------------------------------

export interface AppServices {
  orm: Orm;
  tutor: Tutor;
  config: AppConfig;
  limits: RateLimits;
  /** Exports read examples here (a replica, or `orm`). */
  readOrm: Orm;
  /** Recently resolved sessions (see SessionCache); `sessions.invalidate` is how a use case drops them. */
  sessions: SessionCache;
  /** Questions of the bank, cached (see QuestionCache). */
  questions: QuestionCache;
  /** Feedback ratings, written together (group commit; see collection.ts). */
  ratings: RatingWriter;
  /** The configured tutor's health and usage (see @satprep/tutor's tutorStatus). */
  tutorStatus: () => TutorStatus;
  /** Routes a share of students to a candidate model while an experiment runs (see services/experiments.ts). */
  experiments: ExperimentRouter;
}

export const SESSION_COOKIE = 'satprep_session';

export interface RequestMeta {
  /** Bearer token or session cookie value, if any. */
  token: string | undefined;
  /** Sets or clears the session cookie (no-op for server-side callers). */
  setSessionCookie: (token: string | null, maxAgeMs?: number) => void;
  /** The client's address over HTTP, for per-IP limits; undefined for server-side callers. */
  clientIp?: string | undefined;
}

// Writes session feedback once a user is past the tutor limit (the offline tutor costs nothing).
const overflowTutor = new OfflineTutor();

export async function createContext(services: AppServices, meta: RequestMeta) {
  const em = services.orm.em.fork() as Em;
  let session: Awaited<ReturnType<typeof userForToken>>;
  try {
    session = await userForToken(em, meta.token, services.sessions);
  } catch (err) {
    // The session lookup is the first query of every request: a database outage shows here first.
    const app = appErrorFromDb(err);
    if (app) throw new TRPCError({ code: APP_TO_TRPC[app.code], message: app.message, cause: app });
    throw err;
  }
  const user = session?.user ?? null;
  // Every tutor call a signed-in user causes counts against that user's budget.
  // A student's tutor is their experiment arm's (the configured tutor when no experiment runs).
  const base = user?.role === 'student' ? services.experiments.tutorFor(user.id) : services.tutor;
  const tutor = user ? tutorWithBudget(base, services.limits.tutorCalls, user.id, overflowTutor) : services.tutor;
  return {
    ...services, tutor, em, user, sessionId: session?.sessionId ?? null, clientIp: meta.clientIp, setSessionCookie: meta.setSessionCookie,
  };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

// ---- 2. Initialisation ---------------------------------------------------------------

const APP_TO_TRPC = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

/**
 * What tRPC is created with, exported because the direct HTTP handler (trpc-http.ts) shapes errors
 * with the same. `isDev` lets every error shape carry its stack; the formatter shows it only in
 * development.
 */
export const trpcOptions = {
  isDev: true,
  errorFormatter: ({ shape, error, ctx }: Parameters<TRPCErrorFormatter<Context | undefined, TRPCDefaultErrorShape>>[0]) => {
    const cause = error.cause;
    const zodError = cause instanceof ZodError ? z.flattenError(cause) : null;
    const isInternal = error.code === 'INTERNAL_SERVER_ERROR';
    const dev = ctx?.config.env === 'development';
    return {
      ...shape,
      message: isInternal && !dev ? 'Something went wrong on our side. Please try again.' : zodError ? firstZodMessage(cause as ZodError) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError,
        retryAfterSeconds: cause instanceof AppError ? (cause.retryAfterSeconds ?? null) : null,
        ...(dev && shape.data.stack ? { stack: shape.data.stack } : {}),
      },
    };
  },
};

const t = initTRPC.context<Context>().create(trpcOptions);

function firstZodMessage(err: ZodError): string {
  const issue = err.issues[0];
  if (!issue) return 'Invalid input';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * Turns domain AppErrors into TRPCErrors with the matching code, and database failures that are
 * not bugs (an outage, a NUL byte in a search) into 503 with Retry-After or 400 (see db-errors.ts).
 */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = mappedError(result.error);
  return mapped === result.error ? result : ({ ...result, error: mapped } as typeof result);
});

function mappedError(error: TRPCError): TRPCError {
  const app = error.cause instanceof AppError ? error.cause : error.code === 'INTERNAL_SERVER_ERROR' ? appErrorFromDb(error.cause ?? error) : null;
  return app ? new TRPCError({ code: APP_TO_TRPC[app.code], message: app.message, cause: app }) : error;
}

/** The error a procedure's stream ends with (a streamed result's errors arrive after the middleware has returned). */
export function trpcErrorOf(err: unknown): TRPCError {
  return mappedError(err instanceof TRPCError ? err : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: err }));
}

/** Every write a signed-in user sends counts against that user's write budget (reads are free). */
const writeLimit = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.user) takeWrite(ctx.limits.writes, ctx.user.id);
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---- 3. Procedures ---------------------------------------------------------------------

export const publicProcedure = t.procedure.use(errorMapping).use(writeLimit);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || ctx.sessionId === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue.' });
  // tRPC merges these keys into ctx itself; spreading ctx here too would copy it twice per request.
  return next({ ctx: { user: ctx.user, sessionId: ctx.sessionId } });
});

export const studentProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'student' && ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Practice features are for student accounts.' });
  return next();
});

export const staffProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'tutor' && ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'This is for tutors and admins only.' });
  return next();
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'This is for admins only.' });
  return next();
});
