'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Field } from '~/components/field';
import { authClient } from '~/lib/auth-client';
import { authErrorMessage, EMAIL_PATTERN } from '~/lib/auth-messages';

/** Signs in and returns to `next`, the page that was asked for (already checked by the page). */
export function SignInForm({ next }: { next: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit() {
    const errors: typeof fieldErrors = {};
    if (!email.trim()) errors.email = 'Email is required';
    else if (!EMAIL_PATTERN.test(email.trim())) errors.email = 'Enter a valid email address';
    if (!password) errors.password = 'Password is required';
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setPending(true);
    setError(undefined);
    const result = await authClient.signIn.email({ email: email.trim(), password });
    if (result.error) {
      setPending(false);
      setError(authErrorMessage(result.error));
      return;
    }
    window.location.assign(next);
  }

  return (
    <main className="auth-card">
      <h1>Sign in</h1>
      <p className="muted">Welcome back. Sign in to your Velo workspace.</p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field label="Email" htmlFor="email" error={fieldErrors.email}>
          <input
            id="email"
            type="email"
            autoComplete="email"
            data-testid="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label="Password" htmlFor="password" error={fieldErrors.password}>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            data-testid="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {error ? (
          <p className="form-error" role="alert" data-testid="auth-error">
            {error}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button-primary button-block"
          data-testid="sign-in-submit"
          disabled={pending}
        >
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New to Velo?{' '}
        <Link
          href={next === '/connections' ? '/sign-up' : `/sign-up?next=${encodeURIComponent(next)}`}
        >
          Create an account
        </Link>
      </p>
    </main>
  );
}
