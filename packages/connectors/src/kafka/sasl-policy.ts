/**
 * The one rule for Kafka SASL without TLS, used by connection tests (probes, in @velo/api) and by
 * every job's sources and sinks (parseKafkaUri): SASL/PLAIN sends the password as it is, so
 * whoever answers at the broker address (or listens on the way) would read it; it is refused
 * unless the connection is TLS. SCRAM-SHA-256/512 prove the password without sending it and stay
 * allowed over plaintext (the data itself is still unencrypted; turn SSL on for that).
 */
export const SASL_PLAIN_REFUSED =
  'SASL PLAIN would send the password in clear text without TLS; turn SSL on or use SCRAM';

/** Why these SASL settings may not be used, or null. */
export function saslCleartextProblem(mechanism: string | undefined, tls: boolean): string | null {
  return mechanism?.toLowerCase() === 'plain' && !tls ? SASL_PLAIN_REFUSED : null;
}
