/**
 * VELO_SECRET_KEY (connection secrets) and BETTER_AUTH_SECRET (sessions) for `npm start`.
 * Taken from the environment when set; otherwise generated once into .velo/ (embedded
 * mode). In production (NODE_ENV=production) a missing VELO_SECRET_KEY is fatal: a generated
 * key would silently make every stored secret unreadable on the next machine.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSecretKey } from '@velo/db';

export interface RuntimeSecrets {
  secretKey: string;
  /** Undefined in production when unset: the api then derives it from VELO_SECRET_KEY. */
  authSecret: string | undefined;
  secretKeySource: 'environment' | string;
}

export class MissingSecretKeyError extends Error {
  override name = 'MissingSecretKeyError';
}

function readOrCreate(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const value = randomBytes(32).toString('base64');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

export function resolveSecrets(options: {
  stateDir: string;
  env?: NodeJS.ProcessEnv;
}): RuntimeSecrets {
  const env = options.env ?? process.env;
  const production = env.NODE_ENV === 'production';
  let secretKey = env.VELO_SECRET_KEY;
  let secretKeySource = 'environment';
  if (!secretKey) {
    if (production) {
      throw new MissingSecretKeyError(
        'VELO_SECRET_KEY is not set; refusing to start in production (NODE_ENV=production). ' +
          'Generate one with `openssl rand -base64 32` and keep it safe: it decrypts stored secrets.',
      );
    }
    const file = path.join(options.stateDir, 'secret.key');
    secretKey = readOrCreate(file);
    secretKeySource = file;
  }
  parseSecretKey(secretKey); // validates; never printed
  let authSecret = env.BETTER_AUTH_SECRET;
  if (!authSecret && !production)
    authSecret = readOrCreate(path.join(options.stateDir, 'auth.secret'));
  return { secretKey, authSecret, secretKeySource };
}
