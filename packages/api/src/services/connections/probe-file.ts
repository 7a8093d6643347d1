import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileConfig } from './connection-config.ts';

/** A file source needs a readable file; a sink may create it, so its folder is enough. */
export async function probeFile(config: FileConfig): Promise<void> {
  try {
    await access(config.path, constants.R_OK);
    return;
  } catch (error) {
    if ((error as { code?: string }).code === 'EACCES') {
      throw new Error(`${config.path} is not readable by the server`);
    }
  }
  const folder = path.dirname(config.path);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`neither ${config.path} nor its folder exists`);
}
