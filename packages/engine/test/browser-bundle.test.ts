/**
 * The engine runs in a browser Web Worker, so bundling it for the browser must succeed with no
 * Node built-in (node:*, fs, buffer...) and no WASM anywhere in its import graph.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { expectBrowserBundle } from './browser-bundle-check.ts';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.ts');

it('bundles for the browser without Node built-ins or WASM', async () => {
  await expectBrowserBundle(entry);
}, 60_000);
