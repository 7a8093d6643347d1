'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '~/components/dialog';
import { Field } from '~/components/field';
import { readApiError } from '~/lib/api-errors';
import type { ResolvedTheme } from '~/lib/theme';
import { useTRPC } from '~/lib/trpc';
import { SqlDiff } from './sql-diff';

type RestartPolicy = 'never' | 'on-failure' | 'always';

interface SaveJobDialogProps {
  teamId: string;
  sql: string;
  /** Saving a tab opened from a job adds a version to that job instead of creating one. */
  jobId?: string;
  /** The job's saved SQL: a new version shows its diff against it before saving. */
  savedSql?: string;
  theme: ResolvedTheme;
  defaultName: string;
  onSaved(job: { id: string; version: number; name: string }): void;
  onClose(): void;
}

/** Save as job: the API validates the SQL with the same analysis as `velo validate`. */
export function SaveJobDialog({
  teamId,
  sql,
  jobId,
  savedSql,
  theme,
  defaultName,
  onSaved,
  onClose,
}: SaveJobDialogProps) {
  const trpc = useTRPC();
  const [name, setName] = useState(defaultName);
  const [restartPolicy, setRestartPolicy] = useState<RestartPolicy>('on-failure');
  const [parallelism, setParallelism] = useState('1');
  const create = useMutation(trpc.job.create.mutationOptions());
  const update = useMutation(trpc.job.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const info = error ? readApiError(error) : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const settings = { restartPolicy, parallelism: Number(parallelism) };
    try {
      if (jobId) {
        const saved = await update.mutateAsync({ teamId, id: jobId, sql, ...settings });
        onSaved({ id: saved.id, version: saved.version, name });
      } else {
        const saved = await create.mutateAsync({ teamId, name, sql, ...settings });
        onSaved({ id: saved.id, version: saved.version, name });
      }
    } catch {
      // Shown from the mutation's error below.
    }
  }

  return (
    <Dialog
      title={jobId ? 'Save a new version' : 'Save as job'}
      onClose={onClose}
      testId="save-job-dialog"
      wide={jobId !== undefined && savedSql !== undefined}
    >
      <form className="form" onSubmit={submit} noValidate>
        {jobId && savedSql !== undefined ? (
          savedSql === sql ? (
            <p className="muted" data-testid="save-job-unchanged">
              No changes since the saved version.
            </p>
          ) : (
            <SqlDiff
              original={savedSql}
              modified={sql}
              theme={theme}
              height="240px"
              label="Changes since the saved version"
            />
          )
        ) : null}
        {jobId ? null : (
          <Field label="Name" htmlFor="job-name" error={info?.fieldErrors.name}>
            <input
              id="job-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
            />
          </Field>
        )}
        <Field label="Restart policy" htmlFor="job-restart" error={info?.fieldErrors.restartPolicy}>
          <select
            id="job-restart"
            value={restartPolicy}
            onChange={(e) => setRestartPolicy(e.target.value as RestartPolicy)}
          >
            <option value="never">Never</option>
            <option value="on-failure">On failure</option>
            <option value="always">Always</option>
          </select>
        </Field>
        <Field
          label="Parallelism"
          htmlFor="job-parallelism"
          error={info?.fieldErrors.parallelism}
          hint="Tasks that share the job's partitions (1 to 64)."
        >
          <input
            id="job-parallelism"
            type="number"
            min={1}
            max={64}
            value={parallelism}
            onChange={(e) => setParallelism(e.target.value)}
          />
        </Field>
        {info && Object.keys(info.fieldErrors).length === 0 ? (
          <p className="form-error" role="alert" data-testid="save-job-error">
            {info.message}
          </p>
        ) : info?.fieldErrors.sql ? (
          <p className="form-error" role="alert" data-testid="save-job-error">
            {info.fieldErrors.sql}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={pending}
            data-testid="save-job-submit"
          >
            {pending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
