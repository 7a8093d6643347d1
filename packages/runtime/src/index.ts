/**
 * @velo/runtime — the one run loop (sources → pipeline → sinks) shared by the CLI, the worker
 * and the browser preview. Pure TypeScript, no Node built-ins.
 */
export type * from './types.ts';
