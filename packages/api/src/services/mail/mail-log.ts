import pino from 'pino';

/** The mail subsystem's logger (where mails went; never their tokens beyond the outbox link). */
export const mailLog = pino({ name: 'velo-mail' });
