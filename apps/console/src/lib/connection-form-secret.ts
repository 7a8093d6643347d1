import { secretBoundChanges } from '@velo/api/endpoint-change';
import {
  type ConnectionFormValues,
  type FieldErrors,
  type FieldName,
  type StoredConnection,
  toUpdateInput,
} from './connection-form';

const FIELD_LABELS: Record<string, string> = {
  host: 'host',
  port: 'port',
  database: 'database',
  user: 'user',
  ssl: 'TLS',
  brokers: 'brokers',
  sasl: 'SASL',
};

/**
 * When an edit moves the connection (host, port, user, database, brokers, TLS or SASL) and no
 * new secret is typed, the server clears the stored one; the form says so first, naming what
 * changed. Undefined when the stored secret stays.
 */
export function secretClearedNotice(
  values: ConnectionFormValues,
  stored: StoredConnection,
): string | undefined {
  if (!stored.hasSecret) return undefined;
  const input = toUpdateInput('', '', values, stored);
  if ('secret' in input) return undefined;
  const moved = secretBoundChanges(values.type, stored.config, input.config);
  if (moved.length === 0) return undefined;
  const names = moved.map((field) => FIELD_LABELS[field] ?? field);
  const what = values.type === 'kafka' ? 'SASL password' : 'password';
  return `The ${names.join(', ')} changed: enter the ${what} again, or the stored one is removed when you save.`;
}

/** The accessibility attributes of a form control: invalid, and described by its message. */
export function fieldAria(errors: FieldErrors, field: FieldName) {
  return errors[field]
    ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-error` }
    : { 'aria-invalid': undefined, 'aria-describedby': undefined };
}
