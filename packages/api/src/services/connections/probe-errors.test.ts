import { describe, expect, it } from 'vitest';
import { networkProblem, ProbeTimeoutError, withDeadline } from './probe-errors.ts';
import { describeKafkaError } from './probe-kafka.ts';
import { describePostgresError } from './probe-postgres.ts';

describe('networkProblem', () => {
  it.each([
    [
      'ECONNREFUSED',
      'db:5432',
      'Connection refused at db:5432; check the host and port, and that the server is running',
    ],
    ['ENOTFOUND', 'nohost:5432', 'Host nohost could not be found; check the host name'],
    [
      'EHOSTUNREACH',
      '10.0.0.9:5432',
      'Host 10.0.0.9 is unreachable; check the address and the network',
    ],
    [
      'ECONNRESET',
      'db:5432',
      'The server at db:5432 closed the connection; check the port and the TLS setting',
    ],
    ['EWHATEVER', 'db:5432', undefined],
  ])('%s', (code, endpoint, expected) => {
    expect(networkProblem(code, endpoint)).toBe(expected);
  });
});

describe('describePostgresError', () => {
  it('keeps the server’s words for SQLSTATE errors', () => {
    const error = Object.assign(new Error('password authentication failed for user "x"'), {
      code: '28P01',
    });
    expect(describePostgresError(error, 'db:5432', 10_000)).toBe(
      'password authentication failed for user "x"',
    );
  });

  it('names refused connections by the configured endpoint, also for dual-stack failures', () => {
    const single = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    });
    expect(describePostgresError(single, 'localhost:1', 10_000)).toBe(
      'Connection refused at localhost:1; check the host and port, and that the server is running',
    );
    const aggregate = Object.assign(new AggregateError([], ''), {
      errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }],
    });
    expect(describePostgresError(aggregate, 'localhost:1', 10_000)).toBe(
      'Connection refused at localhost:1; check the host and port, and that the server is running',
    );
  });

  it('says timeouts in seconds', () => {
    expect(
      describePostgresError(
        new Error('Connection terminated due to connection timeout'),
        'db:5432',
        10_000,
      ),
    ).toBe('Timed out after 10 s; check the host, the port and any firewall in between');
  });
});

describe('describeKafkaError', () => {
  it.each([
    [
      'Connection error: connect ECONNREFUSED 127.0.0.1:1',
      'Connection refused at 127.0.0.1:1; check the host and port, and that the server is running',
    ],
    [
      'Connection error: getaddrinfo ENOTFOUND broker.invalid',
      'Host broker.invalid could not be found; check the host name',
    ],
    [
      'Connection timeout',
      'Timed out after 10 s; check the host, the port and any firewall in between',
    ],
    [
      'Closed connection',
      'The broker at k:9092 closed the connection; check that it is a Kafka broker and that the SSL setting matches it',
    ],
    [
      'SASL SCRAM SHA256 authentication failed: Authentication failed',
      'SASL SCRAM SHA256 authentication failed: Authentication failed',
    ],
  ])('%s', (message, expected) => {
    expect(describeKafkaError(new Error(message), ['k:9092'], 10_000)).toBe(expected);
  });
});

describe('withDeadline', () => {
  it('passes a result through and fails late work with the timeout, aborting it', async () => {
    expect(await withDeadline(Promise.resolve(7), 1_000, () => {})).toBe(7);
    let aborted = false;
    const never = new Promise<never>(() => {});
    await expect(
      withDeadline(never, 20, () => {
        aborted = true;
      }),
    ).rejects.toThrow(new ProbeTimeoutError(20));
    expect(aborted).toBe(true);
    expect(new ProbeTimeoutError(1_500).message).toBe(
      'Timed out after 1.5 s; check the host, the port and any firewall in between',
    );
  });
});
