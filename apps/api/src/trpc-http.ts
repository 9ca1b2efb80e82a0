/**
 * A direct tRPC-over-HTTP handler for plain query and mutation calls (single or batched, JSON).
 *
 * tRPC's Node adapter turns every request into a fetch `Request`, runs `resolveResponse`, and pipes
 * a fetch `Response` back through web streams. Each call allocates an undici Request (with a
 * FinalizationRegistry entry) and two `AbortSignal.any` composites (tracked through WeakRefs,
 * which survive minor GCs): under load that is a third of the API's CPU and most of its old
 * generation, whose full collections set the tail latency (docs/scaling.md). This handler reads
 * the body into a string and calls the procedure through tRPC's public calling and error-shaping
 * functions, so the wire format, status codes, error formatter and `onError` are tRPC's own.
 *
 * Anything else (subscriptions, streaming `trpc-accept`, form data, HEAD, a wrong method, an
 * unknown path) is handed to `fallback`, tRPC's own adapter, which produces the usual answers.
 * apps/api/test/trpc-http.test.ts sends the same requests through both and compares them.
 */
import type http from 'node:http';
import {
  callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError, type AnyTRPCRootTypes, type AnyTRPCRouter, type TRPCErrorFormatter, type TRPCErrorShape, type TRPCRootConfig,
} from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';

type CallType = 'query' | 'mutation';

export interface DirectTrpcOptions<TContext> {
  router: AnyTRPCRouter;
  /** The router's error formatter and `isDev`, as given to `initTRPC.create` (see trpc.ts). */
  errorFormatter: TRPCErrorFormatter<TContext, TRPCErrorShape>;
  isDev: boolean;
  /** URL prefix before the procedure path, e.g. `/trpc/`. */
  basePath: string;
  maxBodySize: number;
  createContext: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<TContext>;
  /** Extra response headers for a response carrying these errors. */
  headersFor: (errors: TRPCError[]) => Record<string, string>;
  onError: (opts: { error: TRPCError; path: string; type: CallType; ctx: TContext | undefined; input: unknown; req: http.IncomingMessage }) => void;
  /** tRPC's own adapter, for every request this handler does not take. */
  fallback: http.RequestListener;
}

const METHOD_FOR: Record<string, string> = { query: 'GET', mutation: 'POST' };

/** A call this handler serves: its procedure paths (several when batched), all of one type. */
interface DirectCall {
  paths: string[];
  type: CallType;
  batch: boolean;
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/** A streaming (JSON lines) response asked for, as tRPC reads it: `trpc-accept`, or `application/jsonl` in `accept`. */
function wantsStream(req: http.IncomingMessage): boolean {
  return req.headers['trpc-accept'] !== undefined || Boolean(req.headers.accept?.split(',').some((t) => t.trim() === 'application/jsonl'));
}

/** The procedure paths of the call, when it is a plain query/mutation this handler serves; else null. */
function directCall(procedures: Map<string, string>, req: http.IncomingMessage, pathname: string, search: URLSearchParams): DirectCall | null {
  const batch = search.get('batch') === '1';
  for (const key of search.keys()) if (key !== 'input' && key !== 'batch') return null;
  if (wantsStream(req)) return null;
  // JSON bodies only; a GET may also come without a content type (tRPC reads its input from the URL either way).
  const contentType = req.headers['content-type'];
  if (req.method === 'POST' ? !isJsonContentType(contentType) : contentType !== undefined && !isJsonContentType(contentType)) return null;
  let paths: string[];
  try {
    paths = batch ? decodeURIComponent(pathname).split(',') : [decodeURIComponent(pathname)];
  } catch {
    return null;
  }
  let type: CallType | undefined;
  for (const p of paths) {
    const procType = procedures.get(p);
    if ((procType !== 'query' && procType !== 'mutation') || METHOD_FOR[procType] !== req.method || (type && type !== procType)) return null;
    type = procType;
  }
  return type ? { paths, type, batch } : null;
}

/** The request body as text; `tooLarge` once it passes the limit (reading stops there, as in tRPC's adapter). */
function readBody(req: http.IncomingMessage, limit: number): Promise<{ text: string; tooLarge: boolean }> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve({ text: '', tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (tooLarge: boolean) => {
      req.off('data', onData).off('end', onEnd).off('error', reject).off('aborted', onAborted);
      // Like fetch's body.json(): UTF-8 with a leading byte-order mark dropped.
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks, size).toString('utf8').replace(/^\uFEFF/, ''), tooLarge });
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return done(true);
      chunks.push(chunk);
    };
    const onEnd = () => done(false);
    const onAborted = () => reject(new Error('client aborted the request'));
    req.on('data', onData).on('end', onEnd).on('error', reject).on('aborted', onAborted);
  });
}

/**
 * The inputs by batch index, awaited and parsed on first use like tRPC's JSON handler: a procedure
 * that fails before reading its input (say UNAUTHORIZED) answers at once, without waiting for the
 * body, and reports that rather than a malformed body.
 */
function lazyInputs(body: Promise<{ text: string | null; tooLarge: boolean }>, calls: number, batch: boolean) {
  // null: no input at all (a GET without `input`); a POST body is always parsed, so an empty one is a JSON error.
  let parsing: Promise<Record<number, unknown>> | undefined;
  let parsed: Record<number, unknown> | undefined;
  const parse = ({ text: raw, tooLarge }: { text: string | null; tooLarge: boolean }): Record<number, unknown> => {
    if (tooLarge) throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE' });
    const inputs: unknown = raw === null ? undefined : JSON.parse(raw);
    if (inputs === undefined) return {};
    if (!batch) return { 0: inputs };
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: '"input" needs to be an object when doing a batch call' });
    }
    const byIndex: Record<number, unknown> = {};
    for (let i = 0; i < calls; i++) {
      const v = (inputs as Record<string, unknown>)[i];
      if (v !== undefined) byIndex[i] = v;
    }
    return byIndex;
  };
  const read = () =>
    (parsing ??= body.then(parse).then(
      (value) => (parsed = value),
      (cause: unknown) => {
        throw cause instanceof TRPCError ? cause : new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
      },
    ));
  return {
    get: async (index: number) => (await read())[index],
    /** The input if it was parsed (for error reports), else undefined. */
    result: (index: number) => parsed?.[index],
  };
}

function isDataStream(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const isStreamy = (x: unknown) => x instanceof Promise || (typeof x === 'object' && x !== null && Symbol.asyncIterator in x);
  return isStreamy(v) || Object.values(v).some(isStreamy);
}

/**
 * Refuses a batch of more than `maxCalls` calls before anything runs (tRPC's adapter and this
 * handler would run them all at once): 400, one error per call so a batch client can show it.
 * Returns true when it answered.
 */
export function refuseLargeBatch(res: http.ServerResponse, url: URL, basePath: string, maxCalls: number): boolean {
  if (url.searchParams.get('batch') !== '1') return false;
  const paths = url.pathname.slice(basePath.length).split(',');
  if (paths.length <= maxCalls) return false;
  const message = `A request may carry at most ${maxCalls} calls; this one has ${paths.length}. Send them in smaller batches.`;
  const error = (path: string) => ({ error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, path: path.slice(0, 100) } } });
  res.writeHead(400, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify(paths.map(error)));
  return true;
}

/**
 * The router's queries and mutations by path, from its record: a router is its procedures and
 * sub-routers by name (`appRouter.me.get`) besides `_def` and `createCaller`. Lazy routers are not
 * listed (their calls go to tRPC's adapter).
 */
export function procedureTypes(router: AnyTRPCRouter): Map<string, string> {
  const types = new Map<string, string>();
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const def = (value as { _def?: { procedure?: boolean; type?: string } } | null)?._def;
      if (typeof value === 'function' && def?.procedure === true && typeof def.type === 'string') types.set(prefix + key, def.type);
      else if (typeof value === 'object' && value !== null) walk(value, `${prefix}${key}.`);
    }
  };
  const { _def: _router, createCaller: _caller, ...record } = router;
  walk(record, '');
  return types;
}

/** Plain JSON: what tRPC uses for a router created without a transformer. */
const asIs = { serialize: (v: unknown) => v, deserialize: (v: unknown) => v };

export function createDirectTrpcHandler<TContext>(opts: DirectTrpcOptions<TContext>) {
  const { router } = opts;
  const procedures = procedureTypes(router);
  // The config tRPC's error shaping reads (the formatter and isDev), built from the app's own options.
  const config: TRPCRootConfig<AnyTRPCRootTypes> = {
    $types: undefined as never, transformer: { input: asIs, output: asIs }, errorFormatter: opts.errorFormatter as TRPCRootConfig<AnyTRPCRootTypes>['errorFormatter'],
    isDev: opts.isDev, isServer: true, allowOutsideOfServer: false,
  };

  return (req: http.IncomingMessage, res: http.ServerResponse, url: URL): void => {
    const call = directCall(procedures, req, url.pathname.slice(opts.basePath.length), url.searchParams);
    if (!call) return void opts.fallback(req, res);
    void serve(req, res, url, call).catch((cause: unknown) => fail(req, res, call, cause));
  };

  /** Something failed outside any procedure (say a result JSON cannot encode): a 500, as tRPC's adapter answers. */
  function fail(req: http.IncomingMessage, res: http.ServerResponse, call: DirectCall, cause: unknown) {
    const error = getTRPCErrorFromUnknown(cause);
    try {
      opts.onError({ error, path: call.paths.join(','), type: call.type, ctx: undefined, input: undefined, req });
      if (res.headersSent) return void res.destroy();
      const shape = getTRPCErrorShape({ config, ctx: undefined, error, input: undefined, path: undefined, type: 'unknown' });
      res.writeHead(shape.data.httpStatus ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: shape }));
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"Internal server error"}}');
      else res.destroy();
    }
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL, call: DirectCall) {
    // The body keeps arriving while the context is built and the procedure runs; only a procedure
    // that needs its input waits for it (a client that goes away fails that wait, nothing else).
    const body = req.method === 'POST' ? readBody(req, opts.maxBodySize) : Promise.resolve({ text: url.searchParams.get('input') || null, tooLarge: false });
    body.catch(() => {});
    const inputs = lazyInputs(body, call.paths.length, call.batch);
    let ctx: TContext | undefined;
    let ctxError: unknown;
    try {
      ctx = await opts.createContext(req, res);
    } catch (cause) {
      ctxError = cause;
    }
    const outcomes = await Promise.all(call.paths.map(async (path, index) => {
      try {
        if (ctxError !== undefined) throw ctxError;
        const data: unknown = await callTRPCProcedure({ router, path, getRawInput: () => inputs.get(index), ctx, type: call.type, signal: undefined, batchIndex: index });
        if (isDataStream(data)) throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink' });
        return { json: { result: { data } } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        const input = inputs.result(index);
        opts.onError({ error, path, type: call.type, ctx, input, req });
        return { json: { error: getTRPCErrorShape({ config, ctx, error, input, path, type: call.type }) }, error };
      }
    }));
    const errors = outcomes.flatMap((o) => ('error' in o && o.error ? [o.error] : []));
    const json = outcomes.map((o) => o.json);
    const payload = call.batch ? json : json[0]!;
    res.statusCode = getHTTPStatusCode(payload as Parameters<typeof getHTTPStatusCode>[0]);
    res.setHeader('vary', 'trpc-accept, accept');
    res.setHeader('content-type', 'application/json');
    for (const [k, v] of Object.entries(opts.headersFor(errors))) res.setHeader(k, v);
    res.end(JSON.stringify(payload));
  }
}
