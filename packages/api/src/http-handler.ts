/**
 * The HTTP entry of the API (the console's /api/trpc route): request limits and the cross-site
 * check run here, before tRPC parses anything, so an oversized or forged request costs nothing.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getEnv } from './env.ts';
import { MAX_BATCH_SIZE, MAX_BODY_BYTES, MAX_URL_BYTES } from './limits.ts';
import { appRouter } from './root.ts';
import { type CreateContextOptions, createTRPCContext } from './trpc.ts';

export interface TrpcHttpOptions extends Omit<CreateContextOptions, 'headers'> {
  /** The origin browsers must send with mutations (VELO_BASE_URL's by default). */
  allowedOrigin?: string;
  endpoint?: string;
}

function refusal(status: number, code: string, message: string): Response {
  // The shape of a tRPC error, so the console's client shows the message like any other.
  const body = { error: { json: { message, code: -32600, data: { code, httpStatus: status } } } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Why a POST is refused as cross-site, or null. Non-browser clients send no Origin at all. */
export function crossSiteProblem(headers: Headers, allowedOrigin: string): string | null {
  const origin = headers.get('origin');
  if (origin !== null) {
    return origin === allowedOrigin
      ? null
      : `Requests from ${origin.slice(0, 100)} are not allowed`;
  }
  return headers.get('sec-fetch-site') === 'cross-site'
    ? 'Cross-site requests are not allowed'
    : null;
}

/** Reads at most `limit` bytes of the body; null when it is longer. */
async function readLimited(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function handleTrpcRequest(
  request: Request,
  options: TrpcHttpOptions = {},
): Promise<Response> {
  if (request.url.length > MAX_URL_BYTES) {
    return refusal(414, 'BAD_REQUEST', 'The request URL is too long; send fewer calls at once');
  }
  let forwarded = request;
  if (request.method === 'POST') {
    const allowedOrigin = options.allowedOrigin ?? new URL(getEnv().VELO_BASE_URL).origin;
    const problem = crossSiteProblem(request.headers, allowedOrigin);
    if (problem) return refusal(403, 'FORBIDDEN', problem);
    const body = await readLimited(request, MAX_BODY_BYTES);
    if (body === null) {
      return refusal(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB');
    }
    forwarded = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body,
    });
  }
  return fetchRequestHandler({
    endpoint: options.endpoint ?? '/api/trpc',
    req: forwarded,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => createTRPCContext({ ...options, headers: forwarded.headers }),
  });
}
