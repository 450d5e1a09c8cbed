// Test-only: a stand-in handler for the runtime bindings' tests.

/** What the fake handler saw, as JSON: the body as base64 so every byte survives. */
export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export async function toEcho(request: Request): Promise<Echo> {
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: request.body === null ? null : Buffer.from(await request.arrayBuffer()).toString('base64'),
  };
}

/** A stand-in for core's handler: answers every request with what it received. */
export const echoHandler = {
  handle: async (request: Request): Promise<Response> => Response.json(await toEcho(request)),
};

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
