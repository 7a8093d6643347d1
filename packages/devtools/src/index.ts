export { type PostgresHost, postgresUrl, startPostgresHost } from './embedded-postgres.ts';
export { type KafkaHandle, startKafka } from './kafka.ts';
export { migrateDeploy } from './migrate.ts';
export { MissingSecretKeyError, type RuntimeSecrets, resolveSecrets } from './secret-key.ts';
