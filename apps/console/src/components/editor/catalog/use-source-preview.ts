'use client';

import { useMutation } from '@tanstack/react-query';
import type { Column } from '@velo/engine';
import { useCallback } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import type { EngineClient } from '../engine-client';
import type { StartPreview } from '../use-preview';
import { previewSourceSql } from './preview-sql';

/** The API samples at most this many records (preview.sample's maximum). */
const SAMPLE_MAX = 10_000;

interface SourcePreviewOptions {
  client: EngineClient | null;
  teamId: string;
  start(request: StartPreview): Promise<void>;
  /** The toolbar's limits, as typed (rows, seconds). */
  rowLimit: string;
  timeLimit: string;
  /** The columns of the sources sampled, by engine source id (they feed the diagnostics). */
  onSampled(schemas: Record<string, { columns: Column[] }>): void;
}

/**
 * "Preview source" (Arroyo's source tail): runs `SELECT * FROM '<uri>'` through the same preview
 * path as the editor's Preview button (API sample for Kafka, PostgreSQL and files, the engine
 * in the worker), without touching the editor's text. Results show in the results panel.
 */
export function useSourcePreview({
  client,
  teamId,
  start,
  rowLimit,
  timeLimit,
  onSampled,
}: SourcePreviewOptions) {
  const trpc = useTRPC();
  const sample = useMutation(trpc.preview.sample.mutationOptions());
  return useCallback(
    (uri: string) => {
      if (!client) return;
      const sql = previewSourceSql(uri);
      const rows = Math.max(1, Math.min(1_000_000, Number(rowLimit) || 10_000));
      const timeMs = Math.max(1, Math.min(600, Number(timeLimit) || 10)) * 1000;
      document.documentElement.dataset.previewClickedAt = String(performance.now());
      void start({
        sql,
        statement: null,
        limits: { rows, timeMs },
        async sample() {
          // The engine names the source; datagen runs in the browser, the rest is sampled.
          const { sources } = await client.diagnose(sql, {});
          const samples: Record<string, unknown[]> = {};
          const schemas: Record<string, { columns: Column[] }> = {};
          for (const source of sources) {
            if (source.runsInBrowser || !source.uri) continue;
            try {
              const result = await sample.mutateAsync({
                teamId,
                uri: source.uri,
                limit: Math.min(rows, SAMPLE_MAX),
              });
              samples[source.id] = result.records;
              if (result.columns.length > 0) {
                schemas[source.id] = { columns: result.columns as Column[] };
              }
            } catch (error) {
              throw new Error(`${source.id}: ${readApiError(error).message}`);
            }
          }
          if (Object.keys(schemas).length > 0) onSampled(schemas);
          return samples;
        },
      });
    },
    [client, teamId, start, rowLimit, timeLimit, sample, onSampled],
  );
}
