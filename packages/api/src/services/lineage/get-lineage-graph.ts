/**
 * `lineage.graph`: the team's datasets and jobs, their edges, and for every dataset column the
 * upstream columns it is computed from (through every job that writes it). With `focus`, only
 * what lies within `depth` edges of that node or job, in either direction.
 */
import type { ServiceDeps } from '../context.ts';
import type { ColumnRef } from './job-lineage.ts';
import { jobNodeUri } from './record-job-lineage.ts';

export interface LineageGraph {
  nodes: {
    id: string;
    kind: 'dataset' | 'job';
    uri: string;
    name: string;
    /** Job nodes: the job's id and state. */
    jobId: string | null;
    state: string | null;
    columns: { name: string; upstream: { nodeId: string; column: string }[] }[];
  }[];
  edges: {
    id: string;
    from: string;
    to: string;
    jobId: string | null;
    jobVersion: number | null;
  }[];
}

export const MAX_LINEAGE_NODES = 2000;

export async function getLineageGraph(
  { prisma }: ServiceDeps,
  input: { teamId: string; focus?: string; depth?: number },
): Promise<LineageGraph> {
  const [nodes, edges] = await Promise.all([
    prisma.lineageNode.findMany({ where: { teamId: input.teamId }, orderBy: { uri: 'asc' } }),
    prisma.lineageEdge.findMany({
      where: { from: { teamId: input.teamId } },
      orderBy: { id: 'asc' },
    }),
  ]);
  const byUri = new Map(nodes.map((n) => [n.uri, n]));
  const jobIds = nodes.filter((n) => n.kind === 'job').map((n) => n.uri.slice('velo-job:'.length));
  const jobs = await prisma.job.findMany({
    where: { teamId: input.teamId, id: { in: jobIds } },
    select: { id: true, actualState: true, name: true },
  });
  const jobById = new Map(jobs.map((j) => [j.id, j]));

  let keep: Set<string> | null = null;
  if (input.focus) {
    const start = nodes.find((n) => n.id === input.focus) ?? byUri.get(jobNodeUri(input.focus));
    keep = new Set(start ? [start.id] : []);
    let frontier = [...keep];
    for (let step = 0; step < (input.depth ?? 3) && frontier.length > 0; step++) {
      const next: string[] = [];
      for (const e of edges) {
        for (const [a, b] of [
          [e.fromId, e.toId],
          [e.toId, e.fromId],
        ]) {
          if (frontier.includes(a) && !keep.has(b)) {
            keep.add(b);
            next.push(b);
          }
        }
      }
      frontier = next;
    }
  }
  const visible = nodes.filter((n) => !keep || keep.has(n.id)).slice(0, MAX_LINEAGE_NODES);
  const visibleIds = new Set(visible.map((n) => n.id));

  const upstreamOf = new Map<string, Map<string, { nodeId: string; column: string }[]>>();
  for (const e of edges) {
    for (const m of e.columnMapping as unknown as { output: string; inputs: ColumnRef[] }[]) {
      const columns = upstreamOf.get(e.toId) ?? new Map();
      const list = columns.get(m.output) ?? [];
      for (const ref of m.inputs) {
        const node = byUri.get(ref.uri);
        if (
          node &&
          !list.some(
            (x: { nodeId: string; column: string }) =>
              x.nodeId === node.id && x.column === ref.column,
          )
        ) {
          list.push({ nodeId: node.id, column: ref.column });
        }
      }
      columns.set(m.output, list);
      upstreamOf.set(e.toId, columns);
    }
  }
  return {
    nodes: visible.map((n) => {
      const jobId = n.kind === 'job' ? n.uri.slice('velo-job:'.length) : null;
      const job = jobId ? jobById.get(jobId) : undefined;
      const upstream = upstreamOf.get(n.id);
      return {
        id: n.id,
        kind: n.kind === 'job' ? 'job' : 'dataset',
        uri: n.uri,
        name: job?.name ?? n.name,
        jobId,
        state: job?.actualState ?? null,
        columns: ((n.columns as string[] | null) ?? []).map((name) => ({
          name,
          upstream: upstream?.get(name) ?? [],
        })),
      };
    }),
    edges: edges
      .filter((e) => visibleIds.has(e.fromId) && visibleIds.has(e.toId))
      .map((e) => ({
        id: e.id,
        from: e.fromId,
        to: e.toId,
        jobId: e.jobId,
        jobVersion: e.jobVersion,
      })),
  };
}
