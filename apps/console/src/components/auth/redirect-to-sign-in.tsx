'use client';

import { useEffect } from 'react';
import { signInUrl } from '~/lib/return-to';

/** Sends a signed-out visitor to sign in, remembering the page they asked for. */
export function RedirectToSignIn() {
  useEffect(() => {
    window.location.replace(signInUrl(window.location.pathname + window.location.search));
  }, []);
  return <div className="loading-screen">Redirecting to sign in…</div>;
}
