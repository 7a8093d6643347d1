'use client';

import {
  type ConnectionFormValues,
  FILE_FORMATS,
  type FieldErrors,
  GENERATORS,
  SASL_MECHANISMS,
} from '~/lib/connection-form';
import { fieldAria } from '~/lib/connection-form-secret';
import { Field } from '../field';

interface TypeFieldsProps {
  values: ConnectionFormValues;
  errors: FieldErrors;
  /** Editing a connection that already has a stored secret. */
  keepsSecret: boolean;
  onChange: (patch: Partial<ConnectionFormValues>) => void;
}

const KEEP_SECRET_HINT = 'Leave blank to keep the stored secret.';

function SslCheckbox({ values, onChange }: Pick<TypeFieldsProps, 'values' | 'onChange'>) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        data-testid="field-ssl"
        checked={values.ssl}
        onChange={(event) => onChange({ ssl: event.target.checked })}
      />
      Use TLS (SSL)
    </label>
  );
}

function PostgresFields({ values, errors, keepsSecret, onChange }: TypeFieldsProps) {
  return (
    <>
      <div className="field-row">
        <Field label="Host" htmlFor="host" error={errors.host}>
          <input
            id="host"
            {...fieldAria(errors, 'host')}
            data-testid="field-host"
            placeholder="db.internal"
            value={values.host}
            onChange={(event) => onChange({ host: event.target.value })}
          />
        </Field>
        <Field label="Port" htmlFor="port" error={errors.port}>
          <input
            id="port"
            {...fieldAria(errors, 'port')}
            inputMode="numeric"
            className="input-short"
            data-testid="field-port"
            value={values.port}
            onChange={(event) => onChange({ port: event.target.value })}
          />
        </Field>
      </div>
      <Field label="Database" htmlFor="database" error={errors.database}>
        <input
          id="database"
          {...fieldAria(errors, 'database')}
          data-testid="field-database"
          value={values.database}
          onChange={(event) => onChange({ database: event.target.value })}
        />
      </Field>
      <div className="field-row">
        <Field label="User" htmlFor="user" error={errors.user}>
          <input
            id="user"
            {...fieldAria(errors, 'user')}
            autoComplete="off"
            data-testid="field-user"
            value={values.user}
            onChange={(event) => onChange({ user: event.target.value })}
          />
        </Field>
        <Field
          label="Password"
          htmlFor="password"
          error={errors.password}
          hint={keepsSecret ? KEEP_SECRET_HINT : 'Stored encrypted; never shown again.'}
        >
          <input
            id="password"
            {...fieldAria(errors, 'password')}
            type="password"
            autoComplete="new-password"
            data-testid="field-password"
            value={values.password}
            placeholder={keepsSecret ? '••••••••' : ''}
            onChange={(event) => onChange({ password: event.target.value })}
          />
        </Field>
      </div>
      <SslCheckbox values={values} onChange={onChange} />
    </>
  );
}

function KafkaFields({ values, errors, keepsSecret, onChange }: TypeFieldsProps) {
  return (
    <>
      <Field
        label="Bootstrap brokers"
        htmlFor="brokers"
        error={errors.brokers}
        hint="host:port, separated by commas."
      >
        <input
          id="brokers"
          {...fieldAria(errors, 'brokers')}
          data-testid="field-brokers"
          placeholder="broker-1:9092, broker-2:9092"
          value={values.brokers}
          onChange={(event) => onChange({ brokers: event.target.value })}
        />
      </Field>
      <Field label="Client id (optional)" htmlFor="clientId" error={errors.clientId}>
        <input
          id="clientId"
          {...fieldAria(errors, 'clientId')}
          data-testid="field-clientId"
          placeholder="velo"
          value={values.clientId}
          onChange={(event) => onChange({ clientId: event.target.value })}
        />
      </Field>
      <SslCheckbox values={values} onChange={onChange} />
      <Field label="SASL authentication" htmlFor="saslMechanism" error={errors.saslMechanism}>
        <select
          id="saslMechanism"
          {...fieldAria(errors, 'saslMechanism')}
          data-testid="field-saslMechanism"
          value={values.saslMechanism}
          onChange={(event) =>
            onChange({
              saslMechanism: event.target.value as ConnectionFormValues['saslMechanism'],
            })
          }
        >
          <option value="">None</option>
          {SASL_MECHANISMS.map((mechanism) => (
            <option key={mechanism} value={mechanism}>
              {mechanism.toUpperCase()}
            </option>
          ))}
        </select>
      </Field>
      {values.saslMechanism ? (
        <div className="field-row">
          <Field label="SASL username" htmlFor="saslUsername" error={errors.saslUsername}>
            <input
              id="saslUsername"
              {...fieldAria(errors, 'saslUsername')}
              autoComplete="off"
              data-testid="field-saslUsername"
              value={values.saslUsername}
              onChange={(event) => onChange({ saslUsername: event.target.value })}
            />
          </Field>
          <Field
            label="SASL password"
            htmlFor="saslPassword"
            error={errors.saslPassword}
            hint={keepsSecret ? KEEP_SECRET_HINT : 'Stored encrypted; never shown again.'}
          >
            <input
              id="saslPassword"
              {...fieldAria(errors, 'saslPassword')}
              type="password"
              autoComplete="new-password"
              data-testid="field-saslPassword"
              value={values.saslPassword}
              placeholder={keepsSecret ? '••••••••' : ''}
              onChange={(event) => onChange({ saslPassword: event.target.value })}
            />
          </Field>
        </div>
      ) : null}
    </>
  );
}

function FileFields({ values, errors, onChange }: TypeFieldsProps) {
  return (
    <div className="field-row">
      <Field
        label="Path"
        htmlFor="path"
        error={errors.path}
        hint="An absolute path; globs allowed."
      >
        <input
          id="path"
          {...fieldAria(errors, 'path')}
          data-testid="field-path"
          placeholder="/data/orders/*.jsonl"
          value={values.path}
          onChange={(event) => onChange({ path: event.target.value })}
        />
      </Field>
      <Field label="Format" htmlFor="format" error={errors.format}>
        <select
          id="format"
          {...fieldAria(errors, 'format')}
          data-testid="field-format"
          value={values.format}
          onChange={(event) =>
            onChange({ format: event.target.value as ConnectionFormValues['format'] })
          }
        >
          {FILE_FORMATS.map((format) => (
            <option key={format} value={format}>
              {format.toUpperCase()}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

function DatagenFields({ values, errors, onChange }: TypeFieldsProps) {
  return (
    <>
      <Field label="Generator" htmlFor="generator" error={errors.generator}>
        <select
          id="generator"
          {...fieldAria(errors, 'generator')}
          data-testid="field-generator"
          value={values.generator}
          onChange={(event) =>
            onChange({ generator: event.target.value as ConnectionFormValues['generator'] })
          }
        >
          {GENERATORS.map((generator) => (
            <option key={generator} value={generator}>
              {generator}
            </option>
          ))}
        </select>
      </Field>
      <div className="field-row">
        <Field
          label="Rate (records/s, optional)"
          htmlFor="rate"
          error={errors.rate}
          hint="Unlimited when empty."
        >
          <input
            id="rate"
            {...fieldAria(errors, 'rate')}
            inputMode="decimal"
            data-testid="field-rate"
            value={values.rate}
            onChange={(event) => onChange({ rate: event.target.value })}
          />
        </Field>
        <Field
          label="Seed (optional)"
          htmlFor="seed"
          error={errors.seed}
          hint="Same seed, same records."
        >
          <input
            id="seed"
            {...fieldAria(errors, 'seed')}
            inputMode="numeric"
            data-testid="field-seed"
            value={values.seed}
            onChange={(event) => onChange({ seed: event.target.value })}
          />
        </Field>
      </div>
    </>
  );
}

export function ConnectionTypeFields(props: TypeFieldsProps) {
  switch (props.values.type) {
    case 'postgresql':
      return <PostgresFields {...props} />;
    case 'kafka':
      return <KafkaFields {...props} />;
    case 'file':
      return <FileFields {...props} />;
    case 'datagen':
      return <DatagenFields {...props} />;
  }
}
