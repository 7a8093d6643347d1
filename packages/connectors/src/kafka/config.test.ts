import { describe, expect, it } from 'vitest';
import { validateConnectorUri } from '../registry.ts';
import { parseKafkaUri, redactKafkaUri } from './config.ts';
import { SASL_PLAIN_REFUSED } from './sasl-policy.ts';

describe('Kafka URIs', () => {
  it('reads brokers, topic and parameters with their defaults', () => {
    const c = parseKafkaUri('kafka://a:9092,b:9093/orders?group_id=g1&offset=latest');
    if (typeof c === 'string') throw new Error(c);
    expect([c.brokers, c.topic, c.params.group_id, c.params.offset, c.params.format]).toEqual([
      ['a:9092', 'b:9093'],
      'orders',
      'g1',
      'latest',
      'json',
    ]);
    expect([c.params['max.record.bytes'], c.params['connect.retries'], c.sasl, c.tls]).toEqual([
      1048576,
      5,
      undefined,
      undefined,
    ]);
  });

  it('takes brokers, SASL and TLS from a resolved saved connection', () => {
    const c = parseKafkaUri('kafka://@prod/orders', {
      name: 'prod',
      type: 'kafka',
      config: {
        brokers: ['k1:9094'],
        clientId: 'velo-prod',
        ssl: true,
        sasl: { mechanism: 'scram-sha-512', username: 'svc' },
      },
      secret: JSON.stringify({ saslPassword: 's3cret' }),
    });
    if (typeof c === 'string') throw new Error(c);
    expect([c.brokers, c.clientId, c.connectionName, c.sasl, c.tls]).toEqual([
      ['k1:9094'],
      'velo-prod',
      'prod',
      { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret' },
      { ca: undefined, cert: undefined, key: undefined, rejectUnauthorized: true },
    ]);
  });

  it('explains what is wrong', () => {
    expect(parseKafkaUri('kafka://@prod/orders')).toBe(
      "'kafka://@prod/orders' names the saved connection 'prod', which was not resolved (run it through the worker or the API)",
    );
    expect(parseKafkaUri('kafka://h:1/t?format=xml')).toMatch(
      /^invalid parameter 'format' in 'kafka:\/\/h:1\/t\?format=xml': /,
    );
    expect(parseKafkaUri('kafka://h:1/t?format=avro')).toBe(
      "format=avro needs avro.schema.file= or schema.registry.url= in 'kafka://h:1/t?format=avro'",
    );
    expect(parseKafkaUri('kafka://h/t')).toBe("broker 'h' in 'kafka://h/t' must be host:port");
    expect(parseKafkaUri('kafka://h:1/t?sasl.mechanism=plain&sasl.username=u')).toBe(
      "SASL plain needs a username and a password for 'kafka://h:1/t?sasl.mechanism=plain&sasl.username=u'",
    );
    expect(validateConnectorUri('kafka://h:1/t?format=csv&csv.types=INTEGER,MONEY')).toBe(
      "invalid parameter 'csv.types' in 'kafka://h:1/t?format=csv&csv.types=INTEGER,MONEY': unknown type 'MONEY'",
    );
    expect(validateConnectorUri('kafka://@prod/orders')).toBeNull();
  });

  it('refuses SASL PLAIN without TLS, from URI parameters and from saved connections alike', () => {
    const plain = 'sasl.mechanism=plain&sasl.username=u&sasl.password=p';
    expect(parseKafkaUri(`kafka://h:1/t?${plain}`)).toBe(
      `${SASL_PLAIN_REFUSED} (in 'kafka://h:1/t?sasl.mechanism=plain&sasl.username=u&sasl.password=***')`,
    );
    expect(validateConnectorUri(`kafka://h:1/t?${plain}`)).toBe(
      `${SASL_PLAIN_REFUSED} (in 'kafka://h:1/t?sasl.mechanism=plain&sasl.username=u&sasl.password=***')`,
    );
    const saved = (ssl: boolean, mechanism: string) => ({
      name: 'prod',
      type: 'kafka',
      config: { brokers: ['k1:9094'], ssl, sasl: { mechanism, username: 'svc' } },
      secret: JSON.stringify({ saslPassword: 's3cret' }),
    });
    expect(parseKafkaUri('kafka://@prod/orders', saved(false, 'plain'))).toBe(
      `${SASL_PLAIN_REFUSED} (in 'kafka://@prod/orders')`,
    );
    expect(SASL_PLAIN_REFUSED).toBe(
      'SASL PLAIN would send the password in clear text without TLS; turn SSL on or use SCRAM',
    );
    // Inside TLS PLAIN is allowed; SCRAM never sends the password, so it is allowed without TLS.
    const withTls = parseKafkaUri(`kafka://h:1/t?${plain}&ssl=true`);
    if (typeof withTls === 'string') throw new Error(withTls);
    expect(withTls.sasl).toEqual({ mechanism: 'plain', username: 'u', password: 'p' });
    const tlsSaved = parseKafkaUri('kafka://@prod/orders', saved(true, 'plain'));
    if (typeof tlsSaved === 'string') throw new Error(tlsSaved);
    expect(tlsSaved.sasl?.mechanism).toBe('plain');
    const scram = parseKafkaUri('kafka://@prod/orders', saved(false, 'scram-sha-256'));
    if (typeof scram === 'string') throw new Error(scram);
    expect([scram.sasl?.mechanism, scram.tls]).toEqual(['scram-sha-256', undefined]);
  });

  it('redacts passwords', () => {
    expect(redactKafkaUri('kafka://h:1/t?sasl.password=p%40ss&x=1')).toBe(
      'kafka://h:1/t?sasl.password=***&x=1',
    );
  });
});
