import { describe, expect, it } from 'vitest';
import { authSecret, parseEnv, requireDatabaseUrl } from './env.ts';

describe('parseEnv', () => {
  it('defaults the base URL and the mode', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'development',
      VELO_BASE_URL: 'http://localhost:3000',
      MAIL_FROM: 'Velo <no-reply@velo.local>',
      VELO_MAIL_DIR: '.velo/mail',
    });
  });

  it('takes SMTP_URL only as an smtp:// or smtps:// URL', () => {
    expect(parseEnv({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).SMTP_URL).toBe(
      'smtps://u:p@mail.example.com:465',
    );
    expect(() => parseEnv({ SMTP_URL: 'http://mail.example.com' })).toThrow(
      'invalid environment for @velo/api: SMTP_URL: SMTP_URL must start with smtp:// or smtps://',
    );
  });

  it('refuses to run in production without VELO_SECRET_KEY', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      'VELO_SECRET_KEY is not set; refusing to run in production without it',
    );
  });

  it('names malformed settings without echoing secrets', () => {
    expect(() => parseEnv({ VELO_BASE_URL: 'not a url', VELO_SECRET_KEY: 'k' })).toThrow(
      'invalid environment for @velo/api: VELO_BASE_URL: Invalid URL',
    );
  });

  it('needs DATABASE_URL only where it is used', () => {
    expect(() => requireDatabaseUrl(parseEnv({}))).toThrow('DATABASE_URL is not set');
  });
});

describe('authSecret', () => {
  it('prefers BETTER_AUTH_SECRET', () => {
    expect(authSecret(parseEnv({ BETTER_AUTH_SECRET: 'abc', VELO_SECRET_KEY: 'key' }))).toBe('abc');
  });

  it('derives a stable secret from VELO_SECRET_KEY that is not the key', () => {
    const one = authSecret(parseEnv({ VELO_SECRET_KEY: 'the-key' }));
    expect(one).toBe(authSecret(parseEnv({ VELO_SECRET_KEY: 'the-key' })));
    expect(one).not.toContain('the-key');
    expect(one).not.toBe(authSecret(parseEnv({ VELO_SECRET_KEY: 'other-key' })));
  });

  it('needs one of the two', () => {
    expect(() => authSecret(parseEnv({}))).toThrow(
      'BETTER_AUTH_SECRET or VELO_SECRET_KEY must be set',
    );
  });
});
