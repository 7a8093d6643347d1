/**
 * The driver adapter Prisma's WASM schema engine uses for `migrate dev|deploy|status`
 * (see prisma.config.ts). Prisma's native schema engine cannot be downloaded offline, and
 * @prisma/adapter-pg 6.19.3 needs three small workarounds to run migrations:
 *  1. `Column type 'name'/'char' could not be deserialized` (prisma/orm#27403): the catalog
 *     queries return types 19 (name) and 18 ("char"); report them as text (25).
 *  2. The shadow database config is built as `{...config, database}`, and a connectionString
 *     would override `database`, so the pool config uses separate fields.
 *  3. The shadow database is dropped before its pool closes ("is being accessed by other
 *     users"): close the pool first, then drop it.
 *  4. `executeScript` splits a migration at every `;`, even inside comments, strings and
 *     function bodies (`$$ ... $$`): send the script whole instead (PostgreSQL's simple query
 *     protocol runs several statements, in one implicit transaction).
 * The runtime client (client.ts) needs none of this.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

const PG_CHAR = 18;
const PG_NAME = 19;
const PG_TEXT = 25;

interface FieldLike {
  dataTypeID: number;
}

function reportNameAndCharAsText<T>(result: T): T {
  const fields = (result as { fields?: FieldLike[] } | undefined)?.fields ?? [];
  for (const field of fields) {
    if (field.dataTypeID === PG_CHAR || field.dataTypeID === PG_NAME) field.dataTypeID = PG_TEXT;
  }
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg.Pool calls the callback form, the adapter's own clients the promise form: wrap both.
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads.
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last];
      // biome-ignore lint/suspicious/noExplicitAny: see above
      args[last] = (error: unknown, result: any) =>
        callback(error, error ? result : reportNameAndCharAsText(result));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    if (result && typeof result.then === 'function') return result.then(reportNameAndCharAsText);
    return result;
  }
}

/** Splits a postgres:// URL into the separate fields the shadow-database code needs. */
export function poolConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    Client: NameAsTextClient,
  };
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

/** Workaround 4: run a migration script as one query instead of split at every `;`. */
function runScriptsWhole(adapter: Adapter): Adapter {
  const internals = adapter as unknown as {
    client: pg.Pool;
    onError(error: unknown): never;
  };
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

class MigrationPgAdapterFactory extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override async connect() {
    return runScriptsWhole(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = runScriptsWhole(await new PrismaPg({ ...this.poolConfig, database }).connect());
    const originalDispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await originalDispose();
      await admin.executeScript(`DROP DATABASE "${database}"`);
      await admin.dispose();
    };
    return shadow;
  }
}

export function createMigrationAdapter(databaseUrl: string): PrismaPg {
  return new MigrationPgAdapterFactory(poolConfigFromUrl(databaseUrl));
}
