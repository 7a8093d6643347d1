import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `GET /metrics` (Prometheus text format), `GET /healthz` (live) and `GET /readyz`. */
export async function startMetricsServer(
  registry: Registry,
  options: {
    port: number;
    host: string;
    /** `/readyz`: null when ready, else why not (503). Always ready when absent. */
    notReadyReason?: () => Promise<string | null>;
  },
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (url.pathname === '/metrics') {
      registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (error: unknown) =>
          response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
      return;
    }
    if (url.pathname === '/readyz') {
      (options.notReadyReason?.() ?? Promise.resolve(null)).then(
        (reason) =>
          reason === null
            ? response.writeHead(200, { 'content-type': 'text/plain' }).end('ready\n')
            : response
                .writeHead(503, { 'content-type': 'text/plain' })
                .end(`not ready: ${reason}\n`),
        (error: unknown) =>
          response
            .writeHead(503, { 'content-type': 'text/plain' })
            .end(`not ready: ${String(error)}\n`),
      );
      return;
    }
    if (url.pathname === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
