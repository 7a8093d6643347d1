import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { confineFilePath, type EgressPolicy } from '@velo/connectors/egress';
import type { FileConfig } from './connection-config.ts';

/**
 * A file source needs a readable file; a sink may create it, so its folder is enough. Paths
 * outside VELO_FILE_ROOT (after resolving symlinks) are refused without looking at them, so a
 * probe cannot tell whether `/etc/shadow` exists.
 */
export async function probeFile(config: FileConfig, policy: EgressPolicy): Promise<void> {
  const real = await confineFilePath(config.path, policy);
  try {
    await access(real, constants.R_OK);
    return;
  } catch (error) {
    if ((error as { code?: string }).code === 'EACCES') {
      throw new Error(`The server cannot read ${config.path}; check the file's permissions`);
    }
  }
  const folder = path.dirname(real);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory())
    throw new Error(`Neither ${config.path} nor its folder exists; check the path`);
}
