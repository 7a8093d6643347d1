import type { ConnectorDefinition } from '../types.ts';
import { parseStdoutUri } from './config.ts';
import { createStdoutSink } from './sink.ts';

export const stdoutConnector: ConnectorDefinition = {
  scheme: 'stdout',
  createSink: createStdoutSink,
  validateUri(uri) {
    const config = parseStdoutUri(uri);
    return typeof config === 'string' ? config : null;
  },
};

export { parseStdoutUri, type StdoutConfig } from './config.ts';
export { StdoutSink } from './sink.ts';
