import { expect, it } from 'vitest';
import { safeReturnTo, signInUrl } from './return-to';

it.each([
  ['/audit?action=team.create', '/audit?action=team.create'],
  ['/invitations/abc_DEF-123', '/invitations/abc_DEF-123'],
  [undefined, '/connections'],
  ['', '/connections'],
  ['https://evil.example.com/', '/connections'],
  ['//evil.example.com', '/connections'],
  ['/\\evil.example.com', '/connections'],
  ['/sign-in?next=/x', '/connections'],
  ['/api/auth/sign-out', '/connections'],
  [['/team', '/audit'], '/team'],
])('safeReturnTo(%j) = %j', (value, expected) => {
  expect(safeReturnTo(value)).toBe(expected);
});

it('signInUrl keeps the page asked for', () => {
  expect(signInUrl('/audit?actor=ada')).toBe('/sign-in?next=%2Faudit%3Factor%3Dada');
  expect(signInUrl('/connections')).toBe('/sign-in');
});
