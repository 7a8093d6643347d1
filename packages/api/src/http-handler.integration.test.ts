/**
 * Issue 11, "Limits and headers": the HTTP entry refuses oversized bodies (413), long URLs (414),
 * batches over 20 calls, cross-site mutations (Origin checked against VELO_BASE_URL) and NUL
 * characters (400, never 500), before any procedure runs.
 */

import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  callerFor,
  createTeamWithRoles,
  keyring,
  prisma,
  TEST_IP,
  type TeamFixture,
  type TestUser,
  uniqueLabel,
} from '../test/harness.ts';
import { handleTrpcRequest } from './http-handler.ts';
import { MAX_BATCH_SIZE, MAX_BODY_BYTES } from './limits.ts';

const ORIGIN = 'http://localhost:3000';
let team: TeamFixture;

beforeAll(async () => {
  team = await createTeamWithRoles('http-limits');
});

async function send(request: Request) {
  const response = await handleTrpcRequest(request, {
    ip: TEST_IP,
    prisma,
    auth,
    getKeyring: () => keyring,
    allowedOrigin: ORIGIN,
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  const first = Array.isArray(body) ? body[0] : body;
  return { status: response.status, message: first?.error?.json?.message as string | undefined };
}

function headersOf(user: TestUser, extra: Record<string, string> = {}) {
  return { ...Object.fromEntries(user.headers), 'content-type': 'application/json', ...extra };
}

function post(user: TestUser, path: string, input: unknown, extra: Record<string, string> = {}) {
  return new Request(`${ORIGIN}/api/trpc/${path}`, {
    method: 'POST',
    headers: headersOf(user, extra),
    body: JSON.stringify(superjson.serialize(input)),
  });
}

function createTeamInput(name: string) {
  return { name };
}

describe('batches', () => {
  function batch(size: number) {
    const paths = Array.from({ length: size }, () => 'connection.list').join(',');
    const inputs = Object.fromEntries(
      Array.from({ length: size }, (_, i) => [i, superjson.serialize({ teamId: team.teamId })]),
    );
    return new Request(
      `${ORIGIN}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`,
      { headers: headersOf(team.viewer) },
    );
  }

  it(`serves ${MAX_BATCH_SIZE} calls in one request and refuses ${MAX_BATCH_SIZE + 1}`, async () => {
    expect((await send(batch(MAX_BATCH_SIZE))).status).toBe(200);
    expect(await send(batch(MAX_BATCH_SIZE + 1))).toEqual({
      status: 400,
      message: 'Batch call exceeds maximum size',
    });
  });

  it('refuses a 2,000-call batched GET at once, by its URL length', async () => {
    const started = performance.now();
    expect(await send(batch(2_000))).toEqual({
      status: 414,
      message: 'The request URL is too long; send fewer calls at once',
    });
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('body size', () => {
  it('answers 413 for a body over 1 MB, declared or streamed, and creates nothing', async () => {
    const name = uniqueLabel('huge');
    const huge = JSON.stringify(
      superjson.serialize({ name: `${name}${'x'.repeat(MAX_BODY_BYTES)}` }),
    );
    const declared = new Request(`${ORIGIN}/api/trpc/team.create`, {
      method: 'POST',
      headers: headersOf(team.owner),
      body: huge,
    });
    expect(await send(declared)).toEqual({
      status: 413,
      message: 'The request body is larger than 1 MB',
    });
    const encoder = new TextEncoder();
    const streamed = new Request(`${ORIGIN}/api/trpc/team.create`, {
      method: 'POST',
      headers: headersOf(team.owner),
      body: new ReadableStream({
        start(controller) {
          for (let sent = 0; sent < 2 * MAX_BODY_BYTES; sent += 64 * 1024) {
            controller.enqueue(encoder.encode('x'.repeat(64 * 1024)));
          }
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect((await send(streamed)).status).toBe(413);
    expect(await prisma.team.count({ where: { name: { startsWith: name } } })).toBe(0);
  });
});

describe('cross-site mutations', () => {
  it('refuses a mutation whose Origin is not VELO_BASE_URL, even with the session cookie', async () => {
    const name = uniqueLabel('csrf');
    expect(
      await send(
        post(team.owner, 'team.create', createTeamInput(name), { origin: 'https://evil.test' }),
      ),
    ).toEqual({ status: 403, message: 'Requests from https://evil.test are not allowed' });
    expect(
      await send(
        post(team.owner, 'team.create', createTeamInput(name), { 'sec-fetch-site': 'cross-site' }),
      ),
    ).toEqual({ status: 403, message: 'Cross-site requests are not allowed' });
    expect(await prisma.team.count({ where: { name } })).toBe(0);
    const sameOrigin = await send(
      post(team.owner, 'team.create', createTeamInput(name), { origin: ORIGIN }),
    );
    expect(sameOrigin.status).toBe(200);
    expect(await prisma.team.count({ where: { name } })).toBe(1);
  });
});

describe('malformed values answer 400, never 500', () => {
  it('refuses NUL characters anywhere in the input', async () => {
    const owned = () => prisma.membership.count({ where: { userId: team.owner.id } });
    const before = await owned();
    for (const input of [{ name: 'bad\u0000name' }, { name: 'fine', extra: { 'k\u0000': 1 } }]) {
      expect(await send(post(team.owner, 'team.create', input, { origin: ORIGIN }))).toEqual({
        status: 400,
        message: 'Text may not contain NUL characters',
      });
    }
    const api = await callerFor(team.owner);
    await expect(
      api.connection.create({
        teamId: team.teamId,
        name: 'nul',
        type: 'file',
        config: { path: '/x\u0000', format: 'csv' },
      }),
    ).rejects.toThrow('Text may not contain NUL characters');
    expect(await owned()).toBe(before);
  });
});
