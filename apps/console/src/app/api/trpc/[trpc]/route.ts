import { handleTrpcRequest } from '@velo/api';
import { clientIpFromHeaders } from '~/lib/client-ip';

export const dynamic = 'force-dynamic';

// Body size, batch size, URL length and the Origin check of mutations live in @velo/api's
// handleTrpcRequest, so the route and the API's tests exercise the same limits.
const handler = (request: Request) =>
  handleTrpcRequest(request, {
    ip: clientIpFromHeaders(request.headers) ?? null,
  });

export { handler as GET, handler as POST };
