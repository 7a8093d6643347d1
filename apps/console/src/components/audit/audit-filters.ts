/** The audit page's filter form values and their translation into `audit.list` input. */
export interface AuditFilterValues {
  action: string;
  actorEmail: string;
  objectType: string;
  /** yyyy-mm-dd from <input type="date">, local time. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = {
  action: '',
  actorEmail: '',
  objectType: '',
  from: '',
  to: '',
};

function localDay(value: string, endOfDay: boolean): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match;
  return endOfDay
    ? new Date(Number(year), Number(month) - 1, Number(day), 23, 59, 59, 999)
    : new Date(Number(year), Number(month) - 1, Number(day));
}

export function auditFilterError(values: AuditFilterValues): string | undefined {
  const from = localDay(values.from, false);
  const to = localDay(values.to, true);
  if (from && to && from > to) return 'The start date must be on or before the end date';
  return undefined;
}

export function toAuditQuery(values: AuditFilterValues) {
  const action = values.action.trim();
  const actorEmail = values.actorEmail.trim();
  const objectType = values.objectType.trim();
  const from = localDay(values.from, false);
  const to = localDay(values.to, true);
  return {
    ...(action ? { action } : {}),
    ...(actorEmail ? { actorEmail } : {}),
    ...(objectType ? { objectType } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** A short one-line rendering of an audit entry's details object. */
export function summarizeDetails(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  return Object.entries(details as Record<string, unknown>)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    )
    .join(', ');
}

/** URL query keys of the filters, so a filtered view can be linked, reloaded and shared. */
const SEARCH_KEYS: Record<keyof AuditFilterValues, string> = {
  action: 'action',
  actorEmail: 'actor',
  objectType: 'object',
  from: 'from',
  to: 'to',
};

export function filtersFromSearch(search: URLSearchParams): AuditFilterValues {
  const values = { ...EMPTY_AUDIT_FILTERS };
  for (const [field, key] of Object.entries(SEARCH_KEYS) as [keyof AuditFilterValues, string][]) {
    values[field] = (search.get(key) ?? '').slice(0, 254);
  }
  return values;
}

export function filtersToSearch(values: AuditFilterValues): string {
  const search = new URLSearchParams();
  for (const [field, key] of Object.entries(SEARCH_KEYS) as [keyof AuditFilterValues, string][]) {
    const value = values[field].trim();
    if (value) search.set(key, value);
  }
  return search.toString();
}
