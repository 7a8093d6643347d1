/**
 * Where the embedded server keeps its data. Run as root, PostgreSQL runs as the `postgres`
 * user, which must be able to traverse every folder above the data folder. A checkout under
 * a private folder (e.g. /root, mode 0700) does not allow that, so the data then lives in
 * /var/lib/velo/<hash>/ with a symlink from the requested folder (e.g. .velo/pg) to it.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const FALLBACK_ROOT = '/var/lib/velo';

/** True when every existing folder from `dir` up to `/` is searchable by "others". */
export function traversableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

export function fallbackDataDir(dataDir: string): string {
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(FALLBACK_ROOT, hash, path.basename(dataDir));
}

/** The folder the server really uses for `dataDir`. */
export function serverDataDir(dataDir: string, runAsRoot: boolean): string {
  if (!runAsRoot || traversableByOthers(path.dirname(dataDir))) return dataDir;
  return fallbackDataDir(dataDir);
}
