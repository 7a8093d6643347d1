/**
 * The Source/Sink contract lives in @velo/runtime (the run loop owns it); connectors re-export
 * it so `import type { Source } from '../types.ts'` keeps working. Only Node-side extensions
 * (the stdout stream) and the registry's ConnectorDefinition are declared here.
 */
import type { SinkOptions as RuntimeSinkOptions, Sink, Source, SourceOptions } from '@velo/runtime';

export type {
  EngineRecord,
  ResolvedConnection,
  Sink,
  Source,
  SourceBatch,
  SourceDeadLetter,
  SourceOptions,
  SourcePosition,
  Value,
} from '@velo/runtime';

export interface SinkOptions extends RuntimeSinkOptions {
  /** Where stdout:// writes; defaults to process.stdout. */
  stdout?: NodeJS.WritableStream;
}

export interface ConnectorDefinition {
  /** URI scheme without the colon: `file`, `datagen`, `kafka`... */
  scheme: string;
  createSource?(uri: string, options: SourceOptions): Promise<Source>;
  createSink?(uri: string, options: SinkOptions): Promise<Sink>;
  /** Checks a URI without opening anything; returns an error message or null. */
  validateUri(uri: string): string | null;
}
