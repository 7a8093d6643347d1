import type { Mailer } from './mailer.ts';

/** What services need to send a mail with a link into the console. */
export interface MailContext {
  mailer: Mailer;
  /** The console's origin (VELO_BASE_URL), for links in mails. */
  baseURL: string;
}

const contexts = new WeakMap<object, MailContext>();

/**
 * The mailer travels with the auth instance (createAuth registers it), so tRPC procedures use
 * the same mailer as better-auth's verification mails without another global.
 */
export function registerMailContext(owner: object, context: MailContext): void {
  contexts.set(owner, context);
}

export function mailContextOf(owner: object): MailContext {
  const context = contexts.get(owner);
  if (!context) throw new Error('no mailer registered for this auth instance');
  return context;
}
