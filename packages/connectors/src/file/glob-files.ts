import type { FileConfig } from './config.ts';
import { confinedPath } from './confine.ts';
import { expandGlob } from './glob.ts';

/** Where a file source resumes: the file by index (bounded) or by name (watch mode). */
export interface GlobResume {
  file?: number;
  path?: string;
  seen?: string[];
}

/**
 * The files a file source (text or Parquet) reads, in name order. In watch mode it remembers the
 * files read to their end, so a rescan of the glob lists only new ones, and a checkpoint carries
 * them (`seen`) so a restart does not read them again. One place for the listing rules, so the
 * two sources cannot drift apart.
 */
export class GlobFiles {
  private readonly seen: Set<string>;
  private nextScanAt = 0;

  constructor(
    private readonly config: FileConfig,
    resumeFrom?: GlobResume,
  ) {
    this.seen = new Set(resumeFrom?.seen ?? []);
  }

  /**
   * The unread files at open, and the index to start at. A folder outside the file root is
   * refused before it is listed (nothing about it leaks); no match is an error unless watching.
   */
  async open(resumeFrom?: GlobResume): Promise<{ files: string[]; index: number }> {
    await confinedPath(this.config.path);
    const files = await this.unread();
    if (files.length === 0 && !this.config.watch) {
      throw new Error(`no file matches '${this.config.path}'`);
    }
    // Watch mode lists only unread files; the current one is found again by name.
    const index = resumeFrom?.path
      ? Math.max(0, files.indexOf(resumeFrom.path))
      : this.config.watch
        ? 0
        : (resumeFrom?.file ?? 0);
    return { files, index };
  }

  /** Watch mode: the glob's new files, listed at most every `watch.interval` ms ([] otherwise). */
  async rescan(now: number): Promise<string[]> {
    if (now < this.nextScanAt) return [];
    this.nextScanAt = now + this.config.watchIntervalMs;
    return this.unread();
  }

  markRead(path: string): void {
    this.seen.add(path);
  }

  /** The files read to their end, for the checkpoint. */
  readPaths(): string[] {
    return [...this.seen];
  }

  private async unread(): Promise<string[]> {
    return (await expandGlob(this.config.path)).filter((f) => !this.seen.has(f));
  }
}
