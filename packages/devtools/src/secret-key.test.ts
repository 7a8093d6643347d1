import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSecrets } from './secret-key.ts';

const KEY = Buffer.alloc(32, 3).toString('base64');

describe('resolveSecrets', () => {
  const dirs: string[] = [];
  const stateDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'velo-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('generates .velo/secret.key once (mode 0600) and reuses it', () => {
    const dir = stateDir();
    const first = resolveSecrets({ stateDir: dir, env: {} });
    const file = path.join(dir, 'secret.key');
    expect(first.secretKeySource).toBe(file);
    expect(Buffer.from(first.secretKey, 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secretKey);
    const second = resolveSecrets({ stateDir: dir, env: {} });
    expect(second.secretKey).toBe(first.secretKey);
    expect(second.authSecret).toBe(first.authSecret);
  });

  it('prefers the environment', () => {
    const secrets = resolveSecrets({
      stateDir: stateDir(),
      env: { VELO_SECRET_KEY: KEY, BETTER_AUTH_SECRET: 'auth' },
    });
    expect(secrets).toEqual({ secretKey: KEY, authSecret: 'auth', secretKeySource: 'environment' });
  });

  it('refuses to start in production without VELO_SECRET_KEY', () => {
    const dir = stateDir();
    expect(() => resolveSecrets({ stateDir: dir, env: { NODE_ENV: 'production' } })).toThrow(
      /^VELO_SECRET_KEY is not set; refusing to start in production \(NODE_ENV=production\)/,
    );
  });

  it('runs in production with a key, leaving the auth secret to the api', () => {
    const secrets = resolveSecrets({
      stateDir: stateDir(),
      env: { NODE_ENV: 'production', VELO_SECRET_KEY: KEY },
    });
    expect(secrets.authSecret).toBeUndefined();
  });

  it('rejects a malformed key without echoing it', () => {
    let message = '';
    try {
      resolveSecrets({ stateDir: stateDir(), env: { VELO_SECRET_KEY: 'too-short-secret' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('secret key must be 32 bytes, given as 64 hex characters or base64');
  });
});
