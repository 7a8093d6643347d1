/**
 * The runtime (with the engine) runs in a browser Web Worker for previews, so bundling it for the
 * browser must succeed with no Node built-in (node:*, fs, buffer...) and no WASM anywhere in its
 * import graph.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectBrowserBundle } from '@velo/engine/test/browser-bundle-check';
import { it } from 'vitest';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.ts');

it('bundles for the browser without Node built-ins or WASM', async () => {
  await expectBrowserBundle(entry);
}, 60_000);
