/**
 * The runtime (with the engine) runs in a browser Web Worker for previews, so bundling it for the browser must succeed with no
 * Node built-in (node:*, fs, buffer...) and no WASM anywhere in its import graph.
 */
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { expect, it } from 'vitest';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.ts');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

it('bundles for the browser without Node built-ins or WASM', async () => {
  const forbidden: string[] = [];
  const guard: Plugin = {
    name: 'forbid-node',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/')[0];
        if (args.path.startsWith('node:') || builtins.has(args.path) || builtins.has(bare)) {
          forbidden.push(`${args.path} (imported by ${args.importer})`);
          return { path: args.path, external: true };
        }
        if (args.path.endsWith('.wasm')) {
          forbidden.push(`${args.path} (imported by ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [guard],
  });
  expect(result.errors).toEqual([]);
  expect(forbidden).toEqual([]);
  const code = result.outputFiles[0].text;
  expect(code.length).toBeGreaterThan(10_000);
  // Node globals would throw in a Web Worker.
  expect(code).not.toMatch(/\bBuffer\.(from|alloc|concat)\(/);
  expect(code).not.toMatch(/\brequire\(["']/);
}, 60_000);
