import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, createTRPCContext } from '@velo/api';
import { env } from '~/env';
import { clientIpFromHeaders } from '~/lib/client-ip';

export const dynamic = 'force-dynamic';

const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req: request,
    createContext: () =>
      createTRPCContext({
        headers: request.headers,
        ip: clientIpFromHeaders(request.headers, env.VELO_TRUST_PROXY),
      }),
  });

export { handler as GET, handler as POST };
