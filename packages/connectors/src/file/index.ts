import type { ConnectorDefinition } from '../types.ts';
import { parseFileUri } from './config.ts';
import { createFileSink } from './sink.ts';
import { createFileSource } from './source.ts';

export const fileConnector: ConnectorDefinition = {
  scheme: 'file',
  createSource: createFileSource,
  createSink: createFileSink,
  validateUri(uri) {
    const config = parseFileUri(uri);
    return typeof config === 'string' ? config : null;
  },
};

export { type FileConfig, parseFileUri } from './config.ts';
export { FileSink, RowFormatter } from './sink.ts';
export { type FilePosition, FileSource } from './source.ts';
