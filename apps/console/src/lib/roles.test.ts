import { describe, expect, it } from 'vitest';
import { grantableRoles, hasRole } from './roles.ts';

describe('roles', () => {
  it('orders OWNER > ADMIN > EDITOR > VIEWER', () => {
    expect(hasRole('OWNER', 'ADMIN')).toBe(true);
    expect(hasRole('ADMIN', 'ADMIN')).toBe(true);
    expect(hasRole('EDITOR', 'ADMIN')).toBe(false);
    expect(hasRole('VIEWER', 'EDITOR')).toBe(false);
    expect(hasRole(undefined, 'VIEWER')).toBe(false);
    expect(hasRole('SUPERUSER', 'VIEWER')).toBe(false);
  });

  it('lets only owners grant OWNER', () => {
    expect(grantableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'EDITOR', 'VIEWER']);
    expect(grantableRoles('ADMIN')).toEqual(['ADMIN', 'EDITOR', 'VIEWER']);
    expect(grantableRoles('EDITOR')).toEqual([]);
  });
});
