import { stat } from 'node:fs/promises';
import { confineFilePath, type EgressPolicy, expandGlob } from '@velo/connectors';
import { CATALOG_MAX_OBJECTS, type CatalogObject } from './catalog-object.ts';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The files a saved file connection reads (its path, or the files its glob matches), each
 * confined to VELO_FILE_ROOT after resolving symlinks: a match that leads outside is not shown.
 * A file connection is read whole, so every file's URI is the connection's (`file://@name`).
 */
export async function listConnectionFiles(
  name: string,
  config: Record<string, unknown>,
  policy: EgressPolicy,
): Promise<{ objects: CatalogObject[]; truncated: boolean }> {
  const path = String(config.path);
  await confineFilePath(path, policy); // the pattern itself must lie inside the root
  const matches = await expandGlob(path);
  const objects: CatalogObject[] = [];
  for (const file of matches.slice(0, CATALOG_MAX_OBJECTS)) {
    try {
      const real = await confineFilePath(file, policy);
      const info = await stat(real);
      if (!info.isFile()) continue;
      objects.push({
        kind: 'file',
        name: file,
        uri: `file://@${name}`,
        detail: formatBytes(info.size),
      });
    } catch {
      // Outside the root (a symlink) or gone since the listing: not offered.
    }
  }
  return { objects, truncated: matches.length > CATALOG_MAX_OBJECTS };
}
