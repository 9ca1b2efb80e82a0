import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@satprep/api/root';

export type RouterInputs = inferRouterInputs<AppRouter>;
/** Shapes as typed by the server. The API sends plain JSON (no transformer), so fields typed Date arrive as ISO strings: read them with `toDate()`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 10_000, retry: (n, err) => n < 2 && !(err instanceof TRPCClientError && err.data?.httpStatus < 500) },
      // Fail at once when offline instead of pausing: collection events then go to the outbox and other forms say why.
      mutations: { networkMode: 'always' },
    },
  });
}

export function makeTrpcClient() {
  const options = {
    url: '/trpc',
    // The server refuses batches of more than 10 calls (TRPC_MAX_BATCH_CALLS).
    maxItems: 10,
    // The session cookie is SameSite=Strict and httpOnly; this header lets the server reject cross-site form posts.
    headers: () => ({ 'x-satprep-client': 'web' }),
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, credentials: 'same-origin' }),
  };
  return createTRPCClient<AppRouter>({
    links: [
      // Procedures named *Stream send the tutor's answer as it is written (JSON lines); the rest are plain batches.
      splitLink({ condition: (op) => op.path.endsWith('Stream'), true: httpBatchStreamLink(options), false: httpBatchLink(options) }),
    ],
  });
}

/** A message a student can act on, from any error the API or the network produced. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (err.data?.httpStatus === undefined) return 'We could not reach the server. Check your connection and try again.';
    return err.message;
  }
  return err instanceof Error ? err.message : 'Something went wrong.';
}

/** HTTP status of a failed call, or undefined when the server was never reached. */
export function httpStatusOf(err: unknown): number | undefined {
  return err instanceof TRPCClientError ? (err.data?.httpStatus as number | undefined) : undefined;
}

/** Field errors the server found in the input (zod), keyed by field name. */
export function serverFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof TRPCClientError)) return {};
  const fields = (err.data?.zodError?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  return Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (v?.[0] ? [[k, v[0]]] : [])));
}

export const isUnauthorized = (err: unknown) => httpStatusOf(err) === 401;
