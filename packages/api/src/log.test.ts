import { expect, it } from 'vitest';
import { describeServerError } from './log.ts';

it('keeps the first line of a message, with the name and code', () => {
  const error = Object.assign(
    new Error('\nInvalid `prisma.connection.create()` invocation:\n{ data: { name: "x" } }'),
    { code: 'P2002', name: 'PrismaClientKnownRequestError' },
  );
  expect(describeServerError(error)).toBe(
    'PrismaClientKnownRequestError (P2002): Invalid `prisma.connection.create()` invocation:',
  );
  expect(describeServerError('boom\nmore')).toBe('boom');
  expect(describeServerError(42)).toBe('unknown error');
});
