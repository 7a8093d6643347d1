/**
 * The connection form as plain data: empty values per type, values from a stored connection,
 * client-side validation (same rules as the API's zod schemas, so most mistakes are caught
 * before a round trip), and the mapping to the API's create/update inputs and back from the
 * API's field-error paths.
 */

import {
  CONNECTION_TYPES,
  type ConnectionTypeName,
  FILE_FORMATS,
  GENERATORS,
  SASL_MECHANISMS,
} from '@velo/api/connection-kinds';

export { CONNECTION_TYPES, FILE_FORMATS, GENERATORS, SASL_MECHANISMS };
export type ConnectionType = ConnectionTypeName;

export const TYPE_LABELS: Record<ConnectionType, string> = {
  postgresql: 'PostgreSQL',
  kafka: 'Kafka',
  file: 'File',
  datagen: 'Data generator',
};

export interface ConnectionFormValues {
  name: string;
  type: ConnectionType;
  // postgresql
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  // kafka
  brokers: string;
  clientId: string;
  saslMechanism: '' | (typeof SASL_MECHANISMS)[number];
  saslUsername: string;
  saslPassword: string;
  // postgresql + kafka
  ssl: boolean;
  // file
  path: string;
  format: (typeof FILE_FORMATS)[number];
  // datagen
  generator: (typeof GENERATORS)[number];
  rate: string;
  seed: string;
}

export type FieldName = keyof ConnectionFormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** What the console knows about a stored connection (the API never returns secrets). */
export interface StoredConnection {
  name: string;
  type: string;
  config: unknown;
  hasSecret: boolean;
}

export function emptyFormValues(type: ConnectionType = 'postgresql'): ConnectionFormValues {
  return {
    name: '',
    type,
    host: '',
    port: '5432',
    database: '',
    user: '',
    password: '',
    brokers: '',
    clientId: '',
    saslMechanism: '',
    saslUsername: '',
    saslPassword: '',
    ssl: false,
    path: '',
    format: 'jsonl',
    generator: 'orders',
    rate: '',
    seed: '',
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function isConnectionType(value: string): value is ConnectionType {
  return (CONNECTION_TYPES as readonly string[]).includes(value);
}

/** Form values for editing: every non-secret field filled in, secret fields left empty. */
export function formValuesFromConnection(connection: StoredConnection): ConnectionFormValues {
  const type = isConnectionType(connection.type) ? connection.type : 'postgresql';
  const config = asRecord(connection.config);
  const values = { ...emptyFormValues(type), name: connection.name };
  switch (type) {
    case 'postgresql':
      return {
        ...values,
        host: text(config.host),
        port: text(config.port),
        database: text(config.database),
        user: text(config.user),
        ssl: config.ssl === true,
      };
    case 'kafka': {
      const sasl = config.sasl ? asRecord(config.sasl) : null;
      const brokers = Array.isArray(config.brokers) ? config.brokers.map(text) : [];
      const mechanism = text(sasl?.mechanism);
      return {
        ...values,
        brokers: brokers.join(', '),
        clientId: text(config.clientId),
        ssl: config.ssl === true,
        saslMechanism: (SASL_MECHANISMS as readonly string[]).includes(mechanism)
          ? (mechanism as ConnectionFormValues['saslMechanism'])
          : '',
        saslUsername: text(sasl?.username),
      };
    }
    case 'file':
      return {
        ...values,
        path: text(config.path),
        format: config.format === 'csv' ? 'csv' : 'jsonl',
      };
    case 'datagen': {
      const generator = text(config.generator);
      return {
        ...values,
        generator: (GENERATORS as readonly string[]).includes(generator)
          ? (generator as ConnectionFormValues['generator'])
          : 'orders',
        rate: text(config.rate),
        seed: text(config.seed),
      };
    }
  }
}

const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
// A DNS name, an IPv4 address or a bracket-less IPv6 address; no spaces, schemes or paths.
const HOST_PATTERN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9A-Fa-f:]+$/;

function validPort(value: string): boolean {
  if (!/^\d{1,5}$/.test(value)) return false;
  const port = Number(value);
  return port >= 1 && port <= 65535;
}

/** Splits "a:9092, b:9092" (commas, spaces or new lines) into broker addresses. */
export function parseBrokers(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

function brokerError(broker: string): string | undefined {
  const colon = broker.lastIndexOf(':');
  if (colon <= 0) return `"${broker}" must be host:port`;
  const host = broker.slice(0, colon);
  const port = broker.slice(colon + 1);
  if (!HOST_PATTERN.test(host)) return `"${host}" is not a valid host name`;
  if (!validPort(port)) return `"${port}" is not a port between 1 and 65535`;
  return undefined;
}

export type FormMode = 'create' | 'edit';

/** Client-side validation; returns one message per invalid field (empty when valid). */
export function validateConnectionForm(
  values: ConnectionFormValues,
  mode: FormMode,
  stored?: StoredConnection,
): FieldErrors {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Name is required';
  else if (name.length > 64) errors.name = 'Name must be at most 64 characters';
  else if (!NAME_PATTERN.test(name))
    errors.name = 'Name may only contain letters, digits, "_" and "-"';

  switch (values.type) {
    case 'postgresql': {
      const host = values.host.trim();
      if (!host) errors.host = 'Host is required';
      else if (!HOST_PATTERN.test(host)) errors.host = 'Host must be a host name or IP address';
      if (!values.port.trim()) errors.port = 'Port is required';
      else if (!validPort(values.port.trim()))
        errors.port = 'Port must be a whole number between 1 and 65535';
      if (!values.database.trim()) errors.database = 'Database is required';
      if (!values.user.trim()) errors.user = 'User is required';
      break;
    }
    case 'kafka': {
      const brokers = parseBrokers(values.brokers);
      if (brokers.length === 0) errors.brokers = 'At least one broker (host:port) is required';
      else {
        const problem = brokers.map(brokerError).find((message) => message !== undefined);
        if (problem) errors.brokers = problem;
      }
      if (values.clientId.length > 255)
        errors.clientId = 'Client id must be at most 255 characters';
      if (values.saslMechanism) {
        if (!values.saslUsername.trim()) errors.saslUsername = 'SASL username is required';
        const hasStoredSecret = mode === 'edit' && stored?.hasSecret === true;
        if (!values.saslPassword && !hasStoredSecret)
          errors.saslPassword = 'SASL password is required';
      }
      break;
    }
    case 'file': {
      const path = values.path.trim();
      if (!path) errors.path = 'Path is required';
      else if (!path.startsWith('/')) errors.path = 'Path must be absolute (start with "/")';
      break;
    }
    case 'datagen': {
      const rate = values.rate.trim();
      if (rate && !(Number.isFinite(Number(rate)) && Number(rate) > 0))
        errors.rate = 'Rate must be a positive number of records per second';
      const seed = values.seed.trim();
      if (seed && !/^-?\d+$/.test(seed)) errors.seed = 'Seed must be a whole number';
      break;
    }
  }
  return errors;
}

type Secret = Record<string, string> | null | undefined;

function configAndSecret(
  values: ConnectionFormValues,
  mode: FormMode,
): { config: Record<string, unknown>; secret: Secret } {
  switch (values.type) {
    case 'postgresql':
      return {
        config: {
          host: values.host.trim(),
          port: Number(values.port.trim()),
          database: values.database.trim(),
          user: values.user.trim(),
          ssl: values.ssl,
        },
        // Blank password: keep the stored one on edit, store none on create.
        secret: values.password ? { password: values.password } : undefined,
      };
    case 'kafka': {
      const clientId = values.clientId.trim();
      const sasl = values.saslMechanism
        ? { mechanism: values.saslMechanism, username: values.saslUsername.trim() }
        : null;
      let secret: Secret;
      if (!sasl) secret = mode === 'edit' ? null : undefined;
      else secret = values.saslPassword ? { saslPassword: values.saslPassword } : undefined;
      return {
        config: {
          brokers: parseBrokers(values.brokers),
          ...(clientId ? { clientId } : {}),
          ssl: values.ssl,
          sasl,
        },
        secret,
      };
    }
    case 'file':
      return { config: { path: values.path.trim(), format: values.format }, secret: undefined };
    case 'datagen': {
      const rate = values.rate.trim();
      const seed = values.seed.trim();
      return {
        config: {
          generator: values.generator,
          ...(rate ? { rate: Number(rate) } : {}),
          ...(seed ? { seed: Number(seed) } : {}),
        },
        secret: undefined,
      };
    }
  }
}

export function toCreateInput(teamId: string, values: ConnectionFormValues) {
  const { config, secret } = configAndSecret(values, 'create');
  return {
    teamId,
    name: values.name.trim(),
    type: values.type,
    config,
    ...(secret ? { secret } : {}),
  };
}

/**
 * Update input: `secret` is omitted to keep the stored secret, `null` to clear it (Kafka with
 * SASL switched off, when one was stored).
 */
export function toUpdateInput(
  teamId: string,
  id: string,
  values: ConnectionFormValues,
  stored: StoredConnection,
) {
  const { config, secret } = configAndSecret(values, 'edit');
  const clear = secret === null && stored.hasSecret;
  return {
    teamId,
    id,
    name: values.name.trim(),
    config,
    ...(secret ? { secret } : {}),
    ...(clear ? { secret: null } : {}),
  };
}

const SERVER_PATH_TO_FIELD: Record<string, FieldName> = {
  name: 'name',
  type: 'type',
  'config.host': 'host',
  'config.port': 'port',
  'config.database': 'database',
  'config.user': 'user',
  'config.ssl': 'ssl',
  'config.brokers': 'brokers',
  'config.clientId': 'clientId',
  'config.sasl': 'saslMechanism',
  'config.sasl.mechanism': 'saslMechanism',
  'config.sasl.username': 'saslUsername',
  'config.path': 'path',
  'config.format': 'format',
  'config.generator': 'generator',
  'config.rate': 'rate',
  'config.seed': 'seed',
  secret: 'password',
  'secret.password': 'password',
  'secret.saslPassword': 'saslPassword',
};

const FORM_FIELDS = new Set<string>(Object.keys(emptyFormValues()));

/**
 * Maps an API field-error path ("config.port", "config.brokers.1", "secret.password", or a
 * bare field name) to the form field it belongs to.
 */
export function fieldForServerPath(path: string, type: ConnectionType): FieldName | undefined {
  const segments = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  for (let length = segments.length; length > 0; length--) {
    const key = segments.slice(0, length).join('.');
    const field = SERVER_PATH_TO_FIELD[key];
    if (field === 'password' && type === 'kafka') return 'saslPassword';
    if (field) return field;
  }
  const last = segments[segments.length - 1];
  return last && FORM_FIELDS.has(last) ? (last as FieldName) : undefined;
}

/** One line describing where a connection points, for the list. */
export function summarizeConnection(type: string, configValue: unknown): string {
  const config = asRecord(configValue);
  switch (type) {
    case 'postgresql':
      return `${text(config.user)}@${text(config.host)}:${text(config.port)}/${text(config.database)}`;
    case 'kafka': {
      const brokers = Array.isArray(config.brokers) ? config.brokers.map(text).join(', ') : '';
      const sasl = config.sasl ? ` · SASL ${text(asRecord(config.sasl).mechanism)}` : '';
      return `${brokers}${sasl}`;
    }
    case 'file':
      return `${text(config.path)} (${text(config.format)})`;
    case 'datagen': {
      const parts = [text(config.generator)];
      if (config.rate !== undefined && config.rate !== null) parts.push(`${text(config.rate)}/s`);
      if (config.seed !== undefined && config.seed !== null)
        parts.push(`seed ${text(config.seed)}`);
      return parts.join(' · ');
    }
    default:
      return '';
  }
}
