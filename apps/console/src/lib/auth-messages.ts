/** Plain-words messages for better-auth's error codes shown on the sign-in and sign-up forms. */
const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'Incorrect email or password.',
  USER_ALREADY_EXISTS: 'An account with this email already exists. Sign in instead.',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL:
    'An account with this email already exists. Sign in instead.',
  PASSWORD_TOO_SHORT: 'Password must be at least 8 characters.',
  PASSWORD_TOO_LONG: 'Password is too long.',
  INVALID_EMAIL: 'Enter a valid email address.',
  TOO_MANY_REQUESTS: 'Too many attempts. Wait a few seconds and try again.',
};

export function authErrorMessage(error: { code?: string; message?: string; status?: number }) {
  if (error.code && MESSAGES[error.code]) return MESSAGES[error.code]!;
  if (error.status === 429) return MESSAGES.TOO_MANY_REQUESTS!;
  return error.message || 'Something went wrong. Please try again.';
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
