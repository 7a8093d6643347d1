import { expect, it } from 'vitest';
import { slugify } from './create-team.ts';

it.each([
  ['Payments Analytics!', 'payments-analytics'],
  ['  Demo  ', 'demo'],
  ['Équipe Données', 'equipe-donnees'],
  ['***', 'team'],
  ['a'.repeat(60), 'a'.repeat(48)],
])('slugify(%j) = %j', (name, slug) => {
  expect(slugify(name)).toBe(slug);
});
