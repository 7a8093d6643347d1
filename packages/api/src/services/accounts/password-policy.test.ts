import { expect, it } from 'vitest';
import { COMMON_PASSWORDS_TEXT } from './generated/common-passwords.ts';
import { isCommonPassword, passwordProblem } from './password-policy.ts';

it('bundles exactly 100,000 distinct lower-case passwords, most common first', () => {
  const words = COMMON_PASSWORDS_TEXT.split('\n');
  expect(words).toHaveLength(100_000);
  expect(new Set(words).size).toBe(100_000);
  expect(words.slice(0, 4)).toEqual(['123456', 'password', '12345678', 'qwerty']);
  expect(words.every((word) => word === word.toLowerCase() && word.length > 0)).toBe(true);
});

it.each([
  ['short', 'PASSWORD_TOO_SHORT', 'Password must be at least 10 characters.'],
  [
    'Password123',
    'PASSWORD_TOO_COMMON',
    'This password is one of the most common passwords. Choose another one.',
  ],
  [
    'qwertyuiop',
    'PASSWORD_TOO_COMMON',
    'This password is one of the most common passwords. Choose another one.',
  ],
  ['x'.repeat(129), 'PASSWORD_TOO_LONG', 'Password must be at most 128 characters.'],
])('%s is refused', (password, code, message) => {
  expect(passwordProblem(password)).toEqual({ code, message });
});

it('accepts a long uncommon password', () => {
  expect(passwordProblem('correct horse battery')).toBeNull();
  expect(isCommonPassword('1234567890')).toBe(true);
  expect(isCommonPassword('velo-demo-1')).toBe(false);
});
