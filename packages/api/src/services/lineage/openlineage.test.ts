/**
 * OpenLineage events, delivered over real HTTP to a local receiver that validates every event
 * against the published OpenLineage JSON schema and each facet against its own schema
 * (vendored in test/fixtures/openlineage).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, lineage } from '@velo/engine';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobLineage } from './job-lineage.ts';
import { createOpenLineageClient } from './openlineage-client.ts';
import { type OpenLineageEventType, openLineageEvent } from './openlineage-event.ts';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/openlineage',
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const file of [
  'OpenLineage.json',
  'SchemaDatasetFacet.json',
  'ColumnLineageDatasetFacet.json',
  'ErrorMessageRunFacet.json',
  'JobTypeJobFacet.json',
]) {
  ajv.addSchema(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));
}
const validateEvent = ajv.getSchema(
  'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
);

/** Every error of the event and of each facet against the schema its `_schemaURL` names. */
function schemaErrors(event: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (!validateEvent?.(event))
    errors.push(...(validateEvent?.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  const facets: Record<string, unknown>[] = [];
  const collect = (holder: unknown) => {
    const f = (holder as { facets?: Record<string, Record<string, unknown>> })?.facets;
    if (f) facets.push(...Object.values(f));
  };
  collect(event.run);
  collect(event.job);
  for (const d of [...(event.inputs as unknown[]), ...(event.outputs as unknown[])]) collect(d);
  for (const facet of facets) {
    const validate = ajv.getSchema(String(facet._schemaURL));
    if (!validate) errors.push(`no schema for ${facet._schemaURL}`);
    else if (!validate(facet))
      errors.push(
        ...(validate.errors ?? []).map((e) => `${facet._schemaURL}${e.instancePath} ${e.message}`),
      );
  }
  return errors;
}

const SQL = `
  CREATE STREAM big AS SELECT customer_id, amount * quantity AS value
    FROM 'kafka://localhost:9092/orders?group_id=g' WHERE amount > 10.00;
  CREATE TABLE customers AS SELECT id, name FROM 'postgresql://u:secret@db:5432/shop?table=customers';
  CREATE STREAM enriched AS SELECT b.customer_id, c.name, SUM(b.value) AS total
    FROM big b JOIN customers c ON b.customer_id = c.id GROUP BY b.customer_id, c.name
    INTO 'kafka://localhost:9092/enriched';`;

let server: Server;
let url = '';
const received: { event: Record<string, unknown>; errors: string[] }[] = [];
let failuresToServe = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url !== '/api/v1/lineage' || failuresToServe > 0) {
        failuresToServe--;
        res.writeHead(req.url === '/api/v1/lineage' ? 503 : 404).end();
        return;
      }
      const event = JSON.parse(body) as Record<string, unknown>;
      received.push({ event, errors: schemaErrors(event) });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('OpenLineage run events', () => {
  const compiled = compile(SQL, {});
  const jobLin = jobLineage(lineage(compiled.program ?? (undefined as never)));
  const runId = randomUUID();
  const event = (eventType: OpenLineageEventType, errorMessage?: string) =>
    openLineageEvent({
      eventType,
      eventTime: new Date('2026-12-03T10:00:00.000Z'),
      runId,
      teamSlug: 'demo',
      jobName: 'enrich',
      lineage: jobLin,
      errorMessage,
    });

  it('delivers every event type, valid against the published schemas, retrying failures', async () => {
    failuresToServe = 2;
    const client = createOpenLineageClient({ url, backoffMs: 10 });
    const types: OpenLineageEventType[] = ['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT'];
    for (const type of types) {
      expect(
        await client.emit(
          event(type, type === 'FAIL' ? 'division by zero at line 3, column 9' : undefined),
        ),
      ).toBe(true);
    }
    expect(received.map((r) => r.event.eventType)).toEqual(types);
    for (const r of received) expect(r.errors).toEqual([]);
    const fail = received[3].event as { run: { facets: Record<string, { message: string }> } };
    expect(fail.run.facets.errorMessage.message).toBe('division by zero at line 3, column 9');
  });

  it('names datasets without credentials and carries column lineage', () => {
    const e = event('START') as {
      inputs: { namespace: string; name: string }[];
      outputs: {
        namespace: string;
        name: string;
        facets: { columnLineage: { fields: Record<string, unknown> } };
      }[];
    };
    expect(e.inputs.map((i) => `${i.namespace} ${i.name}`)).toEqual([
      'kafka://localhost:9092 orders',
      'postgresql://db:5432 shop/customers',
    ]);
    expect(JSON.stringify(e)).not.toContain('secret');
    expect(e.outputs[0].facets.columnLineage.fields.total).toEqual({
      inputFields: [
        { namespace: 'kafka://localhost:9092', name: 'orders', field: 'amount' },
        { namespace: 'kafka://localhost:9092', name: 'orders', field: 'quantity' },
      ],
    });
  });

  it('the validator itself refuses a bad event and a bad facet', () => {
    const good = event('START');
    expect(schemaErrors(good)).toEqual([]);
    expect(schemaErrors({ ...good, run: { runId: 'not-a-uuid' } }).length).toBeGreaterThan(0);
    const badFacet = event('START') as {
      outputs: { facets: { columnLineage: Record<string, unknown> } }[];
    };
    badFacet.outputs[0].facets.columnLineage.fields = { total: { inputFields: [{ name: 'x' }] } };
    expect(schemaErrors(badFacet as Record<string, unknown>).join()).toContain(
      'ColumnLineageDatasetFacet',
    );
  });

  it('gives up quietly when the receiver cannot be reached', async () => {
    const gaveUp: string[] = [];
    const client = createOpenLineageClient({
      url: 'http://127.0.0.1:9/',
      attempts: 2,
      backoffMs: 5,
      onGiveUp: (error) => gaveUp.push(error),
    });
    expect(await client.emit(event('START'))).toBe(false);
    expect(gaveUp).toHaveLength(1);
  });
});
