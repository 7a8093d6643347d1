'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/lib/trpc';
import { formatWhen, JobStateBadge } from './job-state';
import { diffLines } from './text-diff';

/** Runs: who ran which version where, how it ended and why. */
export function JobRuns({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const runs = useQuery(
    trpc.job.runs.queryOptions({ teamId, id: jobId }, { refetchInterval: 2000 }),
  );
  if (runs.isPending) return <p className="muted">Loading runs…</p>;
  if (!runs.data?.length) return <p className="muted">The job has not run yet.</p>;
  return (
    <div className="table-card">
      <table className="table" data-testid="job-runs">
        <thead>
          <tr>
            <th>Started</th>
            <th>Ended</th>
            <th>Version</th>
            <th>Worker</th>
            <th>State</th>
            <th>Restored from</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.map((r) => (
            <tr key={r.id}>
              <td>{formatWhen(r.startedAt)}</td>
              <td>{formatWhen(r.endedAt)}</td>
              <td>v{r.version}</td>
              <td className="cell-mono cell-sub">{r.workerId}</td>
              <td>
                <JobStateBadge state={r.finalState ?? r.state} />
              </td>
              <td>
                {r.restoredCheckpointEpoch === null
                  ? 'start'
                  : `checkpoint ${r.restoredCheckpointEpoch}`}
              </td>
              <td className="job-error" title={r.error ?? undefined}>
                {r.error ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every version of the SQL, and a line diff between any two. */
export function JobVersions({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.job.versions.queryOptions({ teamId, id: jobId }));
  const list = versions.data ?? [];
  const newest = list.reduce((m, v) => Math.max(m, v.version), 0);
  const [pair, setPair] = useState<{ a: number; b: number } | null>(null);
  const a = pair?.a ?? Math.max(1, newest - 1);
  const b = pair?.b ?? newest;
  const before = list.find((v) => v.version === a);
  const after = list.find((v) => v.version === b);
  if (versions.isPending) return <p className="muted">Loading versions…</p>;
  return (
    <div data-testid="job-versions">
      <ul className="version-list">
        {list.map((v) => (
          <li key={v.version}>
            <strong>v{v.version}</strong> · {formatWhen(v.createdAt)} ·{' '}
            {v.createdBy?.email ?? 'unknown'} · {v.restartPolicy}, parallelism {v.parallelism}
          </li>
        ))}
      </ul>
      {list.length > 1 ? (
        <>
          <div className="filters">
            <label className="field field-inline">
              <span>Compare</span>
              <select
                aria-label="Older version"
                value={a}
                onChange={(e) => setPair({ a: Number(e.target.value), b })}
              >
                {list.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span>with</span>
              <select
                aria-label="Newer version"
                value={b}
                onChange={(e) => setPair({ a, b: Number(e.target.value) })}
              >
                {list.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <section
            className="code-block"
            data-testid="version-diff"
            aria-label={`Changes from v${a} to v${b}`}
          >
            {diffLines(before?.sql ?? '', after?.sql ?? '').map((line) => (
              <div
                key={`${line.oldLine}-${line.newLine}`}
                className={`diff-line diff-${line.kind}`}
              >
                {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                {line.text}
              </div>
            ))}
          </section>
        </>
      ) : (
        <p className="muted">One version so far: saving the job from the editor makes the next.</p>
      )}
    </div>
  );
}

/** Checkpoints: when, how long, how big, which positions. */
export function JobCheckpoints({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const checkpoints = useQuery(
    trpc.job.checkpoints.queryOptions({ teamId, id: jobId }, { refetchInterval: 5000 }),
  );
  if (checkpoints.isPending) return <p className="muted">Loading checkpoints…</p>;
  if (!checkpoints.data?.length) return <p className="muted">No checkpoint yet.</p>;
  return (
    <div className="table-card">
      <table className="table" data-testid="job-checkpoints">
        <thead>
          <tr>
            <th>Epoch</th>
            <th>Taken</th>
            <th>Duration</th>
            <th>Size</th>
            <th>Records in</th>
            <th>Positions</th>
          </tr>
        </thead>
        <tbody>
          {checkpoints.data.map((c) => (
            <tr key={c.id}>
              <td>{c.epoch}</td>
              <td>{formatWhen(c.createdAt)}</td>
              <td>{c.durationMs} ms</td>
              <td>{c.sizeBytes.toLocaleString()} B</td>
              <td className="cell-mono">{c.recordsIn}</td>
              <td>
                <pre className="payload">{JSON.stringify(c.positions, null, 1)}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
