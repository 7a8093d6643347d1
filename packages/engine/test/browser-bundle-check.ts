/**
 * Test support (exported as `@velo/engine/test/browser-bundle-check`, for tests only): bundles a
 * package entry for the browser with esbuild and asserts that nothing in its import graph is a
 * Node built-in (node:*, fs, buffer…) or WASM, and that the code uses no Node globals — what a
 * browser Web Worker (the console's previews) needs. The engine's and the runtime's
 * browser-bundle tests both call it.
 */
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { expect } from 'vitest';

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export async function expectBrowserBundle(entry: string): Promise<void> {
  const forbidden: string[] = [];
  const guard: Plugin = {
    name: 'forbid-node',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.split('/')[0];
        if (
          args.path.startsWith('node:') ||
          builtins.has(args.path) ||
          builtins.has(bare) ||
          args.path.endsWith('.wasm')
        ) {
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
}
