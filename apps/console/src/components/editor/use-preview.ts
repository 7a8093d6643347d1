'use client';

import { useCallback, useRef, useState } from 'react';
import type {
  DeadLetterView,
  EngineResponse,
  OutputInfo,
  PreviewLimits,
  PreviewStats,
  StopCause,
} from '~/workers/engine-protocol';
import type { EngineClient } from './engine-client';
import { appendChunk, emptyResultSet, outputKey, type ResultSet } from './result-model';

export interface PreviewState {
  status: 'idle' | 'sampling' | 'running' | 'done';
  outputs: ResultSet[];
  deadLetters: DeadLetterView[];
  stats: PreviewStats | null;
  cause: StopCause | null;
  error: string | null;
  /** Bumps on every appended chunk (result sets grow in place). */
  version: number;
  startedAt: number | null;
}

const IDLE: PreviewState = {
  status: 'idle',
  outputs: [],
  deadLetters: [],
  stats: null,
  cause: null,
  error: null,
  version: 0,
  startedAt: null,
};

export interface StartPreview {
  sql: string;
  statement: number | null;
  limits: PreviewLimits;
  /** Fetches API samples of the non-datagen sources (may throw with a message for the user). */
  sample(): Promise<Record<string, unknown[]>>;
}

/** Runs previews in the engine worker and folds their messages into result sets. */
export function usePreview(client: EngineClient | null) {
  const [state, setState] = useState<PreviewState>(IDLE);
  const current = useRef<number | null>(null);
  const generation = useRef(0);

  const start = useCallback(
    async (request: StartPreview) => {
      if (!client) return;
      if (current.current !== null) client.stop(current.current);
      const mine = ++generation.current;
      const startedAt = performance.now();
      setState({ ...IDLE, status: 'sampling', startedAt });
      let samples: Record<string, unknown[]>;
      try {
        samples = await request.sample();
      } catch (error) {
        if (mine === generation.current) {
          setState({ ...IDLE, status: 'done', cause: 'error', error: (error as Error).message });
        }
        return;
      }
      if (mine !== generation.current) return;
      const sets = new Map<string, ResultSet>();
      setState((s) => ({ ...s, status: 'running' }));
      const onMessage = (message: EngineResponse) => {
        if (mine !== generation.current) return;
        if (message.type === 'preview-started') {
          for (const info of message.outputs)
            sets.set(outputKey(info), emptyResultSet(info as OutputInfo));
          setState((s) => ({ ...s, outputs: [...sets.values()] }));
        } else if (message.type === 'preview-progress') {
          for (const chunk of message.chunks) {
            const set = sets.get(outputKey(chunk));
            if (set) appendChunk(set, chunk);
          }
          setState((s) => ({
            ...s,
            outputs: [...sets.values()],
            deadLetters:
              message.deadLetters.length > 0
                ? [...s.deadLetters, ...message.deadLetters]
                : s.deadLetters,
            stats: message.stats,
            version: s.version + 1,
          }));
        } else if (message.type === 'preview-done') {
          current.current = null;
          setState((s) => ({
            ...s,
            status: 'done',
            stats: message.stats,
            cause: message.cause,
            error: message.error,
            version: s.version + 1,
          }));
        }
      };
      current.current = client.preview(
        { sql: request.sql, statement: request.statement, limits: request.limits, samples },
        onMessage,
      );
    },
    [client],
  );

  const stop = useCallback(() => {
    if (client && current.current !== null) client.stop(current.current);
  }, [client]);

  return { state, start, stop };
}
