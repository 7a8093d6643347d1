/**
 * Column-level lineage path: from one dataset column, every upstream column it is computed
 * from, followed recursively through the per-column upstream lists (so across jobs), plus the
 * job nodes and edges that carry each step. Pure, so the page and its test share one reading.
 */
export interface LineageColumn {
  name: string;
  upstream: { nodeId: string; column: string }[];
}

export interface LineageNodeData {
  id: string;
  kind: 'dataset' | 'job';
  uri: string;
  name: string;
  jobId: string | null;
  state: string | null;
  columns: LineageColumn[];
}

export interface LineageEdgeData {
  id: string;
  from: string;
  to: string;
  jobId: string | null;
  jobVersion: number | null;
}

export interface LineagePath {
  /** `nodeId\u0000column` keys. */
  columns: Set<string>;
  nodes: Set<string>;
  edges: Set<string>;
}

export function columnKey(nodeId: string, column: string): string {
  return `${nodeId}\u0000${column}`;
}

export function emptyPath(): LineagePath {
  return { columns: new Set(), nodes: new Set(), edges: new Set() };
}

export function upstreamPath(
  graph: { nodes: LineageNodeData[]; edges: LineageEdgeData[] },
  start: { nodeId: string; column: string },
): LineagePath {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const path = emptyPath();
  const into = new Map<string, LineageEdgeData[]>();
  for (const e of graph.edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);
  const queue = [start];
  path.columns.add(columnKey(start.nodeId, start.column));
  path.nodes.add(start.nodeId);
  while (queue.length > 0) {
    const at = queue.shift() as { nodeId: string; column: string };
    const column = byId.get(at.nodeId)?.columns.find((c) => c.name === at.column);
    for (const up of column?.upstream ?? []) {
      // The job(s) between the upstream dataset and this one: edges up → job → here.
      for (const out of into.get(at.nodeId) ?? []) {
        const job = byId.get(out.from);
        if (job?.kind !== 'job') continue;
        const inEdge = (into.get(job.id) ?? []).find((e) => e.from === up.nodeId);
        if (!inEdge) continue;
        path.nodes.add(job.id);
        path.edges.add(out.id);
        path.edges.add(inEdge.id);
      }
      const key = columnKey(up.nodeId, up.column);
      if (path.columns.has(key)) continue;
      path.columns.add(key);
      path.nodes.add(up.nodeId);
      queue.push(up);
    }
  }
  return path;
}
