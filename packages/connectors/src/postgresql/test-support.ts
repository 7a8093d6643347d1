/** Helpers for the PostgreSQL integration tests: the shared server from DATABASE_URL. */

import pg from 'pg';
import type { Sink, SinkOptions, Source, SourceOptions } from '../types.ts';
import { postgresConnector } from './index.ts';

// Straight to this connector (not the registry), so other connectors' work cannot break these tests.
export function createSource(uri: string, options: SourceOptions = {}): Promise<Source> {
  return postgresConnector.createSource?.(uri, options) as Promise<Source>;
}

export function createSink(uri: string, options: SinkOptions = {}): Promise<Sink> {
  return postgresConnector.createSink?.(uri, options) as Promise<Sink>;
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (run through npm test or set it)');
  // Connector parameters are appended with `?`/`&`; drop any the runner added.
  return url.split('?')[0];
}

/** A lower-case name unique to this run, e.g. `pgsrc_k3v9x2`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function withAdmin<T>(action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

export function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  return withAdmin((client) => client.query(text, values));
}

/**
 * Drops a replication slot (a forgotten one keeps WAL on the shared server forever). Its
 * walsender may still be exiting right after the source closed, so wait for it to let go.
 */
export async function dropSlot(slot: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await sql(
        'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
        [slot],
      );
      return;
    } catch (error) {
      if (attempt >= 50 || !/is active/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
