import { getAuth } from '@velo/api';
import { toNextJsHandler } from 'better-auth/next-js';

export const dynamic = 'force-dynamic';

// Built on first request, not at import, so `next build` needs no database or secrets.
let handlers: ReturnType<typeof toNextJsHandler> | undefined;
function authHandlers() {
  handlers ??= toNextJsHandler(getAuth());
  return handlers;
}

export const GET = (request: Request) => authHandlers().GET(request);
export const POST = (request: Request) => authHandlers().POST(request);
