'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Field } from '~/components/field';
import { authClient } from '~/lib/auth-client';
import { authErrorMessage, EMAIL_PATTERN, passwordLengthError } from '~/lib/auth-messages';

interface SignUpErrors {
  name?: string;
  email?: string;
  password?: string;
}

/**
 * Creates the account (signed in at once) and mails a verification link that comes back to
 * `next`; team invitations can be accepted once the email is verified.
 */
export function SignUpForm({ next }: { next: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<SignUpErrors>({});
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit() {
    const errors: SignUpErrors = {};
    if (!name.trim()) errors.name = 'Name is required';
    else if (name.trim().length > 100) errors.name = 'Name must be at most 100 characters';
    if (!email.trim()) errors.email = 'Email is required';
    else if (!EMAIL_PATTERN.test(email.trim())) errors.email = 'Enter a valid email address';
    const passwordError = passwordLengthError(password);
    if (passwordError) errors.password = passwordError;
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setPending(true);
    setError(undefined);
    const result = await authClient.signUp.email({
      name: name.trim(),
      email: email.trim(),
      password,
      callbackURL: next,
    });
    if (result.error) {
      setPending(false);
      setError(authErrorMessage(result.error));
      return;
    }
    window.location.assign(next);
  }

  return (
    <main className="auth-card">
      <h1>Create your account</h1>
      <p className="muted">Build streaming SQL pipelines with your team.</p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field label="Name" htmlFor="name" error={fieldErrors.name}>
          <input
            id="name"
            autoComplete="name"
            data-testid="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </Field>
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
        <Field
          label="Password"
          htmlFor="password"
          error={fieldErrors.password}
          hint="At least 10 characters, and not a common password."
        >
          <input
            id="password"
            type="password"
            autoComplete="new-password"
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
          data-testid="sign-up-submit"
          disabled={pending}
        >
          {pending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account?{' '}
        <Link
          href={next === '/connections' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`}
        >
          Sign in
        </Link>
      </p>
    </main>
  );
}
