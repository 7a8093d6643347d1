/**
 * A tiny PostgreSQL impostor for tests: a real TCP server that speaks just enough of the
 * startup protocol to ask for the password in clear text (or to answer with an error), and
 * records every byte the client sends afterwards. It stands in for a hostile server an ADMIN
 * points a connection at, a failure the real PostgreSQL cannot be made to produce.
 */
import net from 'node:net';

export interface FakePostgres {
  port: number;
  /** Password messages ('p') received, as text. */
  passwords: string[];
  connections: number;
  close(): Promise<void>;
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'ascii');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** AuthenticationCleartextPassword: 'R', int32 length 8, int32 3. */
const ASK_CLEARTEXT = message('R', Buffer.from([0, 0, 0, 3]));

function errorResponse(code: string, text: string): Buffer {
  const fields = [`SFATAL`, `C${code}`, `M${text}`].map((field) => Buffer.from(`${field}\0`));
  return message('E', Buffer.concat([...fields, Buffer.from([0])]));
}

export async function startFakePostgres(
  behaviour: { kind: 'cleartext' } | { kind: 'error'; code: string; text: string },
): Promise<FakePostgres> {
  const sockets = new Set<net.Socket>();
  const fake: FakePostgres = { port: 0, passwords: [], connections: 0, close: async () => {} };
  const server = net.createServer((socket) => {
    fake.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === 80877103) {
          socket.write('N'); // SSLRequest: "no SSL here"; a startup message follows.
          return;
        }
        started = true;
        socket.write(
          behaviour.kind === 'cleartext'
            ? ASK_CLEARTEXT
            : errorResponse(behaviour.code, behaviour.text),
        );
        if (behaviour.kind === 'error') socket.end();
      }
      while (buffer.length >= 5 && buffer.length >= 1 + buffer.readInt32BE(1)) {
        const length = buffer.readInt32BE(1);
        if (buffer.toString('ascii', 0, 1) === 'p') {
          fake.passwords.push(buffer.toString('utf8', 5, 1 + length).replace(/\0$/, ''));
          socket.end(errorResponse('28P01', 'password authentication failed'));
        }
        buffer = buffer.subarray(1 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as net.AddressInfo).port;
  fake.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
