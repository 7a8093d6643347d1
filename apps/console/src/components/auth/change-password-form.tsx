'use client';

import { useState } from 'react';
import { authClient } from '~/lib/auth-client';
import { authErrorMessage, passwordLengthError } from '~/lib/auth-messages';
import { Field } from '../field';

/** Changes the password (current one required); other browsers are signed out. */
export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, setPending] = useState(false);

  async function submit() {
    const found: typeof errors = {};
    if (!current) found.current = 'Current password is required';
    const nextError = passwordLengthError(next);
    if (nextError) found.next = nextError;
    setErrors(found);
    setMessage(undefined);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    const result = await authClient.changePassword({
      currentPassword: current,
      newPassword: next,
      revokeOtherSessions: true,
    });
    setPending(false);
    if (result.error) {
      const text = authErrorMessage(result.error);
      if (result.error.code === 'INVALID_PASSWORD') setErrors({ current: text });
      else setErrors({ next: text });
      return;
    }
    setCurrent('');
    setNext('');
    setMessage({ ok: true, text: 'Password changed. Other browsers were signed out.' });
  }

  return (
    <form
      className="form"
      noValidate
      data-testid="change-password-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field label="Current password" htmlFor="current-password" error={errors.current}>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
      </Field>
      <Field
        label="New password"
        htmlFor="new-password"
        error={errors.next}
        hint="At least 10 characters, and not a common password."
      >
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
      </Field>
      {message ? (
        <p className="form-notice" role="status" data-testid="password-changed">
          {message.text}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
