import { confineFilePath, EgressDeniedError } from '@velo/connectors/egress';
import { getEgressPolicy } from '../../env.ts';
import { AppError } from '../../errors.ts';

/**
 * Refuses to save a file connection outside VELO_FILE_ROOT (symlinks resolved), with the
 * message on the path field. Probes and jobs check again at use: a link may change later.
 */
export async function assertInsideFileRoot(filePath: string): Promise<void> {
  try {
    await confineFilePath(filePath, getEgressPolicy());
  } catch (error) {
    if (!(error instanceof EgressDeniedError)) throw error;
    const message = `Path must be inside the file root ${getEgressPolicy().fileRoot}`;
    throw new AppError('INVALID_INPUT', message, { 'config.path': [message] });
  }
}
