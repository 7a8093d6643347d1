import type { ConnectorDefinition } from '../types.ts';
import { parseDatagenConfig } from './config.ts';
import { createDatagenSource } from './source.ts';

export const datagenConnector: ConnectorDefinition = {
  scheme: 'datagen',
  createSource: createDatagenSource,
  validateUri(uri) {
    const config = parseDatagenConfig(uri);
    return typeof config === 'string' ? config : null;
  },
};

export { type DatagenConfig, parseDatagenConfig } from './config.ts';
export { DatagenSource } from './source.ts';
