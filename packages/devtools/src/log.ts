/** Status lines of the dev tools, prefixed so they stand out among the children's output. */
export function say(message: string): void {
  process.stdout.write(`velo: ${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`velo: WARNING: ${message}\n`);
}

export function fail(message: string): void {
  process.stderr.write(`velo: ERROR: ${message}\n`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
