import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FALLBACK_ROOT,
  fallbackDataDir,
  serverDataDir,
  traversableByOthers,
} from './data-location.ts';

describe('embedded data location', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'velo-location-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the folder when every parent is searchable', () => {
    const open = path.join(root, 'open');
    mkdirSync(open);
    chmodSync(root, 0o755);
    chmodSync(open, 0o755);
    expect(traversableByOthers(path.join(open, 'not-yet'))).toBe(true);
    expect(serverDataDir(path.join(open, 'pg'), true)).toBe(path.join(open, 'pg'));
  });

  it('moves the data out of a private folder when running as root', () => {
    const closed = path.join(root, 'closed');
    mkdirSync(closed);
    chmodSync(closed, 0o700);
    const requested = path.join(closed, '.velo', 'pg');
    expect(traversableByOthers(path.dirname(requested))).toBe(false);
    const real = serverDataDir(requested, true);
    expect(real).toBe(fallbackDataDir(requested));
    expect(real.startsWith(`${FALLBACK_ROOT}/`)).toBe(true);
    expect(path.basename(real)).toBe('pg');
    expect(fallbackDataDir(requested)).toBe(real);
    expect(serverDataDir(requested, false)).toBe(requested);
  });
});
