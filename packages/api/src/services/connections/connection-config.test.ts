import { describe, expect, it } from 'vitest';
import {
  brokerProblem,
  missingSecretProblem,
  ZConnectionName,
  ZConnectionSettings,
  ZDatagenConfig,
  ZFileConfig,
  ZKafkaConfig,
  ZPostgresConfig,
} from './connection-config.ts';

function problems(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);
}

describe('connection names', () => {
  it.each([
    ['orders_db', true],
    ['Orders-2', true],
    ['  trimmed  ', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['', false],
    ['with space', false],
    ['dots.not.allowed', false],
    ['émoji', false],
  ])('%j valid: %s', (name, valid) => {
    expect(ZConnectionName.safeParse(name).success).toBe(valid);
  });

  it('trims', () => {
    expect(ZConnectionName.parse('  orders ')).toBe('orders');
  });
});

describe('postgresql config', () => {
  const good = { host: 'db.internal', port: 5432, database: 'orders', user: 'velo', ssl: true };

  it('accepts host names, IPv4 and IPv6 addresses, and defaults ssl to off', () => {
    for (const host of ['db', 'db.internal', '10.0.0.7', '::1', 'fe80::1']) {
      expect(ZPostgresConfig.safeParse({ ...good, host }).success).toBe(true);
    }
    const { ssl: _ssl, ...withoutSsl } = good;
    expect(ZPostgresConfig.parse(withoutSsl).ssl).toBe(false);
  });

  it('drops unknown keys, so nothing unexpected is stored', () => {
    expect(ZPostgresConfig.parse({ ...good, password: 'nope' })).toEqual(good);
  });

  it.each([
    [{ host: 'db host' }, [['host', 'Host must be a host name or IP address']]],
    [{ host: 'db:5432' }, [['host', 'Host must be a host name or IP address']]],
    [{ host: '-db' }, [['host', 'Host must be a host name or IP address']]],
    [{ port: 0 }, [['port', 'Port must be a whole number between 1 and 65535']]],
    [{ port: 65535 }, []],
    [{ port: 65536 }, [['port', 'Port must be a whole number between 1 and 65535']]],
    [{ port: Number.NaN }, [['port', 'Port must be a whole number between 1 and 65535']]],
    [{ database: '' }, [['database', 'Database is required']]],
    [{ user: undefined }, [['user', 'User is required']]],
  ])('%j', (patch, expected) => {
    expect(problems(ZPostgresConfig.safeParse({ ...good, ...patch }))).toEqual(expected);
  });
});

describe('kafka brokers', () => {
  it.each([
    ['kafka:9092', undefined],
    ['10.0.0.1:9092', undefined],
    ['localhost', '"localhost" must be host:port'],
    [':9092', '":9092" must be host:port'],
    ['bad host:9092', '"bad host" is not a valid host name'],
    ['kafka:0', '"0" is not a port between 1 and 65535'],
    ['kafka:65536', '"65536" is not a port between 1 and 65535'],
    ['kafka:port', '"port" is not a port between 1 and 65535'],
  ])('%j -> %s', (broker, problem) => {
    expect(brokerProblem(broker)).toBe(problem);
  });

  it('defaults sasl to none and trims brokers', () => {
    expect(ZKafkaConfig.parse({ brokers: [' kafka:9092 '] })).toEqual({
      brokers: ['kafka:9092'],
      ssl: false,
      sasl: null,
    });
  });

  it('needs the SASL password when SASL is on, unless one is stored', () => {
    const settings = {
      type: 'kafka' as const,
      config: { brokers: ['k:1'], ssl: false, sasl: { mechanism: 'plain', username: 'u' } },
    };
    expect(missingSecretProblem(settings, false, undefined)).toEqual({
      path: 'secret.saslPassword',
      message: 'SASL password is required',
    });
    expect(missingSecretProblem(settings, true, undefined)).toBeNull();
    expect(missingSecretProblem(settings, false, { saslPassword: 'p' })).toBeNull();
    expect(
      missingSecretProblem({ ...settings, config: { ...settings.config, sasl: null } }, false, {}),
    ).toBeNull();
  });
});

describe('file and datagen config', () => {
  it('file paths must be absolute', () => {
    expect(problems(ZFileConfig.safeParse({ path: 'rel/x.csv', format: 'csv' }))).toEqual([
      ['path', 'Path must be absolute (start with "/")'],
    ]);
    expect(problems(ZFileConfig.safeParse({ path: '/x.csv', format: 'xml' }))).toEqual([
      ['format', 'Format must be jsonl, csv or parquet'],
    ]);
  });

  it('datagen rate is positive and seed whole', () => {
    expect(problems(ZDatagenConfig.safeParse({ generator: 'orders', rate: 0, seed: 1.5 }))).toEqual(
      [
        ['rate', 'Rate must be a positive number of records per second'],
        ['seed', 'Seed must be a whole number'],
      ],
    );
    expect(problems(ZDatagenConfig.safeParse({ generator: 'clicks' }))).toEqual([
      ['generator', 'Generator must be orders, trades or nexmark'],
    ]);
  });
});

describe('settings by type', () => {
  it('picks the config schema from the type', () => {
    expect(
      ZConnectionSettings.parse({ type: 'datagen', config: { generator: 'nexmark', seed: 7 } }),
    ).toEqual({ type: 'datagen', config: { generator: 'nexmark', seed: 7 } });
  });

  it('names an unknown type plainly', () => {
    expect(problems(ZConnectionSettings.safeParse({ type: 'mysql', config: {} }))).toEqual([
      ['type', 'Type must be one of postgresql, kafka, file, datagen'],
    ]);
  });

  it('refuses a secret for types that have none', () => {
    expect(
      problems(
        ZConnectionSettings.safeParse({
          type: 'file',
          config: { path: '/x', format: 'csv' },
          secret: { password: 'p' },
        }),
      ),
    ).toEqual([['secret', 'file connections take no secret']]);
  });
});
