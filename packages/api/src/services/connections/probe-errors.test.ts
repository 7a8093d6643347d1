import { describe, expect, it } from 'vitest';
import { networkProblem, ProbeTimeoutError, withDeadline } from './probe-errors.ts';
import { describeKafkaError } from './probe-kafka.ts';
import { describePostgresError } from './probe-postgres.ts';

describe('networkProblem', () => {
  it.each([
    ['ECONNREFUSED', 'db:5432', 'connection refused at db:5432'],
    ['ENOTFOUND', 'nohost:5432', 'host nohost could not be found'],
    ['EHOSTUNREACH', '10.0.0.9:5432', 'host 10.0.0.9 is unreachable'],
    ['ECONNRESET', 'db:5432', 'db:5432 closed the connection'],
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
      'connection refused at localhost:1',
    );
    const aggregate = Object.assign(new AggregateError([], ''), {
      errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }],
    });
    expect(describePostgresError(aggregate, 'localhost:1', 10_000)).toBe(
      'connection refused at localhost:1',
    );
  });

  it('says timeouts in seconds', () => {
    expect(
      describePostgresError(
        new Error('Connection terminated due to connection timeout'),
        'db:5432',
        10_000,
      ),
    ).toBe('timed out after 10 s');
  });
});

describe('describeKafkaError', () => {
  it.each([
    ['Connection error: connect ECONNREFUSED 127.0.0.1:1', 'connection refused at 127.0.0.1:1'],
    [
      'Connection error: getaddrinfo ENOTFOUND broker.invalid',
      'host broker.invalid could not be found',
    ],
    ['Connection timeout', 'timed out after 10 s'],
    [
      'Closed connection',
      'k:9092 closed the connection (is it a Kafka broker, with the right SSL setting?)',
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
    expect(new ProbeTimeoutError(1_500).message).toBe('timed out after 1.5 s');
  });
});
