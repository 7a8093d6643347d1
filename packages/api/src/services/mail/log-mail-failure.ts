import { describeServerError } from '../../log.ts';
import { mailLog } from './mail-log.ts';

/** A mail that could not be sent: one line for operators, without the mail's link. */
export function logMailFailure(kind: string, error: unknown): void {
  mailLog.error({ kind }, `sending the ${kind} mail failed: ${describeServerError(error)}`);
}
