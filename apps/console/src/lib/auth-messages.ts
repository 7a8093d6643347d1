/** Plain-words messages for better-auth's error codes shown on the account forms. */
const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'Incorrect email or password.',
  USER_ALREADY_EXISTS: 'An account with this email already exists. Sign in instead.',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL:
    'An account with this email already exists. Sign in instead.',
  PASSWORD_TOO_SHORT: 'Password must be at least 10 characters.',
  PASSWORD_TOO_LONG: 'Password must be at most 128 characters.',
  INVALID_PASSWORD: 'Incorrect password.',
  INVALID_EMAIL: 'Enter a valid email address.',
  TOO_MANY_REQUESTS: 'Too many attempts. Wait a few seconds and try again.',
};

export function authErrorMessage(error: { code?: string; message?: string; status?: number }) {
  if (error.code && MESSAGES[error.code]) return MESSAGES[error.code]!;
  // better-auth's per-IP limit answers 429 with a generic English sentence; the account lock
  // (also 429) explains itself and is shown as it is.
  if (error.status === 429 && !/failed sign-ins/i.test(error.message ?? '')) {
    return MESSAGES.TOO_MANY_REQUESTS!;
  }
  // The server's own sentences (password policy, account lock, sole owner) are shown as they are.
  if (error.message && /^[A-Z]/.test(error.message)) return error.message;
  if (error.status === 429) return MESSAGES.TOO_MANY_REQUESTS!;
  return error.message || 'Something went wrong. Please try again.';
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Mirrors the server's length rule for instant feedback; the server also refuses common ones. */
export const MIN_PASSWORD_LENGTH = 10;

export function passwordLengthError(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > 128) return 'Password must be at most 128 characters';
  return undefined;
}
