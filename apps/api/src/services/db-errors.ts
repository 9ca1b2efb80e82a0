import { AppError } from '@satprep/domain';

/** Seconds a client should wait before retrying while the database is away. */
export const DB_RETRY_AFTER_SECONDS = 5;

// SQLSTATE classes: 08 connection exception (but 08P01, a protocol violation, is a malformed parameter such as
// a NUL byte on PGlite), 57P0x operator intervention (shutdown, cannot connect now), 53300 too many connections.
const UNAVAILABLE_STATES = /^(08(?!P01)|57P0[1-4]|53300|53400)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|cannot use a pool after calling end|connection (is )?closed|PGlite is closed|database .* (does not allow|is not currently accepting) connections|the database system is (shutting down|starting up)/i;
// 22xxx data exceptions from input: a NUL byte (22021, or 22P05 for jsonb), an invalid encoding, a value out of range.
const BAD_INPUT_STATES = /^(22(021|P05|003|008|001)|08P01)$/;
const BAD_INPUT_MESSAGE = /invalid byte sequence|unsupported Unicode escape sequence|\\u0000 cannot be converted/i;

function* causes(err: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  for (let e = err; typeof e === 'object' && e !== null && !seen.has(e) && seen.size < 8; e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e as Record<string, unknown>;
  }
}

/**
 * Turns a database failure that is not a bug into the AppError a client can act on: the database
 * being unreachable (UNAVAILABLE, retry later) or input it cannot store such as a NUL byte
 * (BAD_REQUEST). Anything else: null (an internal error). The driver's text is never passed on.
 */
export function appErrorFromDb(err: unknown): AppError | null {
  for (const e of causes(err)) {
    if (e instanceof AppError) return null;
    const code = typeof e.code === 'string' ? e.code : typeof e.sqlState === 'string' ? e.sqlState : '';
    const message = typeof e.message === 'string' ? e.message : '';
    const name = typeof e.name === 'string' ? e.name : '';
    // A FATAL report ends the server session: the connection (or the attempt to open one) is gone.
    const fatal = e.severity === 'FATAL' || e.severity === 'PANIC';
    if (fatal || UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNO.has(code) || name === 'ConnectionException' || UNAVAILABLE_MESSAGE.test(message)) {
      return new AppError('UNAVAILABLE', 'The service is briefly unavailable. Please try again in a few seconds.', { retryAfterSeconds: DB_RETRY_AFTER_SECONDS, cause: err });
    }
    if (BAD_INPUT_STATES.test(code) || BAD_INPUT_MESSAGE.test(message)) {
      return new AppError('BAD_REQUEST', 'The input contains characters that cannot be stored or searched (such as a NUL byte). Remove them and try again.', { cause: err });
    }
  }
  return null;
}
