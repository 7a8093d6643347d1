import { describe, expect, it } from 'vitest';
import { ROLES, removesLastOwner, roleAtLeast, roleChangeRefusal } from './roles.ts';

describe('roleAtLeast', () => {
  it.each([
    ['OWNER', 'OWNER', true],
    ['OWNER', 'VIEWER', true],
    ['ADMIN', 'OWNER', false],
    ['ADMIN', 'ADMIN', true],
    ['ADMIN', 'EDITOR', true],
    ['EDITOR', 'ADMIN', false],
    ['EDITOR', 'EDITOR', true],
    ['EDITOR', 'VIEWER', true],
    ['VIEWER', 'EDITOR', false],
    ['VIEWER', 'VIEWER', true],
  ] as const)('%s >= %s: %s', (role, minimum, expected) => {
    expect(roleAtLeast(role, minimum)).toBe(expected);
  });
});

describe('roleChangeRefusal', () => {
  const OWNER_ONLY = 'Only an owner can grant or revoke the OWNER role';
  const MANAGERS_ONLY = 'Only admins and owners can manage members';
  it.each([
    // actor, current, next, refusal
    ['OWNER', null, 'OWNER', null],
    ['OWNER', 'OWNER', 'VIEWER', null],
    ['OWNER', 'ADMIN', 'OWNER', null],
    ['ADMIN', null, 'OWNER', OWNER_ONLY],
    ['ADMIN', null, 'ADMIN', null],
    ['ADMIN', 'VIEWER', 'ADMIN', null],
    ['ADMIN', 'OWNER', 'ADMIN', OWNER_ONLY],
    ['ADMIN', 'EDITOR', 'OWNER', OWNER_ONLY],
    ['EDITOR', null, 'VIEWER', MANAGERS_ONLY],
    ['VIEWER', 'VIEWER', 'VIEWER', MANAGERS_ONLY],
  ] as const)('%s moving %s to %s', (actor, current, next, refusal) => {
    expect(roleChangeRefusal(actor, current, next)).toBe(refusal);
  });
});

describe('removesLastOwner', () => {
  it.each([
    [1, 'OWNER', 'ADMIN', true],
    [1, 'OWNER', null, true],
    [1, 'OWNER', 'OWNER', false],
    [2, 'OWNER', 'VIEWER', false],
    [2, 'OWNER', null, false],
    [1, 'ADMIN', null, false],
  ] as const)('%i owner(s), %s -> %s: %s', (owners, current, next, expected) => {
    expect(removesLastOwner(owners, current, next)).toBe(expected);
  });

  it('knows all four roles', () => {
    expect(ROLES).toEqual(['OWNER', 'ADMIN', 'EDITOR', 'VIEWER']);
  });
});
