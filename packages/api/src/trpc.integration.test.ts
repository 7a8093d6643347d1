/** How errors reach the browser: HTTP status per domain code, plain messages, nothing internal. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  callerFor,
  createTeamWithRoles,
  httpCall,
  type TeamFixture,
  uniqueLabel,
} from '../test/harness.ts';

let team: TeamFixture;
let connectionId: string;

beforeAll(async () => {
  team = await createTeamWithRoles('http');
  const connection = await (await callerFor(team.owner)).connection.create({
    teamId: team.teamId,
    name: uniqueLabel('http'),
    type: 'datagen',
    config: { generator: 'orders' },
  });
  connectionId = connection.id;
});

function errorOfBody(body: string) {
  return JSON.parse(body).error.json as {
    message: string;
    data: { code: string; httpStatus: number; fieldErrors: unknown };
  };
}

describe('errors over HTTP', () => {
  it.each([
    ['anonymous', 'me.get', 401, 'UNAUTHORIZED', 'Sign in to continue'],
    [
      'viewer',
      'audit.list',
      403,
      'FORBIDDEN',
      'This needs the ADMIN role or higher; you are VIEWER',
    ],
    [
      'owner',
      'connection.get:missing',
      404,
      'NOT_FOUND',
      'Connection not found; reload the page, it may have been deleted',
    ],
    [
      'owner',
      'team.changeRole:last-owner',
      412,
      'PRECONDITION_FAILED',
      'The last owner of a team cannot be demoted',
    ],
  ] as const)('%s %s -> %i %s', async (who, what, status, code, message) => {
    const user = who === 'anonymous' ? null : who === 'viewer' ? team.viewer : team.owner;
    const [path, variant] = what.split(':');
    const input =
      variant === 'missing'
        ? { teamId: team.teamId, id: 'missing' }
        : variant === 'last-owner'
          ? { teamId: team.teamId, userId: team.owner.id, role: 'ADMIN' }
          : path === 'me.get'
            ? undefined
            : { teamId: team.teamId };
    const method = path === 'team.changeRole' ? 'POST' : 'GET';
    const response = await httpCall(user, path, input, method);
    expect(response.status).toBe(status);
    const error = errorOfBody(response.body);
    expect({
      code: error.data.code,
      message: error.message,
      fieldErrors: error.data.fieldErrors,
    }).toEqual({ code, message, fieldErrors: null });
  });

  it('hides the details of unexpected failures and logs one line for operators', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line) => void logged.push(line));
    const response = await httpCall(
      team.editor,
      'connection.test',
      { teamId: team.teamId, id: connectionId },
      'POST',
      () => {
        throw new Error('VELO_SECRET_KEY is not set (internal detail)');
      },
    );
    spy.mockRestore();
    expect(logged).toEqual([
      '[velo api] connection.test failed: Error: VELO_SECRET_KEY is not set (internal detail)',
    ]);
    expect(response.status).toBe(500);
    const error = errorOfBody(response.body);
    expect(error.message).toBe('Something went wrong on the server');
    expect(response.body).not.toContain('internal detail');
    expect(Object.keys(error.data)).not.toContain('stack');
    expect(response.body).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
