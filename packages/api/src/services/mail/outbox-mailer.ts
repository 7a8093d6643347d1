import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mailLog } from './mail-log.ts';
import type { Mailer } from './mailer.ts';

/**
 * Without SMTP (embedded mode), each mail is written to `dir` as a .txt file and its links are
 * printed in the log, so a local user can still verify their email and accept invitations.
 */
export function createOutboxMailer(dir: string, from: string): Mailer {
  const folder = path.resolve(dir);
  return {
    async send(mail) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(folder, `${stamp}-${randomBytes(3).toString('hex')}.txt`);
      const content = [
        `From: ${from}`,
        `To: ${mail.to}`,
        `Subject: ${mail.subject}`,
        '',
        mail.text,
      ].join('\n');
      await writeFile(file, content, { mode: 0o600 });
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      mailLog.info(
        { to: mail.to, subject: mail.subject, file, links },
        `mail to ${mail.to} written to ${file} (no SMTP_URL); link: ${links[0] ?? 'none'}`,
      );
    },
  };
}
