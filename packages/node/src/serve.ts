import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchHandler } from '@nuvatra/core';
import { type NodeListenerOptions, toNodeListener } from './listener.js';

export interface ServeOptions extends NodeListenerOptions {
  /** Port to listen on; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to listen on, e.g. "127.0.0.1". Default: every interface. */
  hostname?: string;
}

export interface NuvatraServer {
  /** Where the server listens, e.g. "http://127.0.0.1:3000" (not the public URL). */
  url: string;
  /** The underlying node:http server, for timeouts or upgrades. */
  server: Server;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

/** Serves the handler on a plain node:http server; resolves once it is listening. */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<NuvatraServer> {
  const server = createServer(toNodeListener(handler, options));
  server.listen(options.port ?? 3000, options.hostname);
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${hostForUrl(options.hostname ?? address)}:${port}`,
    server,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function hostForUrl(hostname: string): string {
  if (hostname === '::' || hostname === '0.0.0.0') return 'localhost';
  return hostname.includes(':') ? `[${hostname}]` : hostname;
}
