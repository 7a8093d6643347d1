/**
 * One line per unexpected server failure, for operators. Only the error's name, code and the
 * first line of its message: driver and Prisma messages go on to list query arguments, which
 * have no business in a log (they never hold a plaintext secret, but they may hold ciphertext
 * and user data).
 */
export function describeServerError(error: unknown): string {
  if (!(error instanceof Error))
    return typeof error === 'string' ? error.split('\n')[0] : 'unknown error';
  const code = (error as { code?: unknown }).code;
  const firstLine =
    error.message
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? '';
  return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${firstLine.slice(0, 300)}`;
}

export function logServerError(where: string, error: unknown): void {
  console.error(`[velo api] ${where} failed: ${describeServerError(error)}`);
}
