import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const GLOB_CHARS = /[*?[]/;

export function hasGlob(path: string): boolean {
  return GLOB_CHARS.test(path);
}

function segmentToRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Expands a path whose segments may hold `*`, `?` and `[...]` into the matching regular files,
 * sorted by full path (so `part-*.csv` reads in name order). A path without glob characters is
 * returned as is, even if it does not exist, so the caller reports the missing file.
 */
export async function expandGlob(path: string): Promise<string[]> {
  if (!hasGlob(path)) return [path];
  const segments = path.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = [segments[0] === '' ? '/' : segments[0]];
  for (const segment of segments.slice(1)) {
    const next: string[] = [];
    for (const base of bases) {
      if (!hasGlob(segment)) {
        next.push(join(base, segment));
        continue;
      }
      const re = segmentToRegExp(segment);
      let names: string[];
      try {
        names = await readdir(base);
      } catch {
        continue;
      }
      for (const name of names.sort()) if (re.test(name)) next.push(join(base, name));
    }
    bases = next;
  }
  const files: string[] = [];
  for (const candidate of bases) {
    try {
      if ((await stat(candidate)).isFile()) files.push(candidate);
    } catch {
      // vanished between readdir and stat
    }
  }
  return files.sort();
}
