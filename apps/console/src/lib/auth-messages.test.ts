import { describe, expect, it } from 'vitest';
import { authErrorMessage } from './auth-messages';

describe('auth error messages', () => {
  it('maps better-auth’s per-IP limit to plain words (the e2e sign-in waits on this text)', () => {
    expect(
      authErrorMessage({ status: 429, message: 'Too many requests. Please try again later.' }),
    ).toBe('Too many attempts. Wait a few seconds and try again.');
  });

  it('shows the account lock as the server says it', () => {
    const message = 'Too many failed sign-ins for this account. Try again in 30 seconds.';
    expect(authErrorMessage({ status: 429, message })).toBe(message);
  });

  it('maps known codes and keeps the server’s own sentences', () => {
    expect(authErrorMessage({ code: 'INVALID_EMAIL_OR_PASSWORD', status: 401 })).toBe(
      'Incorrect email or password.',
    );
    expect(authErrorMessage({ status: 400, message: 'Password is too common.' })).toBe(
      'Password is too common.',
    );
  });
});
