'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTheme } from '~/lib/theme';
import { useTRPC } from '~/lib/trpc';
import { formatWhen } from './job-state';
import { diffSummary } from './text-diff';

// Monaco loads when the Versions tab shows a diff, not with the job page.
const SqlDiff = dynamic(() => import('../editor/sql-diff').then((m) => m.SqlDiff), {
  ssr: false,
  loading: () => <p className="muted">Loading diff…</p>,
});

/** `?from=2&to=5` as version numbers, when both name saved versions. */
function versionParam(value: string | null, known: Set<number>): number | null {
  const n = value === null ? Number.NaN : Number(value);
  return known.has(n) ? n : null;
}

/** One end of the diff: a labelled select of the saved versions. */
function VersionSelect({
  side,
  value,
  versions,
  onChange,
}: {
  side: 'From' | 'To';
  value: number;
  versions: { version: number }[];
  onChange: (version: number) => void;
}) {
  return (
    <label className="field field-inline">
      <span>{side}</span>
      <select
        aria-label={`${side} version`}
        value={value}
        data-testid={`version-${side.toLowerCase()}`}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Every saved version of the job's SQL, and Monaco's diff editor between any two of them (by
 * default the previous version and the newest). The pair lives in the URL, so a diff can be
 * linked to.
 */
export function JobVersions({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const { theme } = useTheme();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const versions = useQuery(trpc.job.versions.queryOptions({ teamId, id: jobId }));
  if (versions.isPending) return <p className="muted">Loading versions…</p>;
  if (versions.error) {
    return (
      <p className="form-error" role="alert">
        {versions.error.message}
      </p>
    );
  }
  const list = [...versions.data].sort((a, b) => a.version - b.version);
  const known = new Set(list.map((v) => v.version));
  const newest = list[list.length - 1]?.version ?? 1;
  const from = versionParam(params.get('from'), known) ?? list[list.length - 2]?.version ?? newest;
  const to = versionParam(params.get('to'), known) ?? newest;
  const choose = (next: { from: number; to: number }) => {
    const q = new URLSearchParams(params);
    q.set('from', String(next.from));
    q.set('to', String(next.to));
    router.replace(`${pathname}?${q.toString()}`, { scroll: false });
  };
  const before = list.find((v) => v.version === from)?.sql ?? '';
  const after = list.find((v) => v.version === to)?.sql ?? '';
  const label = `Changes from v${from} to v${to}`;
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
            <VersionSelect
              side="From"
              value={from}
              versions={list}
              onChange={(v) => choose({ from: v, to })}
            />
            <VersionSelect
              side="To"
              value={to}
              versions={list}
              onChange={(v) => choose({ from, to: v })}
            />
            <button
              type="button"
              className="button button-small"
              data-testid="version-swap"
              onClick={() => choose({ from: to, to: from })}
            >
              Swap
            </button>
            <span role="status" className="muted" data-testid="version-diff-summary">
              v{from} → v{to}: {diffSummary(before, after)}
            </span>
          </div>
          <div data-testid="version-diff">
            <SqlDiff
              original={before}
              modified={after}
              theme={theme}
              height="420px"
              label={label}
            />
          </div>
        </>
      ) : (
        <p className="muted">One version so far: saving the job from the editor makes the next.</p>
      )}
    </div>
  );
}
