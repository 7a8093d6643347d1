import { describe, expect, it } from 'vitest';
import { redactUrl } from './log.ts';

describe('redactUrl', () => {
  it('hides the password of a database URL', () => {
    expect(redactUrl('postgresql://velo:s3cr%40t@db.internal:5432/velo?sslmode=require')).toBe(
      'postgresql://velo:***@db.internal:5432/velo?sslmode=require',
    );
  });

  it('keeps URLs without a password and never echoes an unparseable one', () => {
    expect(redactUrl('postgresql://db.internal/velo')).toBe('postgresql://db.internal/velo');
    expect(redactUrl('not a url with hunter2')).toBe('(unparseable DATABASE_URL)');
  });
});
