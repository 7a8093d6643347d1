export { createPrismaClient, type PrismaClient } from './client.ts';
export * from './generated/enums.ts';
export type * from './generated/models.ts';
