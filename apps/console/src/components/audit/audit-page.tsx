'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { hasRole } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';
import { Field } from '../field';
import { useCurrentTeam } from '../team-context';
import {
  type AuditFilterValues,
  auditFilterError,
  EMPTY_AUDIT_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  summarizeDetails,
  toAuditQuery,
} from './audit-filters';

const PAGE_SIZE = 25;
const OBJECT_TYPES = ['connection', 'job', 'team', 'membership', 'invitation', 'procedure'];
const ACTIONS = [
  'connection.create',
  'connection.update',
  'connection.delete',
  'connection.test',
  'team.create',
  'membership.create',
  'membership.update',
  'membership.delete',
  'invitation.create',
  'invitation.delete',
  'invitation.accept',
  'invitation.decline',
  'invitation.refuse',
  'call.refuse',
];

function formatTime(value: Date | string): string {
  return new Date(value).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

function AuditTable({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // The applied filters live in the URL (links, reloads and Back keep them).
  const search = searchParams.toString();
  const applied = filtersFromSearch(new URLSearchParams(search));
  const [draft, setDraft] = useState<AuditFilterValues>(applied);
  useEffect(() => {
    setDraft(filtersFromSearch(new URLSearchParams(search)));
    setCursors([undefined]);
  }, [search]);
  const [filterError, setFilterError] = useState<string>();
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const audit = useQuery({
    ...trpc.audit.list.queryOptions({
      teamId,
      ...toAuditQuery(applied),
      ...(cursor ? { cursor } : {}),
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });

  function apply(values: AuditFilterValues) {
    const error = auditFilterError(values);
    setFilterError(error);
    if (error) return;
    const next = filtersToSearch(values);
    router.replace(next ? `${pathname}?${next}` : pathname, { scroll: false });
    setCursors([undefined]);
  }

  const actions = new Set(audit.data?.items.map((item) => item.action) ?? []);
  return (
    <>
      <form
        className="filters"
        data-testid="audit-filters"
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        <Field label="Action" htmlFor="filter-action">
          <select
            id="filter-action"
            data-testid="filter-action"
            value={draft.action}
            onChange={(event) => setDraft({ ...draft, action: event.target.value })}
          >
            <option value="">Any</option>
            {[...new Set([...ACTIONS, ...actions])].map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Actor email" htmlFor="filter-actor" hint="All or part of an email">
          <input
            id="filter-actor"
            type="text"
            data-testid="filter-actor"
            value={draft.actorEmail}
            onChange={(event) => setDraft({ ...draft, actorEmail: event.target.value })}
          />
        </Field>
        <Field label="Object type" htmlFor="filter-object-type">
          <select
            id="filter-object-type"
            data-testid="filter-object-type"
            value={draft.objectType}
            onChange={(event) => setDraft({ ...draft, objectType: event.target.value })}
          >
            <option value="">Any</option>
            {OBJECT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From" htmlFor="filter-from">
          <input
            id="filter-from"
            type="date"
            data-testid="filter-from"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </Field>
        <Field label="To" htmlFor="filter-to" error={filterError}>
          <input
            id="filter-to"
            type="date"
            data-testid="filter-to"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </Field>
        <div className="filters-actions">
          <button type="submit" className="button button-primary" data-testid="filter-apply">
            Apply
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(EMPTY_AUDIT_FILTERS);
              apply(EMPTY_AUDIT_FILTERS);
            }}
          >
            Reset
          </button>
        </div>
      </form>

      {audit.error ? (
        <p className="form-error" role="alert">
          {readApiError(audit.error).message}
        </p>
      ) : null}
      {audit.isPending ? <p className="muted">Loading audit log…</p> : null}
      {audit.data ? (
        <div className="table-card">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Object</th>
                <th>Details</th>
                <th>IP</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.items.length === 0 ? (
                <tr>
                  <td colSpan={6} className="cell-empty" data-testid="audit-empty">
                    No audit entries match these filters.
                  </td>
                </tr>
              ) : null}
              {audit.data.items.map((item) => (
                <tr key={item.id} data-testid="audit-row">
                  <td className="cell-muted nowrap">{formatTime(item.createdAt)}</td>
                  <td>{item.actor ? item.actor.email : <span className="muted">system</span>}</td>
                  <td>
                    <code className="action-code">{item.action}</code>
                  </td>
                  <td data-testid="audit-object">
                    {item.objectName ? (
                      <strong className="cell-strong">{item.objectName}</strong>
                    ) : item.objectId ? (
                      <span className="cell-mono">{item.objectId.slice(0, 10)}</span>
                    ) : null}{' '}
                    <span className="muted">{item.objectType}</span>
                  </td>
                  <td className="cell-details" title={summarizeDetails(item.details)}>
                    {summarizeDetails(item.details)}
                  </td>
                  <td className="cell-mono">{item.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span className="muted">Page {cursors.length}</span>
            <button
              type="button"
              className="button button-small"
              data-testid="audit-previous"
              disabled={cursors.length <= 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Previous
            </button>
            <button
              type="button"
              className="button button-small"
              data-testid="audit-next"
              disabled={!audit.data.nextCursor || audit.isPlaceholderData}
              onClick={() => {
                const next = audit.data?.nextCursor;
                if (next) setCursors([...cursors, next]);
              }}
            >
              Next
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

export function AuditPage() {
  const { team } = useCurrentTeam();
  return (
    <section className="page" data-testid="audit-page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Every change made in {team.name}: who, what, when and from where.</p>
        </div>
      </header>
      {hasRole(team.role, 'ADMIN') ? (
        <Suspense fallback={<p className="muted">Loading audit log…</p>}>
          <AuditTable teamId={team.id} />
        </Suspense>
      ) : (
        <div className="empty-state" data-testid="audit-forbidden">
          <h2>Admins only</h2>
          <p>Only admins and owners of this team can read its audit log.</p>
        </div>
      )}
    </section>
  );
}
