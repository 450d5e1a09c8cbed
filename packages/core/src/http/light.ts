// Light Fetch objects for the hot path. A real undici Response costs more to build and to read back than the rest
// of a small webhook answer, so core's own answers are objects that chain to `Response.prototype` (`instanceof`
// holds) and keep the raw body, the way @hono/node-server does; a real Response is made only when code touches a
// member the light object does not serve. Bindings write the raw body directly (see `rawResponseBody`).

/**
 * A request may carry a method under this key that hands its whole body over without a web stream:
 * `(limit) => Promise<Uint8Array | null>`, null when more than `limit` bytes arrived (the rest is discarded).
 * `readBodyBytes` uses it when present; it reads the body once, like `request.arrayBuffer()`.
 */
export const bodyReaderKey: unique symbol = Symbol.for('nuvatra.readBody');

export type BodyReader = (limit: number) => Promise<Uint8Array | null>;

const rawBodyKey = Symbol('nuvatra.rawBody');
const realKey = Symbol('nuvatra.realResponse');

interface LightResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: Headers;
  [rawBodyKey]: string | Uint8Array;
  [realKey]: Response | undefined;
}

function toRealResponse(light: LightResponse): Response {
  let real = light[realKey];
  if (real === undefined) {
    const body = light[rawBodyKey];
    real = new Response(typeof body === 'string' ? body : (body as Uint8Array<ArrayBuffer>), {
      status: light.status,
      statusText: light.statusText,
      headers: light.headers,
    });
    light[realKey] = real;
    // From now on the real Response owns the headers; later changes must reach what it answers.
    light.headers = real.headers;
  }
  return real;
}

const served = new Set(['constructor', 'status', 'statusText', 'ok', 'headers']);
const lightResponsePrototype = Object.create(Response.prototype) as object;
// Data properties, so assigning the own ones is not refused by Response.prototype's getter-only accessors.
for (const name of ['status', 'statusText', 'ok', 'headers']) {
  Object.defineProperty(lightResponsePrototype, name, { value: undefined, writable: true, configurable: true });
}
for (const name of Object.getOwnPropertyNames(Response.prototype)) {
  if (served.has(name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Response.prototype, name) as PropertyDescriptor;
  if (descriptor.get) {
    Object.defineProperty(lightResponsePrototype, name, {
      get(this: LightResponse) {
        return Reflect.get(toRealResponse(this), name);
      },
      configurable: true,
    });
  } else if (typeof descriptor.value === 'function') {
    Object.defineProperty(lightResponsePrototype, name, {
      value(this: LightResponse, ...args: unknown[]) {
        const real = toRealResponse(this);
        return (Reflect.get(real, name) as (...args: unknown[]) => unknown).apply(real, args);
      },
      writable: true,
      configurable: true,
    });
  }
}

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * A Response with a string or byte body, built without undici (see above). It refuses the same status codes
 * `new Response(body, { status })` does.
 */
export function createLightResponse(body: string | Uint8Array, status: number, headers: Headers): Response {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError(`The status provided (${status}) is outside the range [200, 599].`);
  }
  if (nullBodyStatuses.has(status)) throw new TypeError(`A response with status ${status} cannot have a body.`);
  const response = Object.create(lightResponsePrototype) as LightResponse;
  response.status = status;
  response.statusText = '';
  response.ok = status < 300;
  response.headers = headers;
  response[rawBodyKey] = body;
  response[realKey] = undefined;
  return response as unknown as Response;
}

/** A text (or bytes) response; a string body gets `text/plain;charset=UTF-8` unless a Content-Type is given. */
export function textResponse(
  body: string | Uint8Array,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(init.headers);
  if (typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  return createLightResponse(body, init.status ?? 200, headers);
}

/**
 * The body of a light response as given, for a binding to write in one go; undefined for any other Response and
 * once the light response became a real one (its body may have been read).
 */
export function rawResponseBody(response: Response): string | Uint8Array | undefined {
  const light = response as unknown as Partial<LightResponse>;
  return light[realKey] === undefined ? light[rawBodyKey] : undefined;
}
