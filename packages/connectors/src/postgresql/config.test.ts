import { describe, expect, it } from 'vitest';
import { type PostgresConfig, parsePostgresUri, redactUri } from './config.ts';

function parsed(uri: string, connection?: Parameters<typeof parsePostgresUri>[1]): PostgresConfig {
  const config = parsePostgresUri(uri, connection);
  if (typeof config === 'string') throw new Error(config);
  return config;
}

describe('postgresql URIs', () => {
  it('reads host, port, database, user, password and parameters', () => {
    const c = parsed('postgresql://app:s%40cret@db.local:6543/shop?table=orders&cursor.column=id');
    expect(c.client).toMatchObject({
      host: 'db.local',
      port: 6543,
      database: 'shop',
      user: 'app',
      password: 's@cret',
      ssl: false,
    });
    expect(c.safeUri).toBe('postgresql://app:***@db.local:6543/shop?table=orders&cursor.column=id');
    expect(c.table).toBe('orders');
    expect(c.cursorColumn).toBe('id');
    expect(c.follow).toBe(true);
    expect(c.retry).toEqual({ retries: 5, initialDelayMs: 200, maxDelayMs: 10_000 });
  });

  it('is bounded without a cursor column, and follow=false bounds a cursor read', () => {
    expect(parsed('postgres://u@h/db?table=t').follow).toBe(false);
    expect(parsed('postgres://u@h/db?table=t&cursor.column=id&follow=false').follow).toBe(false);
  });

  it('redacts passwords in URIs and parameters', () => {
    expect(redactUri('postgresql://u:pw@h:5432/db?table=t')).toBe(
      'postgresql://u:***@h:5432/db?table=t',
    );
    expect(redactUri('postgresql://u@h/db?password=pw&table=t')).toBe(
      'postgresql://u@h/db?password=***&table=t',
    );
    const error = parsePostgresUri('postgresql://u:hunter2@h/db?table=t&mode=merge');
    expect(error).toBe(
      'invalid parameter \'mode\' in \'postgresql://u:***@h/db?table=t&mode=merge\': Invalid option: expected one of "insert"|"upsert"',
    );
  });

  it('takes a saved connection for @name URIs', () => {
    const connection = {
      name: 'warehouse',
      type: 'postgresql',
      config: { host: '10.0.0.5', port: 5433, database: 'dw', user: 'velo', ssl: true },
      secret: JSON.stringify({ password: 'pw' }),
    };
    const c = parsed('postgresql://@warehouse/sales?table=orders', connection);
    expect(c.client).toMatchObject({
      host: '10.0.0.5',
      port: 5433,
      database: 'sales',
      user: 'velo',
      password: 'pw',
      ssl: true,
    });
    expect(parsed('postgresql://@warehouse?table=orders', connection).client.database).toBe('dw');
    expect(parsePostgresUri('postgresql://@warehouse/sales?table=orders')).toBe(
      "'postgresql://@warehouse/sales?table=orders' names the saved connection 'warehouse', but it was not resolved (run it from a job, or give host, user and password in the URI)",
    );
    expect(parsePostgresUri('postgresql://@other/sales?table=orders', connection)).toBe(
      "'postgresql://@other/sales?table=orders' names the saved connection 'other', but 'warehouse' was resolved",
    );
  });

  it('rejects contradictory parameters', () => {
    expect(parsePostgresUri('postgresql://u@h/db?mode=upsert&table=t')).toBe(
      "'mode=upsert' needs 'key=' in 'postgresql://u@h/db?mode=upsert&table=t'",
    );
    expect(parsePostgresUri('postgresql://u@h/db?table=t&query=select 1')).toBe(
      "'postgresql://u@h/db?table=t&query=select 1' gives both 'table' and 'query'; use one",
    );
    expect(parsePostgresUri('postgresql://u@h/db?query=select 1&cdc=true')).toMatch(
      /'cdc=true' needs 'table='/,
    );
  });
});

describe('postgresConnector.validateUri', () => {
  it('accepts good URIs (saved connections by shape) and names what is wrong', async () => {
    const { postgresConnector } = await import('./index.ts');
    expect(
      postgresConnector.validateUri('postgresql://u@h/db?table=t&cursor.column=id'),
    ).toBeNull();
    expect(postgresConnector.validateUri('postgres://@warehouse/db?table=t&cdc=true')).toBeNull();
    expect(postgresConnector.validateUri('postgresql://u:pw@h/db?table=t&cdc=maybe')).toBe(
      'invalid parameter \'cdc\' in \'postgresql://u:***@h/db?table=t&cdc=maybe\': Invalid option: expected one of "true"|"false"',
    );
    expect(postgresConnector.validateUri('postgresql://u@h/db?table=t&slot=Bad-Name')).toBe(
      "invalid parameter 'slot' in 'postgresql://u@h/db?table=t&slot=Bad-Name': must be 1-63 lower-case letters, digits or \"_\"",
    );
  });
});
