'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterInputs, RouterOutputs } from '@velo/api';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import {
  CONNECTION_TYPES,
  type ConnectionFormValues,
  type ConnectionType,
  emptyFormValues,
  type FieldErrors,
  fieldForServerPath,
  formValuesFromConnection,
  TYPE_LABELS,
  toCreateInput,
  toUpdateInput,
  validateConnectionForm,
} from '~/lib/connection-form';
import { fieldAria, secretClearedNotice } from '~/lib/connection-form-secret';
import { useTRPC } from '~/lib/trpc';
import { Dialog } from '../dialog';
import { Field } from '../field';
import { ConnectionTypeFields } from './connection-type-fields';
import { TestOutcomeBadge, useDraftTest } from './test-connection-button';

export type ConnectionView = RouterOutputs['connection']['list'][number];
type ConnectionCreateInput = RouterInputs['connection']['create'];
type ConnectionUpdateInput = RouterInputs['connection']['update'];

interface ConnectionFormDialogProps {
  teamId: string;
  /** The connection being edited; absent when creating one. */
  connection?: ConnectionView;
  onClose: () => void;
}

export function ConnectionFormDialog({ teamId, connection, onClose }: ConnectionFormDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mode = connection ? 'edit' : 'create';
  const [values, setValues] = useState<ConnectionFormValues>(() =>
    connection ? formValuesFromConnection(connection) : emptyFormValues(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();

  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.connection.list.queryKey({ teamId }) });
    onClose();
  };
  const onError = (error: unknown) => {
    const info = readApiError(error);
    const mapped: FieldErrors = {};
    const unplaced: string[] = [];
    for (const [path, message] of Object.entries(info.fieldErrors)) {
      const field = fieldForServerPath(path, values.type);
      if (field && !mapped[field]) mapped[field] = message;
      else if (!field) unplaced.push(message);
    }
    // A duplicate name arrives as a CONFLICT rather than a zod issue; it belongs by the name.
    if (info.code === 'CONFLICT' && /already exists/i.test(info.message) && !mapped.name)
      mapped.name = info.message;
    setErrors(mapped);
    const placed = Object.keys(mapped).length > 0;
    setFormError(unplaced[0] ?? (placed ? undefined : info.message));
  };
  const create = useMutation(trpc.connection.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.connection.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;
  const draftTest = useDraftTest(teamId);
  const secretNotice = connection ? secretClearedNotice(values, connection) : undefined;

  /** "Test" before saving: the same checks as saving, then a real probe of these settings. */
  function testDraft() {
    const found = validateConnectionForm(values, mode, connection);
    delete found.name;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const input = connection
      ? toUpdateInput(teamId, connection.id, values, connection)
      : toCreateInput(teamId, values);
    draftTest.run({
      teamId,
      ...(connection ? { id: connection.id } : {}),
      type: values.type,
      config: input.config as Record<string, unknown>,
      ...('secret' in input && input.secret ? { secret: input.secret } : {}),
    });
  }

  function change(patch: Partial<ConnectionFormValues>) {
    setValues((current) => ({ ...current, ...patch }));
    // Clear a field's message once it is edited; it is re-checked on submit.
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key as keyof FieldErrors];
      return next;
    });
  }

  function submit() {
    const found = validateConnectionForm(values, mode, connection);
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0) return;
    // The form model builds each type's config; the API's zod schemas stay the authority.
    if (connection)
      update.mutate(
        toUpdateInput(teamId, connection.id, values, connection) as ConnectionUpdateInput,
      );
    else create.mutate(toCreateInput(teamId, values) as ConnectionCreateInput);
  }

  const title = connection ? `Edit ${connection.name}` : 'New connection';
  return (
    <Dialog title={title} onClose={onClose} testId="connection-form" wide>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="field-row">
          <Field label="Name" htmlFor="name" error={errors.name} hint="Letters, digits, _ and -.">
            <input
              id="name"
              data-testid="field-name"
              placeholder="orders_db"
              value={values.name}
              maxLength={64}
              {...fieldAria(errors, 'name')}
              onChange={(event) => change({ name: event.target.value })}
            />
          </Field>
          <Field label="Type" htmlFor="type" error={errors.type}>
            <select
              id="type"
              data-testid="field-type"
              value={values.type}
              disabled={mode === 'edit'}
              {...fieldAria(errors, 'type')}
              onChange={(event) => {
                const type = event.target.value as ConnectionType;
                setValues({ ...emptyFormValues(type), name: values.name });
                setErrors({});
              }}
            >
              {CONNECTION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="fieldset">
          <legend>{TYPE_LABELS[values.type]} settings</legend>
          <ConnectionTypeFields
            values={values}
            errors={errors}
            keepsSecret={mode === 'edit' && connection?.hasSecret === true}
            onChange={change}
          />
        </fieldset>
        {secretNotice ? (
          <p className="form-notice" role="status" data-testid="secret-cleared-notice">
            {secretNotice}
          </p>
        ) : null}
        {formError ? (
          <p className="form-error" role="alert" data-testid="form-error">
            {formError}
          </p>
        ) : null}
        <div className="form-actions">
          <span className="form-actions-status">
            <TestOutcomeBadge pending={draftTest.pending} outcome={draftTest.outcome} idle="" />
          </span>
          <button
            type="button"
            className="button"
            data-testid="test-draft"
            disabled={draftTest.pending}
            onClick={testDraft}
          >
            {draftTest.pending ? 'Testing…' : 'Test'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="save-connection"
            disabled={pending}
          >
            {pending ? 'Saving…' : connection ? 'Save changes' : 'Create connection'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
