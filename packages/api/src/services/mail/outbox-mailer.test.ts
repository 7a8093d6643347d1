import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { linkMail } from './mailer.ts';
import { createOutboxMailer } from './outbox-mailer.ts';

it('writes each mail to a private file in the outbox (embedded mode without SMTP)', async () => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'velo-mail-')), 'mail');
  const mailer = createOutboxMailer(dir, 'Velo <no-reply@velo.local>');
  await mailer.send(
    linkMail({
      to: 'ada@example.com',
      subject: 'Verify your email address for Velo',
      paragraphs: ['Hello <Ada>,'],
      linkLabel: 'Verify your email address',
      url: 'http://localhost:3000/api/auth/verify-email?token=abc&callbackURL=%2F',
    }),
  );
  const files = await readdir(dir);
  expect(files).toHaveLength(1);
  const file = path.join(dir, files[0]!);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(await readFile(file, 'utf8')).toBe(
    [
      'From: Velo <no-reply@velo.local>',
      'To: ada@example.com',
      'Subject: Verify your email address for Velo',
      '',
      'Hello <Ada>,',
      '',
      'Verify your email address:',
      '',
      'http://localhost:3000/api/auth/verify-email?token=abc&callbackURL=%2F',
      '',
      '',
    ].join('\n'),
  );
});
