/** Driver and network failures, said in plain words. */

export class ProbeTimeoutError extends Error {
  override name = 'ProbeTimeoutError';
  constructor(timeoutMs: number) {
    super(`timed out after ${formatSeconds(timeoutMs)} s`);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

/** Network-level failures by errno, for an endpoint `host:port`. */
export function networkProblem(code: string | undefined, endpoint: string): string | undefined {
  const host = endpoint.replace(/:\d+$/, '');
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused at ${endpoint}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${host} could not be found`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host ${host} is unreachable`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${endpoint} closed the connection`;
    case 'ETIMEDOUT':
      return `${endpoint} did not answer in time`;
    default:
      return undefined;
  }
}

/** Waits for `work`, or fails with "timed out after N s", calling `abort` to release sockets. */
export async function withDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
  abort: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(new ProbeTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // The losing side may still reject later; it has been reported already.
    work.catch(() => {});
  }
}
