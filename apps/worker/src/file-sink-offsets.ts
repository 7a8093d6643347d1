/**
 * Exactly-once output for file sinks: at each checkpoint (after the run loop flushed the sinks)
 * the byte length of every file sink is stored with the checkpoint; a run that resumes from it
 * truncates the file back to that length before appending, so output written after the
 * checkpoint by a crashed or fenced worker is dropped, not duplicated.
 */
import { stat, truncate } from 'node:fs/promises';
import { parseFileUri } from '@velo/connectors';

/** The file a `file://` sink URI writes, or null for other sinks (and globs). */
export function fileSinkPath(uri: string): string | null {
  if (!/^file:/i.test(uri)) return null;
  const config = parseFileUri(uri);
  if (typeof config === 'string' || /[*?[]/.test(config.path)) return null;
  return config.path;
}

export async function fileSinkOffsets(uris: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const uri of uris) {
    const path = fileSinkPath(uri);
    if (!path) continue;
    try {
      out[uri] = (await stat(path)).size;
    } catch {
      out[uri] = 0;
    }
  }
  return out;
}

/** Truncates each file sink back to its checkpointed length; returns the bytes dropped. */
export async function rewindFileSinks(offsets: Record<string, number>): Promise<number> {
  let dropped = 0;
  for (const [uri, length] of Object.entries(offsets)) {
    const path = fileSinkPath(uri);
    if (!path) continue;
    try {
      const size = (await stat(path)).size;
      if (size > length) {
        await truncate(path, length);
        dropped += size - length;
      }
    } catch {
      // A missing file has nothing to drop; the sink creates it.
    }
  }
  return dropped;
}
