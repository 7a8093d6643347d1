'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { DeadLetterView, PreviewStats } from '~/workers/engine-protocol';
import { ResultGrid } from './result-grid';
import { outputKey, outputLabel } from './result-model';
import type { PreviewState } from './use-preview';

type Mode = 'table' | 'changelog';

// The graph (React Flow + ELK) loads when the Plan tab opens, not with the editor.
const StatementPlan = dynamic(
  () => import('~/components/jobs/job-graph').then((m) => m.StatementPlan),
  { ssr: false, loading: () => <p className="muted result-empty">Loading the plan…</p> },
);

const CAUSE_TEXT: Record<string, string> = {
  end: 'Finished: every source ended',
  stopped: 'Stopped',
  rows: 'Stopped at the row limit',
  time: 'Stopped at the time limit',
  error: 'Failed',
};

function StatsView({ stats }: { stats: PreviewStats }) {
  const seconds = stats.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(stats.recordsIn / seconds) : 0;
  return (
    <div className="preview-stats" data-testid="preview-stats">
      <dl className="stats-grid">
        <div>
          <dt>Records in</dt>
          <dd data-testid="stat-records-in">{stats.recordsIn.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Records out</dt>
          <dd data-testid="stat-records-out">{stats.recordsOut.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{Math.round(stats.elapsedMs).toLocaleString('en-US')} ms</dd>
        </div>
        <div>
          <dt>Records/s</dt>
          <dd>{rate.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Dead letters</dt>
          <dd>{stats.deadLetters.toLocaleString('en-US')}</dd>
        </div>
      </dl>
      <h3 className="stats-title">Per source</h3>
      <ul className="stats-list">
        {Object.entries(stats.sources).map(([id, count]) => (
          <li key={id}>
            <code>{id}</code>: {count.toLocaleString('en-US')} records
          </li>
        ))}
      </ul>
      <h3 className="stats-title">Per output</h3>
      <ul className="stats-list">
        {Object.entries(stats.outputs).map(([id, count]) => (
          <li key={id}>
            <code>{id}</code>: {count.toLocaleString('en-US')} rows
          </li>
        ))}
      </ul>
    </div>
  );
}

function DeadLettersView({
  deadLetters,
  onReveal,
}: {
  deadLetters: DeadLetterView[];
  onReveal(line: number, column: number): void;
}) {
  if (deadLetters.length === 0) {
    return <p className="muted result-empty">No dead letters: every record made it through.</p>;
  }
  return (
    <table className="table dead-letters" data-testid="dead-letters">
      <thead>
        <tr>
          <th scope="col">Reason</th>
          <th scope="col">SQL position</th>
          <th scope="col">Source</th>
          <th scope="col">Record</th>
        </tr>
      </thead>
      <tbody>
        {deadLetters.slice(0, 500).map((dl, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: dead letters have no identity of their own
          <tr key={index} data-testid="dead-letter">
            <td>{dl.reason}</td>
            <td>
              {dl.line !== null ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onReveal(dl.line ?? 1, dl.column ?? 1)}
                >
                  line {dl.line}, column {dl.column}
                </button>
              ) : (
                '—'
              )}
            </td>
            <td className="cell-mono">{dl.sourceId}</td>
            <td className="cell-mono">{dl.record}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ResultsPanel({
  state,
  planSql,
  onReveal,
}: {
  state: PreviewState;
  /** The SQL of the last preview, whose plan the Plan tab draws. */
  planSql: string | null;
  onReveal(line: number, column: number): void;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('table');
  const tabs = [
    ...state.outputs.map((set) => ({ id: outputKey(set.info), label: outputLabel(set.info), set })),
    {
      id: 'dead-letters',
      label: `Dead letters (${state.stats?.deadLetters ?? state.deadLetters.length})`,
      set: null,
    },
    { id: 'plan', label: 'Plan', set: null },
    { id: 'stats', label: 'Stats', set: null },
  ];
  const active = tabs.find((t) => t.id === selected) ?? tabs[0]!;

  if (state.status === 'idle') {
    return (
      <div className="results-empty" data-testid="results-empty">
        <p>
          Press <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd> to preview the statement under the
          cursor, or <kbd>Shift</kbd>+<kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd> for all of them.
          Datagen sources run in your browser; INTO sinks are never written.
        </p>
      </div>
    );
  }

  return (
    <div className="results">
      <div className="results-bar">
        <div className="results-tabs" role="tablist" aria-label="Preview results">
          {tabs.map((tab) => (
            <button
              type="button"
              role="tab"
              key={tab.id}
              id={`result-tab-${tab.id}`}
              aria-selected={tab.id === active.id}
              aria-controls="result-tabpanel"
              className={tab.id === active.id ? 'results-tab results-tab-active' : 'results-tab'}
              data-testid="result-tab"
              onClick={() => setSelected(tab.id)}
            >
              {tab.label}
              {tab.set ? <span className="results-count">{tab.set.table.length}</span> : null}
            </button>
          ))}
        </div>
        {active.set ? (
          <fieldset className="mode-switch">
            <legend className="visually-hidden">Result mode</legend>
            {(['table', 'changelog'] as const).map((m) => (
              <label
                key={m}
                className={mode === m ? 'mode-option mode-option-active' : 'mode-option'}
              >
                <input
                  type="radio"
                  name="result-mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                  data-testid={`mode-${m}`}
                />
                {m === 'table' ? 'Table' : 'Changelog'}
              </label>
            ))}
          </fieldset>
        ) : null}
      </div>
      <div
        className="results-body"
        role="tabpanel"
        id="result-tabpanel"
        aria-labelledby={`result-tab-${active.id}`}
      >
        {state.error ? (
          <p className="form-error" role="alert" data-testid="preview-error">
            {state.error}
          </p>
        ) : null}
        {active.set ? (
          active.set.changelog.length === 0 && state.status !== 'done' ? (
            <p className="muted result-empty">Waiting for rows…</p>
          ) : active.set.changelog.length === 0 ? (
            <p className="muted result-empty">No rows.</p>
          ) : (
            <ResultGrid
              key={`${active.id}-${mode}`}
              label={`${active.label} (${mode})`}
              columns={active.set.columns}
              rows={mode === 'table' ? active.set.table : active.set.changelog}
              showOp={mode === 'changelog'}
              version={state.version}
            />
          )
        ) : active.id === 'dead-letters' ? (
          <DeadLettersView deadLetters={state.deadLetters} onReveal={onReveal} />
        ) : active.id === 'plan' ? (
          planSql ? (
            <div className="results-plan" data-testid="results-plan">
              <StatementPlan sql={planSql} />
            </div>
          ) : (
            <p className="muted result-empty">No plan yet.</p>
          )
        ) : state.stats ? (
          <StatsView stats={state.stats} />
        ) : (
          <p className="muted result-empty">No stats yet.</p>
        )}
      </div>
      <div className="results-status" role="status" data-testid="preview-status">
        {state.status === 'sampling'
          ? 'Sampling sources…'
          : state.status === 'running'
            ? `Running… ${state.stats?.recordsIn.toLocaleString('en-US') ?? 0} records in`
            : state.cause
              ? `${CAUSE_TEXT[state.cause] ?? state.cause} · ${state.stats?.recordsIn.toLocaleString('en-US') ?? 0} records in, ${state.stats?.recordsOut.toLocaleString('en-US') ?? 0} out in ${Math.round(state.stats?.elapsedMs ?? 0)} ms`
              : ''}
      </div>
    </div>
  );
}
