/** Driver and network failures, said in plain words. */

export class ProbeTimeoutError extends Error {
  override name = 'ProbeTimeoutError';
  constructor(timeoutMs: number) {
    super(
      `Timed out after ${formatSeconds(timeoutMs)} s; check the host, the port and any firewall in between`,
    );
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

/** A server that hung up on the client (a wrong port, or TLS on one side only). */
export function serverClosed(endpoint: string): string {
  return `The server at ${endpoint} closed the connection; check the port and the TLS setting`;
}

/** Network-level failures by errno, for an endpoint `host:port`. */
export function networkProblem(code: string | undefined, endpoint: string): string | undefined {
  const host = endpoint.replace(/:\d+$/, '');
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused at ${endpoint}; check the host and port, and that the server is running`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host ${host} could not be found; check the host name`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Host ${host} is unreachable; check the address and the network`;
    case 'ECONNRESET':
    case 'EPIPE':
      return serverClosed(endpoint);
    case 'ETIMEDOUT':
      return `The server at ${endpoint} did not answer in time; check the host, the port and any firewall in between`;
    default:
      return undefined;
  }
}

/** Waits for `work`, or fails with "Timed out after N s …", calling `abort` to release sockets. */
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

const REMOTE_TEXT_LIMIT = 300;
// C0/C1 controls and the Unicode bidi overrides that could make a message read differently.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * Text that came from the remote side (a server's error message): control characters become
 * spaces and it is cut to 300 characters, so a hostile server cannot inject lines into the UI,
 * the audit log or a terminal, nor stuff a large payload into them.
 */
export function cleanRemoteText(text: string): string {
  const clean = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > REMOTE_TEXT_LIMIT ? `${clean.slice(0, REMOTE_TEXT_LIMIT - 1)}…` : clean;
}
