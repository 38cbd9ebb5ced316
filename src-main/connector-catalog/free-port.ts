import { createServer } from 'node:net';

/** True when a TCP server can bind the port on the host right now (it is closed again at once). */
export function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The first port from `preferred` up (at most `span` tried) that no connector names and that can be bound
 * now; undefined when none is. A suggestion only: activation binds for real and says when it cannot.
 */
export async function firstFreePort(preferred: number, taken: ReadonlySet<number>, bindable: (port: number) => Promise<boolean>, span = 200): Promise<number | undefined> {
  for (let port = preferred; port < Math.min(65536, preferred + span); port++) {
    if (!taken.has(port) && (await bindable(port))) return port;
  }
  return undefined;
}
