import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where the workspace package.json lives). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Local state for `npm start` and `npm test`: embedded Postgres, Kafka, generated keys. */
export const veloDir = path.join(repoRoot, '.velo');

export function repoPath(...parts: string[]): string {
  return path.join(repoRoot, ...parts);
}

/** A binary from the workspace's node_modules/.bin. */
export function binPath(name: string): string {
  const local = repoPath('node_modules', '.bin', name);
  if (!existsSync(local)) throw new Error(`${name} is not installed; run npm install first`);
  return local;
}
