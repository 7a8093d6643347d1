import { describe, expect, it } from 'vitest';
import {
  auditFilterError,
  EMPTY_AUDIT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  summarizeDetails,
  toAuditQuery,
} from './audit-filters.ts';

describe('audit filters', () => {
  it('sends only the filters that are set, with whole local days', () => {
    expect(toAuditQuery(EMPTY_AUDIT_FILTERS)).toEqual({});
    const query = toAuditQuery({
      ...EMPTY_AUDIT_FILTERS,
      action: ' connection.create ',
      from: '2026-03-01',
      to: '2026-03-02',
    });
    expect(query).toEqual({
      action: 'connection.create',
      from: new Date(2026, 2, 1),
      to: new Date(2026, 2, 2, 23, 59, 59, 999),
    });
  });

  it('rejects a range that ends before it starts', () => {
    const values = { ...EMPTY_AUDIT_FILTERS, from: '2026-03-02', to: '2026-03-01' };
    expect(auditFilterError(values)).toBe('The start date must be on or before the end date');
    expect(auditFilterError({ ...values, to: '2026-03-02' })).toBeUndefined();
  });

  it('summarizes details in one line', () => {
    expect(summarizeDetails({ name: 'orders', fields: ['host'] })).toBe(
      'name: orders, fields: ["host"]',
    );
    expect(summarizeDetails(null)).toBe('');
  });
});

describe('audit filters in the URL', () => {
  it('round-trip through the query string, leaving out empty ones', () => {
    const values = {
      ...EMPTY_AUDIT_FILTERS,
      action: 'team.create',
      actorEmail: 'ada@',
      from: '2026-03-01',
    };
    const search = filtersToSearch(values);
    expect(search).toBe('action=team.create&actor=ada%40&from=2026-03-01');
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual(values);
    expect(filtersToSearch(EMPTY_AUDIT_FILTERS)).toBe('');
    expect(filtersFromSearch(new URLSearchParams(''))).toEqual(EMPTY_AUDIT_FILTERS);
  });
});
