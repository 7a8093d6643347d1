'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { Column, Diagnostic } from '@velo/engine';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useCurrentTeam } from '~/components/team-context';
import { readApiError } from '~/lib/api-errors';
import { useTheme } from '~/lib/theme';
import { useTRPC } from '~/lib/trpc';
import type { SourceInfo } from '~/workers/engine-protocol';
import { useCatalogSchemas } from './catalog/use-catalog-schemas';
import { useSourcePreview } from './catalog/use-source-preview';
import { CatalogPanel } from './catalog-panel';
import { setCompletionContext } from './completion';
import { type EditorTab, isDirty, loadTabs, newTab, saveTabs, type TabsState } from './editor-tabs';
import { createEngineClient, type EngineClient } from './engine-client';
import { columnTypeText } from './language-features';
import { ResultsPanel } from './results-panel';
import { SaveJobDialog } from './save-job-dialog';
import { SqlDiff } from './sql-diff';
import { type EditorHandle, type RunScope, SqlEditor } from './sql-editor';
import { statementAt } from './sql-statements';
import { usePreview } from './use-preview';
import './editor.css';

const DIAGNOSTICS_DEBOUNCE_MS = 250;
const SAMPLE_MAX = 10_000;

export function EditorWorkspace() {
  const { team } = useCurrentTeam();
  const trpc = useTRPC();
  const { theme } = useTheme();
  const searchParams = useSearchParams();
  const jobParam = searchParams.get('job');

  // Client-only component (ssr: false): the stored tabs are read during the first render, so
  // Monaco mounts one render earlier than with an effect.
  const [tabsState, setTabsState] = useState<TabsState | null>(() => loadTabs(team.id));
  const [client, setClient] = useState<EngineClient | null>(null);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [sampledSchemas, setSampledSchemas] = useState<Record<string, { columns: Column[] }>>({});
  const [rowLimit, setRowLimit] = useState('10000');
  const [timeLimit, setTimeLimit] = useState('10');
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [showDiff, setShowDiff] = useState(false);
  const [planSql, setPlanSql] = useState<string | null>(null);
  const editorHandle = useRef<EditorHandle | null>(null);
  const editorCursor = useRef<number | null>(null);
  const { state: preview, start, stop } = usePreview(client);
  const sample = useMutation(trpc.preview.sample.mutationOptions());
  const connections = useQuery(trpc.connection.list.queryOptions({ teamId: team.id }));
  const addSampledSchemas = useCallback(
    (schemas: Record<string, { columns: Column[] }>) =>
      setSampledSchemas((current) => ({ ...current, ...schemas })),
    [],
  );
  const previewSource = useSourcePreview({
    client,
    teamId: team.id,
    start,
    rowLimit,
    timeLimit,
    onSampled: addSampledSchemas,
  });
  // Columns known without a preview of the query: those the catalog sampled (a topic opened in
  // the panel). A preview's own sample of a source is newer, so it wins.
  const catalogSchemas = useCatalogSchemas();
  const knownSchemas = useMemo(
    () => ({ ...catalogSchemas, ...sampledSchemas }),
    [catalogSchemas, sampledSchemas],
  );

  useEffect(() => {
    if (tabsState) saveTabs(team.id, tabsState);
  }, [team.id, tabsState]);

  // The engine worker starts once Monaco is on screen (or after 1 s at the latest), so its
  // download and start-up do not compete with the editor's for this page's first second.
  const engineRef = useRef<EngineClient | null>(null);
  const startEngine = useCallback(() => {
    if (engineRef.current) return;
    engineRef.current = createEngineClient();
    engineRef.current.warmUp();
    setClient(engineRef.current);
  }, []);
  useEffect(() => {
    const timer = setTimeout(startEngine, 1000);
    return () => {
      clearTimeout(timer);
      engineRef.current?.dispose();
      engineRef.current = null;
    };
  }, [startEngine]);

  useEffect(() => {
    setCompletionContext({
      connections: (connections.data ?? []).map((c) => ({ name: c.name, type: c.type })),
    });
  }, [connections.data]);

  // Opening a job (?job=<id>) loads its SQL into a tab of its own, once.
  const job = useQuery({
    ...trpc.job.get.queryOptions({ teamId: team.id, id: jobParam ?? '' }),
    enabled: !!jobParam,
  });
  const tabsReady = tabsState !== null;
  useEffect(() => {
    if (!job.data || !tabsReady) return;
    const loaded = job.data;
    setTabsState((current) => {
      if (!current) return current;
      const existing = current.tabs.find((t) => t.jobId === loaded.id);
      if (existing) {
        // Reopening a job whose tab holds unsaved edits: show them against the saved version.
        if (isDirty(existing)) setShowDiff(true);
        return { ...current, activeId: existing.id };
      }
      const tab: EditorTab = {
        ...newTab(current.tabs.length + 1, loaded.sql),
        title: loaded.name,
        jobId: loaded.id,
        savedSql: loaded.sql,
      };
      return { tabs: [...current.tabs, tab], activeId: tab.id };
    });
  }, [job.data, tabsReady]);

  const active = tabsState?.tabs.find((t) => t.id === tabsState.activeId) ?? tabsState?.tabs[0];
  const sql = active?.sql ?? '';

  // Diagnostics: the engine in the worker, after typing pauses.
  useEffect(() => {
    if (!client) return;
    const timer = setTimeout(async () => {
      const response = await client.diagnose(sql, knownSchemas);
      setDiagnostics(response.diagnostics);
      setSources(response.sources);
      setCompletionContext({
        columns: response.sources.flatMap((s) =>
          (s.columns ?? []).map((c) => ({ name: c.name, type: columnTypeText(c), source: s.id })),
        ),
        outputs: response.declared.map((d) => ({
          name: d.name,
          type: d.type,
          source: `statement ${d.statement + 1}`,
          output: true,
        })),
        decimals: response.decimals,
      });
      document.documentElement.dataset.diagnosticsMs = response.ms.toFixed(1);
    }, DIAGNOSTICS_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, sql, knownSchemas]);

  // Unsaved-changes guard: a tab whose SQL differs from its job's saved version.
  const anyDirty = tabsState?.tabs.some(isDirty) ?? false;
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  const updateActive = useCallback((patch: Partial<EditorTab>) => {
    setTabsState((current) =>
      current
        ? {
            ...current,
            tabs: current.tabs.map((t) => (t.id === current.activeId ? { ...t, ...patch } : t)),
          }
        : current,
    );
  }, []);

  const sampleSources = useCallback(
    async (text: string, limit: number): Promise<Record<string, unknown[]>> => {
      const samples: Record<string, unknown[]> = {};
      const schemas: Record<string, { columns: Column[] }> = {};
      // The sources of the text being run, not of the last debounced diagnosis: Ctrl-Enter right
      // after typing would otherwise sample the previous text's sources (or none).
      const runSources = client ? (await client.diagnose(text, knownSchemas)).sources : sources;
      for (const source of runSources) {
        if (source.runsInBrowser || !source.uri) continue;
        try {
          const result = await sample.mutateAsync({
            teamId: team.id,
            uri: source.uri,
            limit: Math.min(limit, SAMPLE_MAX),
          });
          samples[source.id] = result.records;
          // No records, no columns known: checking names against none would flag every one.
          if (result.columns.length > 0)
            schemas[source.id] = { columns: result.columns as Column[] };
        } catch (error) {
          throw new Error(`${source.id}: ${readApiError(error).message}`);
        }
      }
      if (Object.keys(schemas).length > 0) addSampledSchemas(schemas);
      return samples;
    },
    [client, knownSchemas, sources, sample, team.id, addSampledSchemas],
  );

  const run = useCallback(
    (scope: RunScope, cursorOffset: number) => {
      const rows = Math.max(1, Math.min(1_000_000, Number(rowLimit) || 10_000));
      const timeMs = Math.max(1, Math.min(600, Number(timeLimit) || 10)) * 1000;
      let text = sql;
      let statement: number | null = null;
      if (scope === 'statement') {
        const range = statementAt(sql, cursorOffset);
        if (range) {
          // Up to the end of the chosen statement: earlier statements define names it may read,
          // later ones (maybe half-written) do not matter. Line numbers stay those of the editor.
          text = sql.slice(0, range.end);
          statement = range.index;
        }
      }
      document.documentElement.dataset.previewClickedAt = String(performance.now());
      delete document.documentElement.dataset.previewFirstRowsAt;
      setPlanSql(text);
      void start({
        sql: text,
        statement,
        limits: { rows, timeMs },
        sample: () => sampleSources(text, rows),
      });
    },
    [sql, rowLimit, timeLimit, start, sampleSources],
  );

  const errorCount = useMemo(
    () => diagnostics.filter((d) => d.severity === 'error').length,
    [diagnostics],
  );

  if (!tabsState || !active) return <div className="editor-loading">Loading editor…</div>;

  const closeTab = (tab: EditorTab) => {
    if (
      isDirty(tab) &&
      !window.confirm(`"${tab.title}" has changes not saved to its job. Close it anyway?`)
    )
      return;
    setTabsState((current) => {
      if (!current) return current;
      const rest = current.tabs.filter((t) => t.id !== tab.id);
      const tabs = rest.length > 0 ? rest : [newTab(1)];
      const activeId = current.activeId === tab.id ? tabs[tabs.length - 1]!.id : current.activeId;
      return { tabs, activeId };
    });
  };

  const addTab = () =>
    setTabsState((current) => {
      if (!current) return current;
      const tab = newTab(current.tabs.length + 1, '');
      return { tabs: [...current.tabs, tab], activeId: tab.id };
    });

  const running = preview.status === 'running' || preview.status === 'sampling';
  const canDiff = active.jobId !== undefined && active.savedSql !== undefined;
  const diffVisible = showDiff && canDiff;

  return (
    <section className="workspace" data-testid="editor-workspace">
      <h1 className="visually-hidden">SQL editor</h1>
      {/* Each query tab has its own close button, so they are a labelled group of buttons
          rather than an ARIA tablist (whose tabs may not hold other controls). */}
      <nav className="workspace-tabs" aria-label="Queries">
        {tabsState.tabs.map((tab) => (
          <div
            key={tab.id}
            className={tab.id === active.id ? 'query-tab query-tab-active' : 'query-tab'}
          >
            <button
              type="button"
              aria-current={tab.id === active.id ? 'page' : undefined}
              className="query-tab-button"
              data-testid="query-tab"
              onClick={() => setTabsState({ ...tabsState, activeId: tab.id })}
            >
              {tab.title}
              {isDirty(tab) ? (
                <>
                  <span aria-hidden="true"> •</span>
                  <span className="visually-hidden"> (unsaved changes)</span>
                </>
              ) : null}
            </button>
            <button
              type="button"
              className="query-tab-close"
              aria-label={`Close ${tab.title}`}
              onClick={() => closeTab(tab)}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="query-tab-add"
          aria-label="New query tab"
          onClick={addTab}
          data-testid="new-tab"
        >
          +
        </button>
      </nav>
      <div className="workspace-toolbar">
        <button
          type="button"
          className="button button-primary button-small"
          data-testid="preview-button"
          disabled={!client}
          title="Preview the statement under the cursor (Ctrl/Cmd-Enter)"
          onClick={() => {
            const offset = active.sql.length;
            run('statement', editorCursor.current ?? offset);
          }}
        >
          Preview
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="preview-all-button"
          disabled={!client}
          title="Preview every statement (Shift+Ctrl/Cmd-Enter)"
          onClick={() => run('all', 0)}
        >
          Preview all
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="stop-button"
          disabled={!running}
          onClick={stop}
        >
          Stop
        </button>
        <label className="toolbar-field">
          Rows
          <input
            type="number"
            min={1}
            value={rowLimit}
            onChange={(e) => setRowLimit(e.target.value)}
            data-testid="row-limit"
          />
        </label>
        <label className="toolbar-field">
          Seconds
          <input
            type="number"
            min={1}
            max={600}
            value={timeLimit}
            onChange={(e) => setTimeLimit(e.target.value)}
            data-testid="time-limit"
          />
        </label>
        <button
          type="button"
          className="button button-small"
          data-testid="format-button"
          title="Format the SQL (Shift+Alt+F)"
          onClick={() => editorHandle.current?.format()}
        >
          Format
        </button>
        <span className="toolbar-spacer" />
        {notice ? (
          <span className="toolbar-notice" role="status" data-testid="editor-notice">
            {notice}
          </span>
        ) : null}
        <span
          className={errorCount > 0 ? 'diagnostic-count has-errors' : 'diagnostic-count'}
          data-testid="diagnostic-count"
          role="status"
        >
          {errorCount > 0 ? `${errorCount} error${errorCount === 1 ? '' : 's'}` : 'No errors'}
        </span>
        <button
          type="button"
          className="button button-small"
          data-testid="save-job-button"
          onClick={() => setSaving(true)}
        >
          {active.jobId ? 'Save version' : 'Save as job'}
        </button>
        {canDiff ? (
          <button
            type="button"
            className="button button-small"
            data-testid="diff-button"
            aria-pressed={diffVisible}
            title="Compare the editor's SQL with the job's saved version"
            onClick={() => setShowDiff(!diffVisible)}
          >
            Diff
          </button>
        ) : null}
      </div>
      <div className="workspace-main">
        <CatalogPanel
          teamId={team.id}
          sources={sources}
          onInsert={(text) => editorHandle.current?.insert(text)}
          onPreview={previewSource}
        />
        <div className="workspace-editor" data-testid="sql-editor">
          {diffVisible && active.savedSql !== undefined ? (
            <div className="workspace-diff">
              <SqlDiff
                original={active.savedSql}
                modified={active.sql}
                theme={theme}
                height="100%"
                label={`${active.title}: saved version and editor`}
              />
            </div>
          ) : null}
          <SqlEditor
            path={`${active.id}.sql`}
            value={active.sql}
            theme={theme}
            diagnostics={diagnostics}
            onChange={(value) => updateActive({ sql: value })}
            onRun={(scope, offset) => run(scope, offset)}
            onCursor={(offset) => {
              editorCursor.current = offset;
            }}
            onReady={(handle) => {
              editorHandle.current = handle;
              startEngine();
            }}
          />
        </div>
      </div>
      <div className="workspace-results" data-testid="results">
        <ResultsPanel
          state={preview}
          planSql={planSql}
          onReveal={(line, column) => editorHandle.current?.revealPosition(line, column)}
        />
      </div>
      {saving ? (
        <SaveJobDialog
          teamId={team.id}
          sql={active.sql}
          jobId={active.jobId}
          savedSql={active.savedSql}
          theme={theme}
          defaultName={active.title}
          onClose={() => setSaving(false)}
          onSaved={(saved) => {
            setSaving(false);
            updateActive({ jobId: saved.id, savedSql: active.sql, title: saved.name });
            setNotice(`Saved job "${saved.name}", version ${saved.version}.`);
          }}
        />
      ) : null}
    </section>
  );
}
