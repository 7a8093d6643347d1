/**
 * `npm run bench:api` (issue 11): 50 concurrent signed-in clients call the list procedures
 * (me.get, connection.list, job.list, team.members, audit.list) for 30 s through the same HTTP
 * entry as the console (`handleTrpcRequest` behind a node:http server), and the bench prints
 * requests/s, latency percentiles and errors. Numbers, not a timed test:
 *
 *   DATABASE_URL=postgresql://…/velo_bench npm run bench:api
 *   BENCH_CLIENTS=10 BENCH_SECONDS=5 …  for a quick run;  BENCH_URL=http://127.0.0.1:3000 to
 *   load a running console instead (its users are created through this process's database).
 *
 * The users, teams and rows it creates carry a `bench-` prefix and stay in the database. The
 * figures, with the machine's load average before and after (other processes share its cores),
 * are written to bench/results/api-load.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createPrismaClient, generateSecretKey, loadKeyring } from '@velo/db';
import superjson from 'superjson';
import { createAuth } from '../src/auth.ts';
import { handleTrpcRequest } from '../src/http-handler.ts';
import { createCaller } from '../src/root.ts';
import { createTRPCContext } from '../src/trpc.ts';

const url = process.env.DATABASE_URL;
if (!url)
  throw new Error('DATABASE_URL (a migrated database the bench may add rows to) is required');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const TEAMS = Math.max(1, Math.ceil(CLIENTS / 5));
const BASE = 'http://localhost:3000';

const prisma = createPrismaClient(url);
// Verification mails of the bench users go nowhere.
const auth = createAuth(prisma, {
  // With BENCH_URL, the console's own secret, so its sessions are valid there.
  secret: process.env.BETTER_AUTH_SECRET ?? randomBytes(32).toString('base64'),
  baseURL: BASE,
  mailer: { send: async () => {} },
});
const keyring = loadKeyring({ current: process.env.VELO_SECRET_KEY ?? generateSecretKey() });
const PASSWORD = 'bench password 1234';

async function signedInUser(label: string): Promise<{ id: string; cookie: string }> {
  const email = `bench-${label}-${randomBytes(4).toString('hex')}@bench.velo.dev`;
  const signUp = await auth.api.signUpEmail({
    body: { name: email, email, password: PASSWORD },
    returnHeaders: true,
  });
  let cookie = signUp.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  if (!cookie) {
    // Email verification on: mark the bench user verified, then sign in.
    await prisma.user.update({ where: { email }, data: { emailVerified: true } });
    const signIn = await auth.api.signInEmail({
      body: { email, password: PASSWORD },
      returnHeaders: true,
    });
    cookie = signIn.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
  }
  return { id: signUp.response.user.id, cookie };
}

interface Client {
  cookie: string;
  teamId: string;
}

async function setUp(): Promise<Client[]> {
  const clients: Client[] = [];
  for (let t = 0; t < TEAMS; t += 1) {
    const owner = await signedInUser(`owner${t}`);
    const ctx = await createTRPCContext({
      headers: new Headers({ cookie: owner.cookie }),
      ip: '127.0.0.1',
      prisma,
      auth,
      getKeyring: () => keyring,
    });
    const api = createCaller(ctx);
    const team = await api.team.create({ name: `bench-${randomBytes(4).toString('hex')}` });
    for (let c = 0; c < 10; c += 1) {
      await api.connection.create({
        teamId: team.id,
        name: `gen-${c}`,
        type: 'datagen',
        config: { generator: 'orders' },
      });
    }
    clients.push({ cookie: owner.cookie, teamId: team.id });
    // The other clients of this team are its members (direct rows: no invitation mail).
    const members = Math.min(5, CLIENTS - clients.length + 1) - 1;
    for (let m = 0; m < members; m += 1) {
      const user = await signedInUser(`member${t}-${m}`);
      await prisma.membership.create({
        data: { teamId: team.id, userId: user.id, role: 'ADMIN' },
      });
      clients.push({ cookie: user.cookie, teamId: team.id });
    }
  }
  return clients.slice(0, CLIENTS);
}

async function startServer(): Promise<{ base: string; close: () => void }> {
  if (process.env.BENCH_URL) return { base: process.env.BENCH_URL, close: () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`${BASE}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([key, value]) =>
        value === undefined ? [] : [[key, Array.isArray(value) ? value.join(', ') : value]],
      ) as [string, string][],
      ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
    });
    const response = await handleTrpcRequest(request, {
      ip: '127.0.0.1',
      prisma,
      auth,
      getKeyring: () => keyring,
      allowedOrigin: BASE,
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const PROCEDURES = ['me.get', 'connection.list', 'job.list', 'team.members', 'audit.list'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const RESULTS = join(import.meta.dirname, 'results', 'api-load.json');
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main() {
  const setupStarted = performance.now();
  const clients = await setUp();
  const server = await startServer();
  console.log(
    `${clients.length} clients in ${TEAMS} teams ready in ${Math.round(performance.now() - setupStarted)} ms; loading ${server.base} for ${SECONDS} s`,
  );
  const latencies: number[] = [];
  const byProcedure = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const loadBefore = loadavg();
  // CPU time of this process (server and clients): a cost per request that depends less on how
  // much of the machine other processes take than requests/s does.
  const cpuBefore = process.cpuUsage();
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (client, index) => {
      let i = index;
      while (performance.now() < deadline) {
        const path = PROCEDURES[i % PROCEDURES.length];
        i += 1;
        const input = path === 'me.get' ? undefined : { teamId: client.teamId };
        const query = input
          ? `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`
          : '';
        const started = performance.now();
        try {
          const response = await fetch(`${server.base}/api/trpc/${path}${query}`, {
            headers: { cookie: client.cookie },
          });
          await response.arrayBuffer();
          if (response.status !== 200) {
            const key = `${path} ${response.status}`;
            errors.set(key, (errors.get(key) ?? 0) + 1);
          }
        } catch (error) {
          const key = `${path} ${(error as Error).message}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
        const elapsed = performance.now() - started;
        latencies.push(elapsed);
        const series = byProcedure.get(path);
        if (series) series.push(elapsed);
        else byProcedure.set(path, [elapsed]);
      }
    }),
  );
  server.close();
  latencies.sort((a, b) => a - b);
  const total = latencies.length;
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(
    `requests: ${total}, ${(total / SECONDS).toFixed(0)} requests/s, errors: ${errorCount}` +
      `\nlatency ms: p50 ${percentile(latencies, 50).toFixed(0)}, p95 ${percentile(latencies, 95).toFixed(0)}, p99 ${percentile(latencies, 99).toFixed(0)}, max ${latencies.at(-1)?.toFixed(0)}`,
  );
  for (const [path, values] of byProcedure) {
    values.sort((a, b) => a - b);
    console.log(
      `  ${path.padEnd(16)} n=${String(values.length).padStart(6)}  p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms`,
    );
  }
  for (const [key, count] of errors) console.log(`  error ${key}: ${count}`);
  const loadAfter = loadavg();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, total);
  console.log(`process CPU per request (server + clients): ${cpuMsPerRequest.toFixed(2)} ms`);
  console.log(
    `load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`,
  );
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        target: process.env.BENCH_URL ? 'running console' : 'in-process server',
        clients: clients.length,
        seconds: SECONDS,
        requests: total,
        requestsPerSecond: round(total / SECONDS),
        errors: errorCount,
        cpuMsPerRequest: round(cpuMsPerRequest),
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p95: round(percentile(latencies, 95)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies.at(-1) ?? 0),
        },
        procedures: Object.fromEntries(
          [...byProcedure].map(([path, values]) => [
            path,
            {
              requests: values.length,
              p50: round(percentile(values, 50)),
              p95: round(percentile(values, 95)),
            },
          ]),
        ),
        machine: {
          cores: cpus().length,
          loadAverageBefore: loadBefore.map(round),
          loadAverageAfter: loadAfter.map(round),
          node: process.version,
        },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results written to ${RESULTS}`);
  await prisma.$disconnect();
}

await main();
