/**
 * A real SMTP server on 127.0.0.1 (npm smtp-server) that keeps every mail it receives, and a
 * Mailer that sends to it through nodemailer: tests read the mails a user would get.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../src/services/mail/smtp-mailer.ts';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The raw message with quoted-printable soft breaks and escapes undone. */
  text: string;
}

const received: ReceivedMail[] = [];

function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
        raw,
        text: decodeQuotedPrintable(raw),
      });
      callback();
    });
  },
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
server.server.unref();
export const SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
export const smtpMailer = createSmtpMailer(SMTP_URL, 'Velo tests <tests@velo.test>');

/** Mails received for `address`, oldest first. */
export function mailsTo(address: string): ReceivedMail[] {
  return received.filter((mail) => mail.to.includes(address.toLowerCase()));
}

/**
 * The first link starting with `prefix` in the newest mail to `address` (waits up to 5 s for it
 * to arrive).
 */
export async function linkInMail(address: string, prefix: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const mails = mailsTo(address);
    for (const mail of mails.reverse()) {
      const index = mail.text.indexOf(prefix);
      if (index >= 0) return mail.text.slice(index).split(/[\s"<>]/)[0]!;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${address} with a link to ${prefix}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
