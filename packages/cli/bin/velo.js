#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: register tsx's ESM loader, then load main.ts.
import { register } from 'tsx/esm/api';

register();
try {
  const { main } = await import(new URL('../src/main.ts', import.meta.url).href);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
