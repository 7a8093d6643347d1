/**
 * Stores a job's lineage when it starts: dataset nodes shared by every job of the team that
 * reads or writes them (columns merged), the job's node, and its edges, replaced as a whole
 * and stamped with the job version they describe.
 */
import type { ServiceDeps } from '../context.ts';
import { datasetName } from './dataset-uri.ts';
import type { JobLineage } from './job-lineage.ts';

export function jobNodeUri(jobId: string): string {
  return `velo-job:${jobId}`;
}

export async function recordJobLineage(
  { prisma }: ServiceDeps,
  input: {
    teamId: string;
    jobId: string;
    jobName: string;
    jobVersion: number;
    lineage: JobLineage;
  },
): Promise<void> {
  const { teamId, lineage } = input;
  const datasets = new Map<string, Set<string>>();
  const note = (uri: string, columns: string[]) => {
    const known = datasets.get(uri) ?? new Set<string>();
    for (const c of columns) known.add(c);
    datasets.set(uri, known);
  };
  for (const i of lineage.inputs) note(i.uri, i.columns);
  for (const o of lineage.outputs)
    note(
      o.uri,
      o.columns.map((c) => c.name),
    );

  await prisma.$transaction(async (tx) => {
    const nodeIds = new Map<string, string>();
    for (const [uri, columns] of datasets) {
      const existing = await tx.lineageNode.findUnique({ where: { teamId_uri: { teamId, uri } } });
      const merged = [...new Set([...((existing?.columns as string[] | null) ?? []), ...columns])];
      const node = await tx.lineageNode.upsert({
        where: { teamId_uri: { teamId, uri } },
        create: { teamId, kind: 'dataset', uri, name: datasetName(uri).name, columns: merged },
        update: { columns: merged },
      });
      nodeIds.set(uri, node.id);
    }
    const jobUri = jobNodeUri(input.jobId);
    const jobNode = await tx.lineageNode.upsert({
      where: { teamId_uri: { teamId, uri: jobUri } },
      create: { teamId, kind: 'job', uri: jobUri, name: input.jobName },
      update: { name: input.jobName },
    });
    await tx.lineageEdge.deleteMany({ where: { jobId: input.jobId } });
    const edges = [
      ...lineage.inputs.map((i) => ({
        fromId: nodeIds.get(i.uri) ?? '',
        toId: jobNode.id,
        columnMapping: [] as unknown[],
      })),
      ...lineage.outputs.map((o) => ({
        fromId: jobNode.id,
        toId: nodeIds.get(o.uri) ?? '',
        columnMapping: o.columns.map((c) => ({ output: c.name, inputs: c.from })),
      })),
    ];
    await tx.lineageEdge.createMany({
      data: edges.map((e) => ({
        ...e,
        columnMapping: e.columnMapping as object[],
        jobId: input.jobId,
        jobVersion: input.jobVersion,
      })),
      skipDuplicates: true,
    });
  });
}
