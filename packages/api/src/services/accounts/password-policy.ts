import { COMMON_PASSWORDS_TEXT } from './generated/common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

let common: Set<string> | undefined;

/** Whether `password` (any case) is one of the 100,000 bundled common passwords. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split('\n'));
  return common.has(password.toLowerCase());
}

/**
 * Why a new password is refused (code and message for the form), or null when it is fine.
 * Called on sign-up, password change and reset, before better-auth stores anything.
 */
export function passwordProblem(password: unknown): { code: string; message: string } | null {
  if (typeof password !== 'string') return null;
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      code: 'PASSWORD_TOO_SHORT',
      message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return {
      code: 'PASSWORD_TOO_LONG',
      message: `Password must be at most ${MAX_PASSWORD_LENGTH} characters.`,
    };
  }
  if (isCommonPassword(password)) {
    return {
      code: 'PASSWORD_TOO_COMMON',
      message: 'This password is one of the most common passwords. Choose another one.',
    };
  }
  return null;
}
