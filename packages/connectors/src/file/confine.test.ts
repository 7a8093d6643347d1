/**
 * File sources and sinks under the process's egress policy (the worker configures one at boot):
 * every path, and every file a glob matches, must resolve inside VELO_FILE_ROOT with symlinks
 * resolved. Without a policy (the `velo` CLI) files are read anywhere. Real files and links.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatJsonRow } from '@velo/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { configureEgress, EgressDeniedError, egressPolicyFromEnv } from '../egress/index.ts';
import { createSink, createSource } from '../registry.ts';
import type { Source } from '../types.ts';

const base = mkdtempSync(join(tmpdir(), 'velo-file-confine-'));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(root);
mkdirSync(outside);
writeFileSync(join(root, 'ok.jsonl'), '{"id": 1}\n');
writeFileSync(join(outside, 'secret.jsonl'), '{"secret": "s3"}\n');
mkdirSync(join(root, 'mixed'));
writeFileSync(join(root, 'mixed', 'a.jsonl'), '{"id": 2}\n');
symlinkSync(join(outside, 'secret.jsonl'), join(root, 'mixed', 'b.jsonl'));
symlinkSync(join(outside, 'secret.jsonl'), join(root, 'link.jsonl'));
symlinkSync(outside, join(root, 'linkdir'));

const uri = (path: string) => pathToFileURL(path).href;
const withRoot = () =>
  configureEgress(
    egressPolicyFromEnv({ VELO_MODE: 'production', VELO_FILE_ROOT: root }, { ownPorts: [] }),
  );
const outsideMessage = (path: string) =>
  `${path} is outside the file root ${root} (VELO_FILE_ROOT)`;

async function rows(source: Source): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const batch = await source.readBatch(100);
    for (const r of batch.records) out.push(formatJsonRow(r.fields));
    if (batch.done) break;
  }
  await source.close();
  return out;
}

async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

afterEach(() => configureEgress(null));

describe('file connector under the egress policy', () => {
  it('reads a file inside the root', async () => {
    withRoot();
    expect(await rows(await createSource(uri(join(root, 'ok.jsonl'))))).toEqual(['{"id":1}']);
  });

  it('refuses a file outside the root, and /etc/shadow', async () => {
    withRoot();
    const secret = join(outside, 'secret.jsonl');
    const error = await failure(createSource(uri(secret)));
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error.message).toBe(outsideMessage(secret));
    const shadow = await failure(createSource('file:///etc/shadow?format=csv'));
    expect(shadow).toBeInstanceOf(EgressDeniedError);
    expect(shadow.message).toBe(outsideMessage('/etc/shadow'));
  });

  it('refuses a symlink inside the root that points outside it', async () => {
    withRoot();
    const link = join(root, 'link.jsonl');
    const error = await failure(createSource(uri(link)));
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error.message).toBe(outsideMessage(link));
  });

  it('refuses a glob through a linked folder, and a linked file a glob matches', async () => {
    withRoot();
    const throughLink = join(root, 'linkdir', '*.jsonl');
    const folder = await failure(createSource(uri(throughLink)));
    expect(folder).toBeInstanceOf(EgressDeniedError);
    expect(folder.message).toBe(outsideMessage(throughLink));
    // mixed/a.jsonl is inside; mixed/b.jsonl links out: the source fails rather than read it.
    const source = createSource(uri(join(root, 'mixed', '*.jsonl')));
    const matched = await failure(source.then(rows));
    expect(matched).toBeInstanceOf(EgressDeniedError);
    expect(matched.message).toBe(outsideMessage(join(root, 'mixed', 'b.jsonl')));
  });

  it('refuses a sink outside the root (directly or through a link) and creates nothing', async () => {
    withRoot();
    const direct = join(outside, 'out.jsonl');
    const error = await failure(createSink(uri(direct)));
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error.message).toBe(outsideMessage(direct));
    const linked = join(root, 'linkdir', 'new', 'out.jsonl');
    const viaLink = await failure(createSink(uri(linked)));
    expect(viaLink).toBeInstanceOf(EgressDeniedError);
    expect(viaLink.message).toBe(outsideMessage(linked));
    expect(existsSync(direct)).toBe(false);
    expect(existsSync(join(outside, 'new'))).toBe(false);
  });

  it('writes a sink inside the root', async () => {
    withRoot();
    const path = join(root, 'sub', 'out.jsonl');
    const sink = await createSink(uri(path));
    await sink.writeBatch(['id'], [{ fields: { id: 7n }, eventTime: 0 }]);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('{"id":7}\n');
  });

  it('without a policy (the CLI) reads files anywhere', async () => {
    expect(await rows(await createSource(uri(join(outside, 'secret.jsonl'))))).toEqual([
      '{"secret":"s3"}',
    ]);
    expect(await rows(await createSource(uri(join(root, 'link.jsonl'))))).toEqual([
      '{"secret":"s3"}',
    ]);
  });
});
