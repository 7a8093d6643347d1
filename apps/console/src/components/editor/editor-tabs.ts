/**
 * Editor tabs kept in localStorage (per team), so a reload or a crash loses nothing. A tab opened
 * from a job remembers the job and the SQL of its saved version: edits beyond it are "unsaved".
 */
export interface EditorTab {
  id: string;
  title: string;
  sql: string;
  jobId?: string;
  /** SQL of the job's saved version (unsaved-changes guard). */
  savedSql?: string;
}

export interface TabsState {
  tabs: EditorTab[];
  activeId: string;
}

export const DEFAULT_SQL = `-- Preview runs in your browser: Ctrl/Cmd-Enter previews the statement under the cursor.
SELECT product, COUNT(*) AS orders, SUM(amount) AS revenue
FROM 'datagen://orders?limit=10000'
GROUP BY product
WINDOW TUMBLING(1m)
EMIT FINAL;
`;

function storageKey(teamId: string): string {
  return `velo.editor.tabs.${teamId}`;
}

export function newTab(index: number, sql = DEFAULT_SQL): EditorTab {
  return { id: `tab-${Date.now().toString(36)}-${index}`, title: `Query ${index}`, sql };
}

export function loadTabs(teamId: string): TabsState {
  try {
    const raw = window.localStorage.getItem(storageKey(teamId));
    if (raw) {
      const parsed = JSON.parse(raw) as TabsState;
      if (Array.isArray(parsed.tabs) && parsed.tabs.length > 0) {
        const activeId = parsed.tabs.some((t) => t.id === parsed.activeId)
          ? parsed.activeId
          : parsed.tabs[0]!.id;
        return { tabs: parsed.tabs, activeId };
      }
    }
  } catch {
    // Unreadable state starts fresh rather than breaking the page.
  }
  const first = newTab(1);
  return { tabs: [first], activeId: first.id };
}

export function saveTabs(teamId: string, state: TabsState): void {
  try {
    window.localStorage.setItem(storageKey(teamId), JSON.stringify(state));
  } catch {
    // Quota or private mode: tabs live for this page only.
  }
}

export function isDirty(tab: EditorTab): boolean {
  return tab.savedSql !== undefined && tab.savedSql !== tab.sql;
}
