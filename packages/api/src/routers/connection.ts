import { z } from 'zod';
import {
  CONNECTION_TYPES,
  ZConnectionName,
  ZConnectionSettings,
} from '../services/connections/connection-config.ts';
import { ZConnectionView } from '../services/connections/connection-view.ts';
import { createConnection } from '../services/connections/create-connection.ts';
import { deleteConnection } from '../services/connections/delete-connection.ts';
import { getConnection } from '../services/connections/get-connection.ts';
import { listConnections } from '../services/connections/list-connections.ts';
import { testConnection } from '../services/connections/test-connection.ts';
import { testConnectionDraft } from '../services/connections/test-connection-draft.ts';
import { updateConnection } from '../services/connections/update-connection.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';

const ZConnectionId = z
  .string({ error: 'Connection is required' })
  .min(1, 'Connection is required')
  .max(64);

export const ZListConnectionsResponse = z.array(ZConnectionView);

export const ZGetConnectionRequest = z.object({ id: ZConnectionId });
export const ZGetConnectionResponse = ZConnectionView;

export const ZCreateConnectionRequest = z.intersection(
  z.object({ name: ZConnectionName }),
  ZConnectionSettings,
);
export const ZCreateConnectionResponse = ZConnectionView;

export const ZUpdateConnectionRequest = z.object({
  id: ZConnectionId,
  name: ZConnectionName.optional(),
  /** Checked against the stored connection's type by the service. */
  config: z.record(z.string(), z.unknown(), { error: 'Settings must be an object' }).optional(),
  /**
   * Omitted: keep the stored secret, unless host, port, user, database, brokers, SSL or SASL
   * change (then it is cleared). null: clear it.
   */
  secret: z
    .record(z.string(), z.unknown(), { error: 'The secret must be an object' })
    .nullable()
    .optional(),
});
export const ZUpdateConnectionResponse = ZConnectionView;

export const ZDeleteConnectionRequest = z.object({ id: ZConnectionId });
export const ZDeleteConnectionResponse = z.object({ id: z.string() });

export const ZTestConnectionRequest = z.object({ id: ZConnectionId });
export const ZTestConnectionResponse = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), latencyMs: z.number() }),
  z.object({ ok: z.literal(false), error: z.string(), latencyMs: z.number() }),
]);

/** Unsaved settings from the create/edit form; `id` names the connection being edited. */
export const ZTestConnectionDraftRequest = z.object({
  id: ZConnectionId.optional(),
  type: z.enum(CONNECTION_TYPES, { error: 'Type must be one of postgresql, kafka, file, datagen' }),
  config: z.record(z.string(), z.unknown(), { error: 'Settings must be an object' }),
  secret: z
    .record(z.string(), z.unknown(), { error: 'The secret must be an object' })
    .nullable()
    .optional(),
});
export const ZTestConnectionDraftResponse = ZTestConnectionResponse;

export const connectionRouter = createTRPCRouter({
  list: teamProcedure('VIEWER')
    .output(ZListConnectionsResponse)
    .query(({ ctx }) => listConnections({ prisma: ctx.prisma }, { teamId: ctx.team.id })),

  get: teamProcedure('VIEWER')
    .input(ZGetConnectionRequest)
    .output(ZGetConnectionResponse)
    .query(({ ctx, input }) =>
      getConnection({ prisma: ctx.prisma }, { teamId: ctx.team.id, id: input.id }),
    ),

  create: teamProcedure('ADMIN')
    .input(ZCreateConnectionRequest)
    .output(ZCreateConnectionResponse)
    .mutation(({ ctx, input }) =>
      createConnection(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring() },
        { ...input, teamId: ctx.team.id },
      ),
    ),

  update: teamProcedure('ADMIN')
    .input(ZUpdateConnectionRequest)
    .output(ZUpdateConnectionResponse)
    .mutation(({ ctx, input }) =>
      updateConnection(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring() },
        { ...input, teamId: ctx.team.id },
      ),
    ),

  delete: teamProcedure('ADMIN')
    .input(ZDeleteConnectionRequest)
    .output(ZDeleteConnectionResponse)
    .mutation(({ ctx, input }) =>
      deleteConnection(
        { prisma: ctx.prisma, actor: ctx.actor },
        { teamId: ctx.team.id, id: input.id },
      ),
    ),

  test: teamProcedure('EDITOR')
    .input(ZTestConnectionRequest)
    .output(ZTestConnectionResponse)
    .mutation(({ ctx, input }) =>
      testConnection(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring() },
        { teamId: ctx.team.id, id: input.id },
      ),
    ),

  /** Probes the form's settings before they are saved; ADMIN, like saving them. */
  testDraft: teamProcedure('ADMIN')
    .input(ZTestConnectionDraftRequest)
    .output(ZTestConnectionDraftResponse)
    .mutation(({ ctx, input }) =>
      testConnectionDraft(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring() },
        { ...input, teamId: ctx.team.id },
      ),
    ),
});
