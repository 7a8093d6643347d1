/** Where the console goes after signing in when no page was asked for. */
export const DEFAULT_PAGE = '/connections';

/**
 * The page to return to after signing in, from `?next=`: only a path on this site (no scheme, no
 * `//host`, no backslash tricks), so the parameter cannot send a user elsewhere.
 */
export function safeReturnTo(value: string | string[] | null | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next?.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) {
    return DEFAULT_PAGE;
  }
  if (next.startsWith('/sign-in') || next.startsWith('/sign-up') || next.startsWith('/api/')) {
    return DEFAULT_PAGE;
  }
  return next;
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInUrl(path: string): string {
  const next = safeReturnTo(path);
  return next === DEFAULT_PAGE ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}
