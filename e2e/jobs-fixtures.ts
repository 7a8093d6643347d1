/**
 * Shared by the jobs, dashboards and lineage journeys: the console's database, calls to the
 * console's own tRPC endpoint from the signed-in page (so the server checks roles as for any
 * browser), lineage recorded through the API's own service, and the results file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { jobLineage, recordJobLineage, writeMetricMinutes } from '@velo/api';
import { createPrismaClient } from '@velo/db';
import { compile, lineage } from '@velo/engine';

let client: ReturnType<typeof createPrismaClient> | null = null;

export function db() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must point at the console under test’s database');
  client ??= createPrismaClient(url);
  return client;
}

export async function demoTeamId(): Promise<string> {
  const team = await db().team.findUnique({ where: { slug: 'demo' } });
  if (!team) throw new Error('the demo team is missing (e2e/global-setup.ts seeds it)');
  return team.id;
}

export interface TrpcResult {
  status: number;
  code: string | null;
  message: string | null;
  data: unknown;
}

/** Calls a procedure through the console's HTTP entry with the page's session cookie. */
export async function trpc(
  page: Page,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
): Promise<TrpcResult> {
  return page.evaluate(
    async ({ kind, path, input }) => {
      const body = JSON.stringify({ json: input });
      const response =
        kind === 'query'
          ? await fetch(`/api/trpc/${path}?input=${encodeURIComponent(body)}`)
          : await fetch(`/api/trpc/${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            });
      const json = (await response.json()) as {
        error?: { json?: { message?: string; data?: { code?: string } } };
        result?: { data?: { json?: unknown } };
      };
      return {
        status: response.status,
        code: json.error?.json?.data?.code ?? null,
        message: json.error?.json?.message ?? null,
        data: json.result?.data?.json ?? null,
      };
    },
    { kind, path, input },
  );
}

/** Where the console under test may write files (VELO_FILE_ROOT). */
export const FILE_ROOT =
  process.env.VELO_FILE_ROOT ?? new URL('../.velo/files', import.meta.url).pathname;

/** Creates a job through job.create as the signed-in user. */
export async function createJob(page: Page, teamId: string, name: string, sql: string) {
  const result = await trpc(page, 'mutation', 'job.create', { teamId, name, sql });
  if (result.status !== 200) throw new Error(`job.create: ${result.code} ${result.message}`);
  const job = result.data as { id: string; version?: number };
  return { id: job.id, name, version: job.version ?? 1 };
}

/**
 * Records a job's lineage as the worker does when it starts the job (recordJobLineage on the
 * engine's lineage of the compiled SQL), for journeys that run without a worker.
 */
export async function recordLineage(
  teamId: string,
  job: { id: string; name: string; version: number },
  sql: string,
) {
  const compiled = compile(sql, {});
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  await recordJobLineage(
    { prisma: db() },
    {
      teamId,
      jobId: job.id,
      jobName: job.name,
      jobVersion: job.version,
      lineage: jobLineage(lineage(compiled.program)),
    },
  );
}

/**
 * Writes `minutes` of per-second values of `names` ending now, as the worker's metric flusher
 * does (writeMetricMinutes), so dashboards have data without a running job.
 */
export async function writeMetrics(jobId: string, names: string[], minutes: number) {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  for (const name of names) {
    const rows = [];
    for (let m = minutes; m >= 0; m--) {
      const minute = now - m * 60_000;
      rows.push({
        name,
        labels: {},
        minute,
        seconds: Array.from({ length: 60 }, (_, s) => String(((m * 60 + s) % 97) + 1)),
      });
    }
    for (let i = 0; i < rows.length; i += 200) {
      await writeMetricMinutes({ prisma: db() }, { jobId, rows: rows.slice(i, i + 200) });
    }
  }
}

/** Merges `values` into e2e/results/console.json, keeping what other journeys wrote there. */
export function recordResults(values: Record<string, number>) {
  const path = new URL('./results/console.json', import.meta.url);
  const current = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  writeFileSync(
    path,
    `${JSON.stringify({ ...current, ...values, measuredAt: new Date().toISOString() }, null, 2)}\n`,
  );
}
