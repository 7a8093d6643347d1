import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from './client.ts';
import { connectionSecretAad, decryptSecret, encryptSecret, loadKeyring } from './crypto.ts';
import { reencryptConnectionSecrets } from './rotate-secrets.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is not set (run integration tests with npm test)');

const keyring = loadKeyring({ current: Buffer.alloc(32, 9).toString('base64') });
const suffix = randomUUID().slice(0, 8);

describe('Prisma client against the migrated database', () => {
  let prisma: PrismaClient;
  let teamId: string;
  const userId = `db-test-user-${suffix}`;

  beforeAll(async () => {
    prisma = createPrismaClient(databaseUrl);
    await prisma.user.create({
      data: { id: userId, name: 'DB Test', email: `db-test-${suffix}@velo.test` },
    });
    const team = await prisma.team.create({
      data: {
        name: 'DB test team',
        slug: `db-test-${suffix}`,
        memberships: { create: { userId, role: 'OWNER' } },
      },
    });
    teamId = team.id;
  });

  afterAll(async () => {
    await prisma.team.deleteMany({ where: { id: teamId } });
    await prisma.user.deleteMany({ where: { id: userId } });
    await prisma.$disconnect();
  });

  it('stores a connection secret only as an AES-256-GCM envelope', async () => {
    const secret = JSON.stringify({ password: `plain-${suffix}` });
    const sealed = encryptSecret(keyring, secret);
    const created = await prisma.connection.create({
      data: {
        teamId,
        name: 'warehouse',
        type: 'postgresql',
        config: { host: 'db.internal', port: 5432, database: 'dw', user: 'etl', ssl: false },
        encryptedSecret: sealed.encryptedSecret,
        keyId: sealed.keyId,
        createdById: userId,
        updatedById: userId,
      },
    });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT * FROM "Connection" WHERE id = $1', [created.id]);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows[0])).not.toContain(`plain-${suffix}`);
      expect(rows[0].keyId).toBe(keyring.current.id);
    } finally {
      await client.end();
    }

    const loaded = await prisma.connection.findUniqueOrThrow({
      where: { teamId_name: { teamId, name: 'warehouse' } },
    });
    expect(loaded.config).toEqual({
      host: 'db.internal',
      port: 5432,
      database: 'dw',
      user: 'etl',
      ssl: false,
    });
    expect(decryptSecret(keyring, loaded.encryptedSecret!, loaded.keyId!)).toBe(secret);
  });

  it('enforces one connection name per team', async () => {
    const data = {
      teamId,
      name: 'dup',
      type: 'datagen' as const,
      config: { generator: 'orders' },
      createdById: userId,
      updatedById: userId,
    };
    await prisma.connection.create({ data });
    await expect(prisma.connection.create({ data })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('re-seals secrets under a new key after a rotation', async () => {
    const oldKeyring = loadKeyring({ current: Buffer.alloc(32, 1).toString('base64') });
    const sealed = encryptSecret(oldKeyring, 'rotate-me');
    const created = await prisma.connection.create({
      data: {
        teamId,
        name: 'rotating',
        type: 'kafka',
        config: { brokers: ['127.0.0.1:9092'], ssl: false, sasl: null },
        encryptedSecret: sealed.encryptedSecret,
        keyId: sealed.keyId,
        createdById: userId,
        updatedById: userId,
      },
    });
    const rotated = loadKeyring({
      current: Buffer.alloc(32, 9).toString('base64'),
      previous: Buffer.alloc(32, 1).toString('base64'),
    });
    const result = await reencryptConnectionSecrets(prisma, rotated, { teamId });
    // Both secrets are re-sealed: this one under the new key, the other (current key, sealed
    // before secrets were bound) to bind it to its team and connection.
    expect(result).toEqual({ total: 2, resealed: 2 });
    const after = await prisma.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(after.keyId).toBe(rotated.current.id);
    expect(
      decryptSecret(
        keyring,
        after.encryptedSecret!,
        after.keyId!,
        connectionSecretAad(teamId, created.id),
      ),
    ).toBe('rotate-me');
    expect((await reencryptConnectionSecrets(prisma, rotated, { teamId })).resealed).toBe(0);
  });
});
