import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressDeniedError } from './address.ts';
import { egressPolicyFromEnv } from './policy.ts';
import { egressSocketFactory, type LookupAll, resolveEgress } from './resolve.ts';

const embedded = egressPolicyFromEnv({}, { cwd: '/srv' });
const production = egressPolicyFromEnv({ NODE_ENV: 'production', VELO_FILE_ROOT: '/data' });

describe('resolveEgress', () => {
  it('normalises numeric host forms before checking them', async () => {
    await expect(resolveEgress('2130706433', 5432, production)).rejects.toThrow(
      new EgressDeniedError(
        '2130706433:5432 is not reachable: 127.0.0.1 is a loopback address, which production mode does not reach',
      ),
    );
    expect(await resolveEgress('2130706433', 5432, embedded)).toEqual({
      host: '2130706433',
      address: '127.0.0.1',
      family: 4,
      port: 5432,
    });
  });

  it('checks every address a name resolves to and returns the checked one', async () => {
    const lookup: LookupAll = async () => [
      { address: '10.0.0.5', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    await expect(resolveEgress('evil.test', 80, embedded, lookup)).rejects.toThrow(
      /169\.254\.169\.254 is a link-local/,
    );
    const fine: LookupAll = async () => [{ address: '10.0.0.5', family: 4 }];
    expect((await resolveEgress('db.test', 5432, embedded, fine)).address).toBe('10.0.0.5');
  });

  it('passes DNS failures through', async () => {
    await expect(resolveEgress('no-such-host.invalid', 5432, embedded)).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });
});

describe('egressSocketFactory (kafkajs)', () => {
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function connect(factory: ReturnType<typeof egressSocketFactory>, host: string) {
    return new Promise<string>((resolve) => {
      const socket = factory({ host, port, ssl: false, onConnect: () => {} } as never);
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error) => resolve(error.message));
    });
  }

  it('connects where allowed and refuses literal and named loopback in production', async () => {
    expect(await connect(egressSocketFactory(embedded), '127.0.0.1')).toBe('connected');
    expect(await connect(egressSocketFactory(embedded), 'localhost')).toBe('connected');
    expect(await connect(egressSocketFactory(production), '127.0.0.1')).toBe(
      `127.0.0.1:${port} is not reachable: 127.0.0.1 is a loopback address, which production mode does not reach`,
    );
    expect(await connect(egressSocketFactory(production), 'localhost')).toMatch(
      /^localhost:\d+ is not reachable: (127\.0\.0\.1|::1) is a loopback address/,
    );
  });
});
