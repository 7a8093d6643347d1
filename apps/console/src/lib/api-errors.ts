/**
 * Reads what the console shows from a tRPC client error: the message and, for input
 * validation failures, the field errors the API's errorFormatter puts in `data.fieldErrors`.
 */

export interface ApiErrorInfo {
  code: string | undefined;
  message: string;
  fieldErrors: Record<string, string>;
}

function firstMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((item) => typeof item === 'string');
  return undefined;
}

export function readApiError(error: unknown): ApiErrorInfo {
  const shape = (error ?? {}) as {
    message?: unknown;
    data?: { code?: unknown; fieldErrors?: unknown } | null;
  };
  const data = shape.data ?? undefined;
  const fieldErrors: Record<string, string> = {};
  const raw = data?.fieldErrors;
  if (raw && typeof raw === 'object') {
    for (const [path, value] of Object.entries(raw as Record<string, unknown>)) {
      const message = firstMessage(value);
      if (message) fieldErrors[path] = message;
    }
  }
  const code = typeof data?.code === 'string' ? data.code : undefined;
  let message = typeof shape.message === 'string' ? shape.message : 'Something went wrong';
  // A zod failure's top-level message is a JSON dump of the issues; the fields say it better.
  if (Object.keys(fieldErrors).length > 0 && message.trimStart().startsWith('['))
    message = 'Please correct the highlighted fields';
  if (code === 'UNAUTHORIZED') message = 'Your session has ended. Please sign in again.';
  return { code, message, fieldErrors };
}
