import { describe, expect, it } from 'vitest';
import {
  emptyFormValues,
  fieldForServerPath,
  formValuesFromConnection,
  parseBrokers,
  summarizeConnection,
  toCreateInput,
  toUpdateInput,
  validateConnectionForm,
} from './connection-form.ts';

const postgres = {
  ...emptyFormValues('postgresql'),
  name: 'orders_db',
  host: 'db.internal',
  port: '5433',
  database: 'orders',
  user: 'app',
  password: 's3cret',
};

describe('validateConnectionForm', () => {
  it('accepts a complete Postgres form', () => {
    expect(validateConnectionForm(postgres, 'create')).toEqual({});
  });

  it('reports each missing or malformed field in plain words', () => {
    const values = { ...emptyFormValues('postgresql'), name: 'bad name!', port: '70000' };
    expect(validateConnectionForm(values, 'create')).toEqual({
      name: 'Name may only contain letters, digits, "_" and "-"',
      host: 'Host is required',
      port: 'Port must be a whole number between 1 and 65535',
      database: 'Database is required',
      user: 'User is required',
    });
  });

  it('rejects names longer than 64 characters and hosts with a scheme', () => {
    const values = { ...postgres, name: 'a'.repeat(65), host: 'postgres://db' };
    expect(validateConnectionForm(values, 'create')).toEqual({
      name: 'Name must be at most 64 characters',
      host: 'Host must be a host name or IP address',
    });
  });

  it('checks every Kafka broker address', () => {
    const values = { ...emptyFormValues('kafka'), name: 'k', brokers: 'a:9092, b' };
    expect(validateConnectionForm(values, 'create')).toEqual({ brokers: '"b" must be host:port' });
    expect(validateConnectionForm({ ...values, brokers: 'a:9092,b:0' }, 'create').brokers).toBe(
      '"0" is not a port between 1 and 65535',
    );
  });

  it('requires a SASL password on create but not when editing a connection with a stored secret', () => {
    const values = {
      ...emptyFormValues('kafka'),
      name: 'k',
      brokers: 'a:9092',
      saslMechanism: 'plain' as const,
      saslUsername: 'svc',
    };
    expect(validateConnectionForm(values, 'create')).toEqual({
      saslPassword: 'SASL password is required',
    });
    const stored = { name: 'k', type: 'kafka', config: {}, hasSecret: true };
    expect(validateConnectionForm(values, 'edit', stored)).toEqual({});
  });

  it('requires absolute file paths and sane datagen numbers', () => {
    expect(
      validateConnectionForm({ ...emptyFormValues('file'), name: 'f', path: 'x.csv' }, 'create'),
    ).toEqual({ path: 'Path must be absolute (start with "/")' });
    expect(
      validateConnectionForm(
        { ...emptyFormValues('datagen'), name: 'g', rate: '-1', seed: '1.5' },
        'create',
      ),
    ).toEqual({
      rate: 'Rate must be a positive number of records per second',
      seed: 'Seed must be a whole number',
    });
  });
});

describe('API inputs', () => {
  it('builds a Postgres create input with the password as the secret', () => {
    expect(toCreateInput('team1', postgres)).toEqual({
      teamId: 'team1',
      name: 'orders_db',
      type: 'postgresql',
      config: { host: 'db.internal', port: 5433, database: 'orders', user: 'app', ssl: false },
      secret: { password: 's3cret' },
    });
  });

  it('omits the secret on edit when the password is left blank (keeps the stored one)', () => {
    const stored = { name: 'orders_db', type: 'postgresql', config: {}, hasSecret: true };
    expect(toUpdateInput('team1', 'c1', { ...postgres, password: '' }, stored)).toEqual({
      teamId: 'team1',
      id: 'c1',
      name: 'orders_db',
      config: { host: 'db.internal', port: 5433, database: 'orders', user: 'app', ssl: false },
    });
  });

  it('clears a stored Kafka secret when SASL is switched off', () => {
    const stored = { name: 'k', type: 'kafka', config: {}, hasSecret: true };
    const values = { ...emptyFormValues('kafka'), name: 'k', brokers: 'a:1 , b:2' };
    expect(toUpdateInput('t', 'c', values, stored)).toEqual({
      teamId: 't',
      id: 'c',
      name: 'k',
      config: { brokers: ['a:1', 'b:2'], ssl: false, sasl: null },
      secret: null,
    });
  });

  it('builds datagen config with numbers only when given', () => {
    const values = { ...emptyFormValues('datagen'), name: 'g', generator: 'trades' as const };
    expect(toCreateInput('t', values)).toEqual({
      teamId: 't',
      name: 'g',
      type: 'datagen',
      config: { generator: 'trades' },
    });
    expect(toCreateInput('t', { ...values, rate: '50', seed: '7' }).config).toEqual({
      generator: 'trades',
      rate: 50,
      seed: 7,
    });
  });
});

describe('stored connections', () => {
  it('fills the edit form from config and leaves secrets empty', () => {
    const values = formValuesFromConnection({
      name: 'events',
      type: 'kafka',
      config: {
        brokers: ['a:9092', 'b:9092'],
        clientId: 'velo',
        ssl: true,
        sasl: { mechanism: 'scram-sha-256', username: 'svc' },
      },
      hasSecret: true,
    });
    expect(values).toMatchObject({
      name: 'events',
      type: 'kafka',
      brokers: 'a:9092, b:9092',
      clientId: 'velo',
      ssl: true,
      saslMechanism: 'scram-sha-256',
      saslUsername: 'svc',
      saslPassword: '',
    });
  });

  it('summarizes each type in one line', () => {
    expect(
      summarizeConnection('postgresql', { host: 'h', port: 5432, database: 'd', user: 'u' }),
    ).toBe('u@h:5432/d');
    expect(
      summarizeConnection('kafka', { brokers: ['a:1', 'b:2'], sasl: { mechanism: 'plain' } }),
    ).toBe('a:1, b:2 · SASL plain');
    expect(summarizeConnection('file', { path: '/x.csv', format: 'csv' })).toBe('/x.csv (csv)');
    expect(summarizeConnection('datagen', { generator: 'orders', rate: 10, seed: 1 })).toBe(
      'orders · 10/s · seed 1',
    );
  });
});

describe('fieldForServerPath', () => {
  it('maps API error paths to form fields', () => {
    expect(fieldForServerPath('config.port', 'postgresql')).toBe('port');
    expect(fieldForServerPath('config.brokers.1', 'kafka')).toBe('brokers');
    expect(fieldForServerPath('config.sasl.username', 'kafka')).toBe('saslUsername');
    expect(fieldForServerPath('secret.password', 'postgresql')).toBe('password');
    expect(fieldForServerPath('secret', 'kafka')).toBe('saslPassword');
    expect(fieldForServerPath('name', 'file')).toBe('name');
    expect(fieldForServerPath('host', 'postgresql')).toBe('host');
    expect(fieldForServerPath('teamId', 'postgresql')).toBeUndefined();
  });

  it('splits broker lists on commas, spaces and new lines', () => {
    expect(parseBrokers(' a:1,b:2\nc:3  ')).toEqual(['a:1', 'b:2', 'c:3']);
  });
});
