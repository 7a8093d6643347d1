/**
 * File connections and `file:` URIs are confined to the policy's file root. Symlinks are
 * resolved first, so a link inside the root that points outside it is refused too.
 */
import { realpathSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { EgressDeniedError } from './address.ts';
import type { EgressPolicy } from './policy.ts';

async function realpathOfDeepestExisting(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      const real = await realpath(current);
      return path.join(real, ...missing.reverse());
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * The real path of `filePath` when it lies inside the file root (the path may not exist yet: a
 * sink creates it); throws EgressDeniedError otherwise. Relative paths are taken from the root.
 * Glob characters are kept as they are: the caller expands them inside the returned folder.
 */
export async function confineFilePath(filePath: string, policy: EgressPolicy): Promise<string> {
  if (filePath.includes('\0')) throw new EgressDeniedError('a file path may not contain NUL');
  await mkdir(policy.fileRoot, { recursive: true }).catch(() => {});
  const root = await realpath(policy.fileRoot).catch(() => path.resolve(policy.fileRoot));
  const resolved = await realpathOfDeepestExisting(path.resolve(root, filePath));
  return insideRoot(filePath, root, resolved, policy);
}

function insideRoot(filePath: string, root: string, resolved: string, policy: EgressPolicy) {
  const relative = path.relative(root, resolved);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    return resolved;
  }
  throw new EgressDeniedError(
    `${filePath} is outside the file root ${policy.fileRoot} (VELO_FILE_ROOT)`,
  );
}

/**
 * `confineFilePath` for an existing file read synchronously (TLS key and certificate files of
 * a Kafka URI): its real path inside the root, else EgressDeniedError.
 */
export function confineExistingFileSync(filePath: string, policy: EgressPolicy): string {
  if (filePath.includes('\0')) throw new EgressDeniedError('a file path may not contain NUL');
  let root: string;
  try {
    root = realpathSync(policy.fileRoot);
  } catch {
    root = path.resolve(policy.fileRoot);
  }
  let resolved: string;
  try {
    resolved = realpathSync(path.resolve(root, filePath));
  } catch {
    // A missing file outside the root reads as outside, not as missing (no existence oracle).
    resolved = path.resolve(root, filePath);
  }
  return insideRoot(filePath, root, resolved, policy);
}
