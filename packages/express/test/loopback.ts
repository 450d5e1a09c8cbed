import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';

export interface Loopback {
  url: string;
  close(): Promise<void>;
}

/** Serves `listener` on 127.0.0.1 at a free port. */
export async function listen(listener: RequestListener): Promise<Loopback> {
  const server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
