'use client';

import { useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '@velo/api';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '~/lib/trpc';
import type { Cell } from '~/workers/engine-protocol';
import { ValueCell } from '../editor/value-cell';
import { formatWhen } from './job-state';

type OutputSample = RouterOutputs['job']['outputSample'];

/** How often a following tail asks for the worker's newest sample (written every second). */
const TAIL_POLL_MS = 1000;

/**
 * Live tail of a sink's output: the worker's sample of its newest records (the last 50 per
 * sink), exact as the engine printed them. Pause freezes the rows on screen; Follow keeps the
 * newest row in view.
 */
export function JobOutputTail({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const [chosenSink, setChosenSink] = useState<string | null>(null);
  const [paused, setPaused] = useState<OutputSample | null>(null);
  const [follow, setFollow] = useState(true);
  const sample = useQuery(
    trpc.job.outputSample.queryOptions(
      { teamId, id: jobId, ...(chosenSink ? { sink: chosenSink } : {}) },
      { refetchInterval: paused ? false : TAIL_POLL_MS },
    ),
  );
  const shown = paused ?? sample.data;
  const sinks = shown?.sinks ?? [];
  const sink = chosenSink ?? sinks[0] ?? null;
  const records = (shown?.records ?? []).filter((r) => r.sink === sink);
  const columns = records.at(-1)?.columns ?? [];
  const newest = records.at(-1)?.seq;
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = scroller.current;
    if (follow && newest && el) el.scrollTop = el.scrollHeight;
  }, [follow, newest]);

  if (sample.isPending) return <p className="muted">Loading output…</p>;
  if (sample.error) {
    return (
      <p className="form-error" role="alert">
        The output sample could not be loaded: {sample.error.message}
      </p>
    );
  }
  return (
    <div data-testid="job-output-tail" className="output-tail">
      <div className="filters">
        {sinks.length > 1 ? (
          <label className="field field-inline">
            <span>Sink</span>
            <select value={sink ?? ''} onChange={(e) => setChosenSink(e.target.value)}>
              {sinks.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        ) : sink ? (
          <span className="muted cell-mono" data-testid="output-tail-sink">
            {sink}
          </span>
        ) : null}
        <button
          type="button"
          className="button"
          aria-pressed={paused !== null}
          data-testid="output-tail-pause"
          onClick={() => setPaused(paused ? null : (sample.data ?? null))}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />{' '}
          Follow
        </label>
        <span className="muted" aria-live="polite">
          {paused ? 'Paused' : 'Live'} · newest {records.length} records
        </span>
      </div>
      {records.length === 0 ? (
        <p className="muted">
          No output yet: the worker samples each sink&apos;s newest records while the job runs.
        </p>
      ) : (
        <div className="table-card output-tail-rows" ref={scroller}>
          <table className="table" aria-label={`Newest output records of ${sink}`}>
            <thead>
              <tr>
                <th>Emitted</th>
                {columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.seq} data-testid="output-tail-row">
                  <td className="cell-sub">{formatWhen(r.emittedAt)}</td>
                  {r.cells.map((cell, i) => (
                    <td key={columns[i] ?? i} className="cell-mono">
                      <ValueCell cell={cell as Cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
