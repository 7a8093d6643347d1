import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { confineExistingFileSync, confineFilePath } from './file-root.ts';
import { type EgressPolicy, egressPolicyFromEnv } from './policy.ts';

let root: string;
let policy: EgressPolicy;

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'velo-file-root-'));
  root = path.join(base, 'files');
  await mkdir(path.join(root, 'in'), { recursive: true });
  await writeFile(path.join(root, 'in', 'orders.jsonl'), '{}\n');
  await symlink('/etc', path.join(root, 'etc-link'));
  policy = egressPolicyFromEnv({ VELO_FILE_ROOT: root });
});

describe('confineFilePath', () => {
  it('accepts existing and not-yet-existing paths inside the root', async () => {
    expect(await confineFilePath(path.join(root, 'in/orders.jsonl'), policy)).toBe(
      path.join(root, 'in/orders.jsonl'),
    );
    expect(await confineFilePath(path.join(root, 'out/new.jsonl'), policy)).toBe(
      path.join(root, 'out/new.jsonl'),
    );
    expect(await confineFilePath('in/orders.jsonl', policy)).toBe(
      path.join(root, 'in/orders.jsonl'),
    );
  });

  it('refuses paths outside the root, by .. or through a symlink', async () => {
    for (const outside of [
      '/etc/shadow',
      path.join(root, '../x.csv'),
      path.join(root, 'etc-link/shadow'),
    ]) {
      await expect(confineFilePath(outside, policy)).rejects.toThrow(
        `${outside} is outside the file root ${root} (VELO_FILE_ROOT)`,
      );
    }
  });
});

describe('confineExistingFileSync', () => {
  it('returns the real path of a file inside the root', () => {
    expect(confineExistingFileSync(path.join(root, 'in/orders.jsonl'), policy)).toBe(
      path.join(root, 'in/orders.jsonl'),
    );
  });

  it('refuses files outside the root, through a symlink, and missing ones outside alike', () => {
    for (const outside of [
      '/etc/passwd',
      path.join(root, 'etc-link/passwd'),
      '/nope/missing.pem',
    ]) {
      expect(() => confineExistingFileSync(outside, policy)).toThrow(
        `${outside} is outside the file root ${root} (VELO_FILE_ROOT)`,
      );
    }
  });
});
