'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '~/lib/trpc';
import { formatWhen } from './job-state';

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** Dead letters: reason, source, position, time and payload; filter by reason; download as JSONL. */
export function JobDeadLetters({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const page = useQuery(
    trpc.job.deadLetters.queryOptions(
      { teamId, id: jobId, cursor, limit: 100 },
      { refetchInterval: cursor ? false : 3000 },
    ),
  );
  const items = page.data?.items ?? [];
  const reasons = useMemo(() => [...new Set(items.map((d) => d.reason))].sort(), [items]);
  const shown = reason ? items.filter((d) => d.reason === reason) : items;
  const download = () => {
    const text = shown
      .map((d) => JSON.stringify({ ...d, createdAt: new Date(d.createdAt).toISOString() }))
      .join('\n');
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `dead-letters-${jobId}.jsonl`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div data-testid="job-dead-letters">
      <div className="filters">
        <span data-testid="dead-letter-total">{page.data?.total ?? 0} dead letters</span>
        <label className="field field-inline">
          <span>Reason</span>
          <select
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-label="Filter by reason"
          >
            <option value="">All reasons</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-small"
          onClick={download}
          disabled={shown.length === 0}
        >
          Download JSONL
        </button>
      </div>
      {shown.length === 0 ? (
        <p className="muted">No dead letters{reason ? ' with this reason' : ''}.</p>
      ) : null}
      {shown.length > 0 ? (
        <div className="table-card">
          <table className="table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Reason</th>
                <th>Source</th>
                <th>Position</th>
                <th>Payload</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.id} data-testid="dead-letter-row">
                  <td className="nowrap">{formatWhen(d.createdAt)}</td>
                  <td data-testid="dead-letter-reason">{d.reason}</td>
                  <td className="cell-mono cell-sub">{d.source ?? '—'}</td>
                  <td className="cell-mono">{d.position ?? '—'}</td>
                  <td>
                    <pre className="payload">{pretty(d.payloadPreview)}</pre>
                    {d.payloadTruncated ? <span className="muted">(truncated)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="pager">
        {cursor ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => setCursor(undefined)}
          >
            Newest
          </button>
        ) : null}
        {page.data?.nextCursor ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => setCursor(page.data?.nextCursor ?? undefined)}
          >
            Older
          </button>
        ) : null}
      </div>
    </div>
  );
}
