import type { ApiEnv } from '../../env.ts';
import type { Mailer } from './mailer.ts';
import { createOutboxMailer } from './outbox-mailer.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

/** SMTP when `SMTP_URL` is set, otherwise files under `VELO_MAIL_DIR` with the links logged. */
export function mailerFromEnv(env: ApiEnv): Mailer {
  if (env.SMTP_URL) return createSmtpMailer(env.SMTP_URL, env.MAIL_FROM);
  return createOutboxMailer(env.VELO_MAIL_DIR, env.MAIL_FROM);
}
