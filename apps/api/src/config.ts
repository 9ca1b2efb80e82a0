import type { TutorConfig } from '@satprep/tutor';
import { CANDIDATE_KEY_ENV } from '@satprep/domain';
import { DatabaseEnv, ExportEnv, optionalString, parseEnv, replicaNeedsPrimary, StaffInviteEnv } from '@satprep/core/env';
import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './services/rate-limit.ts';
import type { ReviewPolicy } from './services/review.ts';
import { DEFAULT_STAFF_INVITE_RULES, type StaffInviteRules } from './services/staff.ts';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ...DatabaseEnv,
  WEB_DIST: optionalString,
  // Unset: demo accounts only in the embedded database (no DATABASE_URL), never on PostgreSQL.
  SEED_DEMO: optionalString.pipe(z.enum(['true', 'false'], 'SEED_DEMO must be true or false').optional()),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  TUTOR_BASE_URL: optionalString.pipe(z.string().url('TUTOR_BASE_URL must be an http(s) URL').optional()),
  TUTOR_MODEL: optionalString,
  TUTOR_API_KEY: optionalString,
  TUTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  TUTOR_PRICE_INPUT_PER_MTOK: optionalString.pipe(z.coerce.number<string | undefined>().min(0, 'TUTOR_PRICE_INPUT_PER_MTOK must be a price ≥ 0').optional()),
  TUTOR_PRICE_OUTPUT_PER_MTOK: optionalString.pipe(z.coerce.number<string | undefined>().min(0, 'TUTOR_PRICE_OUTPUT_PER_MTOK must be a price ≥ 0').optional()),
  ...ExportEnv,
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signInFailuresPerIp.limit),
  SIGNIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.signInFailuresPerPair.windowMs / 1000),
  SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signUpsPerIp.limit),
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.signUpsPerIp.windowMs / 1000),
  REVIEW_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  REVIEW_REQUIRED_REVIEWS: z.coerce.number().int().min(1).max(5).default(1),
  REVIEW_SWEEP_LAG_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  // Verdicts that need a second reviewer or an admin before they change exports ('' turns it off).
  REVIEW_CONFIRM_VERDICTS: z
    .string()
    .default('correct')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['approve', 'correct', 'reject']))),
  ...StaffInviteEnv,
  STAFF_INVITES_PER_ADMIN_PER_HOUR: z.coerce.number().int().min(1).default(DEFAULT_STAFF_INVITE_RULES.createPerAdmin.limit),
  INVITE_CODE_GUESSES_PER_IP: z.coerce.number().int().min(1).default(DEFAULT_STAFF_INVITE_RULES.guessesPerIp.limit),
  TUTOR_MAX_CALLS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.tutorCallsPerUser.limit),
  TUTOR_CALL_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.tutorCallsPerUser.windowMs / 1000),
  // ---- limits lane: writes, batches, sign-in delays, slow clients, export withdrawals ----
  SIGNIN_FREE_FAILURES_PER_PAIR: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signInFailuresPerPair.backoff!.free),
  SIGNIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.signInFailuresPerPair.backoff!.maxMs / 1000),
  WRITE_MAX_CALLS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.writesPerUser.limit),
  WRITE_CALL_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.writesPerUser.windowMs / 1000),
  INVITE_MAX_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.invitesPerUser.limit),
  INVITE_MAX_WRONG_CODES_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.inviteGuessesPerUser.limit),
  INVITE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.invitesPerUser.windowMs / 1000),
  TRPC_MAX_BATCH_CALLS: z.coerce.number().int().min(1).max(100).default(10),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(15_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1000),
  // false: withdrawals are applied to old exports only by the periodic job (tests check the waiting state).
  EXPORT_WITHDRAWALS_AUTORUN: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** A read replica the exporter reads examples from (run records still go to DATABASE_URL). */
  exportReadDatabaseUrl: string | undefined;
  dataDir: string;
  webDist: string | undefined;
  /** Create demo accounts (generated passwords) on an empty database: SEED_DEMO, or by default only without DATABASE_URL. */
  seedDemo: boolean;
  sessionTtlMs: number;
  tutor: TutorConfig;
  /** The key of a candidate model (experiments), read from the environment variable the candidate names. */
  candidateKey: (envName: string) => string | undefined;
  exportDir: string;
  pseudonymSecret: string | undefined;
  /** Mark the session cookie Secure (set when served over HTTPS). */
  cookieSecure: boolean;
  /** Take the client IP from the last X-Forwarded-For entry (set only behind one reverse proxy that writes it). */
  trustProxy: boolean;
  rateLimits: RateLimitConfig;
  /** Staff invites: lifetime, per-admin creation limit and per-IP code-guess limit. */
  staffInvites: StaffInviteRules;
  review: ReviewPolicy;
  /** Against one request hogging the server: calls per tRPC batch, and slow or too many connections. */
  http: { maxBatchCalls: number; headersTimeoutMs: number; requestTimeoutMs: number; maxConnections: number };
  /** Apply a consent withdrawal or deletion to old exports right after it (the server also runs the job every minute). */
  exportWithdrawalsAutorun: boolean;
}

/** Reads and validates the environment once; everything else receives an AppConfig. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseEnv(EnvSchema, env, [(e) => (e.TUTOR_BASE_URL && !e.TUTOR_MODEL ? 'TUTOR_MODEL is required when TUTOR_BASE_URL is set' : undefined), replicaNeedsPrimary]);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    exportReadDatabaseUrl: e.EXPORT_READ_DATABASE_URL,
    dataDir: e.DATA_DIR,
    webDist: e.WEB_DIST,
    seedDemo: e.SEED_DEMO === undefined ? !e.DATABASE_URL : e.SEED_DEMO === 'true',
    sessionTtlMs: e.SESSION_TTL_DAYS * 86_400_000,
    tutor: {
      baseUrl: e.TUTOR_BASE_URL,
      model: e.TUTOR_MODEL,
      apiKey: e.TUTOR_API_KEY,
      timeoutMs: e.TUTOR_TIMEOUT_MS,
      prices: { inputPerMTok: e.TUTOR_PRICE_INPUT_PER_MTOK, outputPerMTok: e.TUTOR_PRICE_OUTPUT_PER_MTOK },
    },
    candidateKey: (envName) => (CANDIDATE_KEY_ENV.test(envName) ? env[envName] : undefined),
    exportDir: e.EXPORT_DIR,
    pseudonymSecret: e.PSEUDONYM_SECRET,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    review: { sampleRate: e.REVIEW_SAMPLE_RATE, requiredReviews: e.REVIEW_REQUIRED_REVIEWS, sweepLagMs: e.REVIEW_SWEEP_LAG_SECONDS * 1000, confirmVerdicts: e.REVIEW_CONFIRM_VERDICTS },
    staffInvites: {
      ttlMs: e.STAFF_INVITE_TTL_DAYS * 86_400_000,
      createPerAdmin: { limit: e.STAFF_INVITES_PER_ADMIN_PER_HOUR, windowMs: 60 * 60_000 },
      guessesPerIp: { limit: e.INVITE_CODE_GUESSES_PER_IP, windowMs: DEFAULT_STAFF_INVITE_RULES.guessesPerIp.windowMs },
    },
    rateLimits: {
      signInFailuresPerPair: {
        limit: Number.MAX_SAFE_INTEGER,
        windowMs: e.SIGNIN_FAILURE_WINDOW_SECONDS * 1000,
        backoff: { free: e.SIGNIN_FREE_FAILURES_PER_PAIR, baseMs: 1000, maxMs: e.SIGNIN_MAX_DELAY_SECONDS * 1000 },
      },
      signInFailuresPerIp: { limit: e.SIGNIN_MAX_FAILURES_PER_IP, windowMs: e.SIGNIN_FAILURE_WINDOW_SECONDS * 1000 },
      signUpsPerIp: { limit: e.SIGNUP_MAX_PER_IP, windowMs: e.SIGNUP_WINDOW_SECONDS * 1000 },
      tutorCallsPerUser: { limit: e.TUTOR_MAX_CALLS_PER_USER, windowMs: e.TUTOR_CALL_WINDOW_SECONDS * 1000 },
      writesPerUser: { limit: e.WRITE_MAX_CALLS_PER_USER, windowMs: e.WRITE_CALL_WINDOW_SECONDS * 1000 },
      invitesPerUser: { limit: e.INVITE_MAX_PER_USER, windowMs: e.INVITE_WINDOW_SECONDS * 1000 },
      inviteGuessesPerUser: { limit: e.INVITE_MAX_WRONG_CODES_PER_USER, windowMs: e.INVITE_WINDOW_SECONDS * 1000 },
    },
    exportWithdrawalsAutorun: e.EXPORT_WITHDRAWALS_AUTORUN,
    http: { maxBatchCalls: e.TRPC_MAX_BATCH_CALLS, headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS, maxConnections: e.HTTP_MAX_CONNECTIONS },
  };
}
