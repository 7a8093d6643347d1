/**
 * OpenLineage run events for a job (https://openlineage.io/spec/2-0-2/OpenLineage.json): the
 * job, its input and output datasets named as in the lineage graph (no credentials), the
 * schema facet of each dataset and the columnLineage facet of each output.
 */
import { datasetName } from './dataset-uri.ts';
import type { JobLineage } from './job-lineage.ts';

export type OpenLineageEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'FAIL' | 'ABORT';

export const OPENLINEAGE_SCHEMA_URL =
  'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const OPENLINEAGE_PRODUCER = 'https://github.com/velo-streaming/velo/tree/main/apps/worker';
/** The namespace of Velo's jobs in OpenLineage (one per team). */
export function jobNamespace(teamSlug: string): string {
  return `velo://${teamSlug}`;
}

const FACET_SCHEMA = {
  schema:
    'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  columnLineage:
    'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  errorMessage:
    'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
} as const;

function facet(kind: keyof typeof FACET_SCHEMA, body: Record<string, unknown>) {
  return { _producer: OPENLINEAGE_PRODUCER, _schemaURL: FACET_SCHEMA[kind], ...body };
}

export interface OpenLineageEventInput {
  eventType: OpenLineageEventType;
  eventTime: Date;
  /** A UUID per job run (JobRun), the same for every event of the run. */
  runId: string;
  teamSlug: string;
  jobName: string;
  lineage: JobLineage;
  /** FAIL events: what went wrong. */
  errorMessage?: string;
}

export function openLineageEvent(input: OpenLineageEventInput): Record<string, unknown> {
  const dataset = (uri: string) => {
    const name = datasetName(uri);
    return { namespace: name.namespace, name: name.name };
  };
  const inputs = input.lineage.inputs.map((i) => ({
    ...dataset(i.uri),
    facets: { schema: facet('schema', { fields: i.columns.map((name) => ({ name })) }) },
  }));
  const outputs = input.lineage.outputs.map((o) => ({
    ...dataset(o.uri),
    facets: {
      schema: facet('schema', { fields: o.columns.map((c) => ({ name: c.name })) }),
      columnLineage: facet('columnLineage', {
        fields: Object.fromEntries(
          o.columns.map((c) => [
            c.name,
            { inputFields: c.from.map((ref) => ({ ...dataset(ref.uri), field: ref.column })) },
          ]),
        ),
      }),
    },
  }));
  const runFacets =
    input.eventType === 'FAIL' && input.errorMessage
      ? {
          errorMessage: facet('errorMessage', {
            message: input.errorMessage,
            programmingLanguage: 'SQL',
          }),
        }
      : {};
  return {
    eventType: input.eventType,
    eventTime: input.eventTime.toISOString(),
    producer: OPENLINEAGE_PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId: input.runId, facets: runFacets },
    job: {
      namespace: jobNamespace(input.teamSlug),
      name: input.jobName,
      facets: {
        jobType: facet('jobType', {
          processingType: 'STREAMING',
          integration: 'VELO',
          jobType: 'JOB',
        }),
      },
    },
    inputs,
    outputs,
  };
}
