import { describe, expect, it } from 'vitest';
import { formValuesFromConnection } from './connection-form';
import { fieldAria, secretClearedNotice } from './connection-form-secret';

const stored = {
  name: 'orders_db',
  type: 'postgresql',
  config: { host: 'db.internal', port: 5432, database: 'orders', user: 'velo', ssl: false },
  hasSecret: true,
};

describe('secretClearedNotice', () => {
  it('says the stored password goes when the host or user changes without a new one', () => {
    const values = formValuesFromConnection(stored);
    expect(secretClearedNotice(values, stored)).toBeUndefined();
    expect(secretClearedNotice({ ...values, name: 'renamed' }, stored)).toBeUndefined();
    expect(secretClearedNotice({ ...values, host: 'evil.example', user: 'x' }, stored)).toBe(
      'The host, user changed: enter the password again, or the stored one is removed when you save.',
    );
    expect(
      secretClearedNotice({ ...values, host: 'evil.example', password: 'retyped' }, stored),
    ).toBeUndefined();
    expect(
      secretClearedNotice({ ...values, ssl: true }, { ...stored, hasSecret: false }),
    ).toBeUndefined();
  });
});

describe('fieldAria', () => {
  it('marks a field with an error invalid and points at its message', () => {
    expect(fieldAria({ host: 'Host is required' }, 'host')).toEqual({
      'aria-invalid': true,
      'aria-describedby': 'host-error',
    });
    expect(fieldAria({}, 'host')).toEqual({
      'aria-invalid': undefined,
      'aria-describedby': undefined,
    });
  });
});
