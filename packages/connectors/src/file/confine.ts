/**
 * File paths under the process's egress policy. The worker configures one (job SQL is written
 * by other people); the `velo` CLI configures none, so its user reads and writes files anywhere
 * their own rights allow.
 */
import { constants } from 'node:fs';
import { currentEgressPolicy } from '../egress/current.ts';
import { confineFilePath } from '../egress/file-root.ts';

/**
 * The path to open: under a policy, the real path (symlinks resolved) inside VELO_FILE_ROOT,
 * else EgressDeniedError; without one, the path as given.
 */
export async function confinedPath(path: string): Promise<{ path: string; confined: boolean }> {
  const policy = currentEgressPolicy();
  if (!policy) return { path, confined: false };
  return { path: await confineFilePath(path, policy), confined: true };
}

/**
 * open(2) flags for a confined path: O_NOFOLLOW, so a symlink swapped in for the checked file
 * between the check and the open is refused (ELOOP) rather than followed out of the root.
 */
export function openFlags(mode: 'r' | 'w' | 'a', confined: boolean): string | number {
  if (!confined) return mode;
  const base = {
    r: constants.O_RDONLY,
    w: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
    a: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
  }[mode];
  return base | constants.O_NOFOLLOW;
}
