import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { AppError } from '@satprep/domain';
import { pendingMigrations } from '@satprep/domain/db';
import { createApp, type App } from './app.ts';
import { loadConfig } from './config.ts';
import { appRouter } from './root.ts';
import { chooseEncoding, StaticFiles } from './static-files.ts';
import { createContext, SESSION_COOKIE, trpcOptions } from './trpc.ts';
import { createDirectTrpcHandler, refuseLargeBatch } from './trpc-http.ts';
import { pruneAuthSessions, userForToken } from './services/auth.ts';
import { appErrorFromDb, DB_RETRY_AFTER_SECONDS } from './services/db-errors.ts';
import { exportDownload } from './services/export.ts';
import { scheduleExportWithdrawals } from './services/export-withdrawals.ts';
import { pruneRateLimitHits } from './services/rate-limit.ts';
import type { Em } from '@satprep/domain/db';

const MAX_BODY_BYTES = 256 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2', '.txt': 'text/plain',
};

/** decodeURIComponent, or null for a malformed escape (say a lone `%E0`) instead of a throw. */
function decodeOrNull(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    // A malformed value is no session (the request goes on unauthenticated).
    if (k === name) return decodeOrNull(v.join('=')) ?? undefined;
  }
  return undefined;
}

/** The token of an `Authorization: Bearer …` header (scheme case-insensitive), else undefined. */
function bearerTokenOf(req: http.IncomingMessage): string | undefined {
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : undefined;
}

/** 200 only when the database answers and every migration is applied. */
async function health(app: App): Promise<{ ok: boolean; detail: string }> {
  try {
    await app.orm.em.fork().execute('select 1');
    const pending = await pendingMigrations(app.orm);
    return pending === 0 ? { ok: true, detail: 'ok' } : { ok: false, detail: `${pending} migrations pending` };
  } catch {
    return { ok: false, detail: 'database unreachable' };
  }
}

/** The peer address, or behind a trusted reverse proxy the address that proxy saw (the last X-Forwarded-For entry). */
function clientIpOf(req: http.IncomingMessage, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
  return last || req.socket.remoteAddress;
}

/** Retry-After (seconds) for a rate-limited call, so HTTP clients and proxies can back off without reading the body. */
function retryAfterHeader(errors: readonly { cause?: unknown }[]): Record<string, string> {
  const waits = errors.map((e) => (e.cause instanceof AppError ? e.cause.retryAfterSeconds : undefined)).filter((s): s is number => s !== undefined);
  return waits.length ? { 'retry-after': String(Math.max(...waits)) } : {};
}

/** `directTrpc: false` serves every tRPC call through tRPC's own adapter (tests compare the two). */
export function createRequestListener(app: App, opts: { directTrpc?: boolean } = {}): http.RequestListener {
  const secure = app.config.cookieSecure;
  // A Bearer header is the only credential looked at when present (an invalid one is no session,
  // never a fall back to the cookie); any other Authorization scheme is ignored.
  const tokenOf = (req: http.IncomingMessage) => bearerTokenOf(req) ?? readCookie(req.headers.cookie, SESSION_COOKIE);

  const createTrpcContext = (req: http.IncomingMessage, res: http.ServerResponse) =>
    createContext(app, {
      token: tokenOf(req),
      clientIp: clientIpOf(req, app.config.trustProxy),
      setSessionCookie: (token, maxAgeMs) => {
        const attrs = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
        res.appendHeader('Set-Cookie', token ? `${SESSION_COOKIE}=${token}; ${attrs}; Max-Age=${Math.floor((maxAgeMs ?? 0) / 1000)}` : `${SESSION_COOKIE}=; ${attrs}; Max-Age=0`);
      },
    });
  const logInternal = ({ error, path: p }: { error: TRPCError; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${p ?? '?'} failed:`, error.cause ?? error);
  };
  const trpcAdapter = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => createTrpcContext(req, res),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
    onError: logInternal,
  });
  // Plain query/mutation calls take the direct handler; tRPC's adapter answers everything else.
  const direct = createDirectTrpcHandler({
    router: appRouter,
    ...trpcOptions,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: createTrpcContext,
    headersFor: retryAfterHeader,
    onError: logInternal,
    fallback: trpcAdapter,
  });
  const trpc = opts.directTrpc === false ? (req: http.IncomingMessage, res: http.ServerResponse) => trpcAdapter(req, res) : direct;
  const webDist = app.config.webDist ?? path.resolve(fileURLToPath(import.meta.url), '../../../web/dist');
  const staticFiles = new StaticFiles();

  /** Admin-only download of a published export file. */
  const download = async (req: http.IncomingMessage, res: http.ServerResponse, runId: number, name: string) => {
    const em = app.orm.em.fork() as Em;
    const session = await userForToken(em, tokenOf(req), app.sessions);
    if (!session) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('Please sign in as an admin.');
    if (session.user.role !== 'admin') return void res.writeHead(403, { 'content-type': 'text/plain' }).end('Exports are for admins only.');
    const found = await exportDownload(em, runId, name);
    if ('status' in found) {
      return void res.writeHead(found.status, { 'content-type': 'text/plain', ...(found.status === 503 ? { 'retry-after': '5' } : {}) }).end(found.message);
    }
    const { file } = found;
    if (!existsSync(file)) return void res.writeHead(410, { 'content-type': 'text/plain' }).end('This export file was removed from the server.');
    res.writeHead(200, {
      'content-type': name.endsWith('.json') ? 'application/json' : name.endsWith('.md') ? 'text/markdown; charset=utf-8' : name.endsWith('.parquet') ? 'application/vnd.apache.parquet' : 'application/x-ndjson',
      'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
      'content-length': statSync(file).size,
    });
    createReadStream(file).pipe(res);
  };

  return (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    // Served over HTTPS (COOKIE_SECURE): browsers must not fall back to plain HTTP for a year.
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Malformed URL.');
    }
    if (url.pathname.startsWith('/trpc/')) {
      // Cookie-authenticated writes must come from our own client: a custom header cannot be sent
      // cross-site without a CORS preflight, which this server never grants.
      // Only a Bearer token (which a cross-site form cannot send) lifts the check: with any other
      // Authorization header the request would be authenticated by its cookie.
      const cookieAuth = bearerTokenOf(req) === undefined && readCookie(req.headers.cookie, SESSION_COOKIE);
      if (req.method === 'POST' && cookieAuth && req.headers['x-satprep-client'] !== 'web') {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Missing the x-satprep-client header (cross-site request refused).' } }));
        return;
      }
      if (refuseLargeBatch(res, url, '/trpc/', app.config.http.maxBatchCalls)) return;
      return trpc(req, res, url);
    }
    if (url.pathname === '/healthz') {
      void health(app).then((h) => {
        res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: h.ok ? 'ok' : 'unhealthy', detail: h.detail }));
      });
      return;
    }
    const exportMatch = /^\/exports\/(\d+)\/([^/]+)$/.exec(url.pathname);
    if (exportMatch && req.method === 'GET') {
      const exportName = decodeOrNull(exportMatch[2]!);
      if (exportName === null) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Malformed file name.');
      void download(req, res, Number(exportMatch[1]), exportName).catch((err: unknown) => {
        if (res.headersSent) return void res.destroy();
        if (appErrorFromDb(err)?.code === 'UNAVAILABLE') {
          return void res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': String(DB_RETRY_AFTER_SECONDS) }).end('The service is briefly unavailable. Please try again in a few seconds.');
        }
        console.error('export download failed:', err);
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Download failed.');
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    // Static web app, with index.html for client-side routes.
    const decoded = decodeOrNull(url.pathname);
    if (decoded === null) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Malformed URL.');
    const rel = path.normalize(decoded).replace(/^([/\\])+/, '');
    let file = path.join(webDist, rel);
    if (!file.startsWith(webDist) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(webDist, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('The web app is not built. Run `pnpm start` (it builds it) or `pnpm --filter @satprep/web build`.');
      return;
    }
    const ext = path.extname(file);
    // Compressed once per file (brotli or gzip, as the client accepts), then served from memory.
    void staticFiles.read(file, ext, chooseEncoding(req.headers['accept-encoding'])).then(
      ({ body, encoding }) => {
        res.writeHead(200, {
          'content-type': MIME[ext] ?? 'application/octet-stream',
          'cache-control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
          vary: 'Accept-Encoding',
          'content-length': body.length,
          ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        console.error('static file failed:', err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Could not read the file.');
      },
    );
  };
}

/**
 * The HTTP server with limits against slow or greedy clients: the headers and the whole request
 * must arrive within their timeouts (408 otherwise), and connections past the cap are refused.
 */
export function createHttpServer(app: App, opts: { directTrpc?: boolean } = {}): http.Server {
  const { headersTimeoutMs, requestTimeoutMs, maxConnections } = app.config.http;
  const server = http.createServer(
    // Node checks both timeouts on this interval (30 s by default, longer than the timeouts themselves).
    { headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, headersTimeoutMs) },
    createRequestListener(app, opts),
  );
  server.maxConnections = maxConnections;
  return server;
}

async function main() {
  const config = loadConfig();
  const app = await createApp(config, { log: (m) => console.log(m) });
  const server = createHttpServer(app);
  // Sessions long expired or revoked are refused anyway, and rate-limit uses older than any window
  // count for nothing: deleting them keeps auth_sessions and rate_limit_hits small.
  const prune = () =>
    Promise.all([pruneAuthSessions(app.orm.em.fork() as Em), pruneRateLimitHits(app.orm.em.fork() as Em)]).then(
      ([sessions, hits]) => {
        if (sessions) console.log(`auth sessions: removed ${sessions} expired or revoked`);
        if (hits) console.log(`rate limits: removed ${hits} uses older than a day`);
      },
      (err: unknown) => console.error(`pruning failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  void prune();
  setInterval(prune, 3_600_000).unref();
  // Withdrawals recorded before a restart (or while an export ran) are applied to old exports here too.
  const withdrawals = () => void scheduleExportWithdrawals(app.orm, config);
  withdrawals();
  setInterval(withdrawals, 60_000).unref();
  server.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    console.log(`SAT Prep is running at http://localhost:${port}`);
  });
  const stop = () => server.close(() => void app.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
