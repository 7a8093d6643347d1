import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linkDependencies } from './postgres-binaries.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'velo-pg-links-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the shared binaries copy', () => {
  it('relinks a dependency whose checkout was deleted, and keeps a live link', () => {
    const wrapper = path.join(dir, 'wrapper');
    mkdirSync(wrapper);
    writeFileSync(
      path.join(wrapper, 'package.json'),
      JSON.stringify({ dependencies: { pg: '^8', 'async-exit-hook': '^2' } }),
    );
    const modules = path.join(dir, 'node_modules');
    mkdirSync(modules);
    // pg linked into a checkout that no longer exists; async-exit-hook not linked at all
    symlinkSync(path.join(dir, 'deleted-checkout', 'node_modules', 'pg'), path.join(modules, 'pg'));
    expect(existsSync(path.join(modules, 'pg'))).toBe(false);

    // this checkout's packages (vitest has no import.meta.resolve; the workspace root's folder)
    const installed = (name: string) => path.resolve('node_modules', name);
    linkDependencies(modules, wrapper, installed);

    for (const dependency of ['pg', 'async-exit-hook']) {
      const link = path.join(modules, dependency);
      expect(existsSync(path.join(link, 'package.json'))).toBe(true);
      expect(readlinkSync(link)).toMatch(new RegExp(`node_modules/${dependency}$`));
    }
    const before = readlinkSync(path.join(modules, 'pg'));
    linkDependencies(modules, wrapper, installed);
    expect(readlinkSync(path.join(modules, 'pg'))).toBe(before);
  });
});
