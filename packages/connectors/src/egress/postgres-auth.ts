import type pg from 'pg';

export const CLEARTEXT_REFUSED =
  'the server asked for the password in clear text over an unencrypted connection; turn SSL on to use password authentication with this server';

/**
 * Makes `client` refuse PostgreSQL's cleartext password authentication unless the connection
 * is TLS: otherwise whoever answers at the configured address (or on the path to it) reads the
 * password. MD5 and SCRAM never send it and stay allowed. Call before `connect()`.
 */
export function refuseCleartextPassword(client: pg.Client, tls: boolean): pg.Client {
  if (tls) return client;
  const internals = client as unknown as {
    _handleAuthCleartextPassword: () => void;
    _handleErrorEvent: (error: Error) => void;
    connection: { stream: { destroy: () => void } };
  };
  // pg binds this handler in connect(), so replacing it on the instance beforehand is enough.
  internals._handleAuthCleartextPassword = () => {
    internals.connection.stream.destroy();
    internals._handleErrorEvent(Object.assign(new Error(CLEARTEXT_REFUSED), { code: 'CLEARTEXT' }));
  };
  return client;
}
