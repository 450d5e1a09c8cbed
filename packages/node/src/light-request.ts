import type { IncomingMessage } from 'node:http';
import { type BodyReader, bodyReaderKey, readBodyBytes } from '@nuvatra/core';
import { requestBodyStream } from './node-io.js';

// A light Fetch Request, the way @hono/node-server makes one: its prototype chains to `Request.prototype` so
// `instanceof Request` holds, it keeps the raw pieces (method, URL, headers, the IncomingMessage), and a real undici
// Request, with its web stream and dependent signal, is made only when code touches a member it does not serve.
// Core reads the body through `bodyReaderKey`, straight off the request's events into one buffer.

export interface LightRequestInit {
  method: string;
  /** An absolute URL, already normalised (`new URL(...).href`). */
  url: string;
  headers: Headers;
  /** Where the body comes from: the request's own stream, bytes a parser kept, or none. */
  body: IncomingMessage | Uint8Array | null;
  /** The request's signal, or a function making it when first asked for. */
  signal?: AbortSignal | (() => AbortSignal) | undefined;
}

const initKey = Symbol('nuvatra.requestInit');
const realKey = Symbol('nuvatra.realRequest');
const usedKey = Symbol('nuvatra.bodyUsed');
const signalKey = Symbol('nuvatra.signal');

interface LightRequest {
  method: string;
  url: string;
  headers: Headers;
  signal: AbortSignal;
  [initKey]: LightRequestInit;
  [realKey]: Request | undefined;
  [usedKey]: boolean;
  [signalKey]: AbortSignal | undefined;
}

type RequestInitWithDuplex = RequestInit & { duplex?: 'half' };

function toRealRequest(light: LightRequest): Request {
  let real = light[realKey];
  if (real !== undefined) return real;
  const { body } = light[initKey];
  const init: RequestInitWithDuplex = { method: light.method, headers: light.headers, signal: light.signal };
  if (body !== null) {
    init.body = light[usedKey]
      ? usedStream()
      : body instanceof Uint8Array
        ? (body as Uint8Array<ArrayBuffer>)
        : requestBodyStream(body);
    init.duplex = 'half';
  }
  real = new Request(light.url, init);
  // Read already through bodyReaderKey: the real Request must say so and refuse to read again.
  if (light[usedKey]) void real.body?.getReader().read();
  light[realKey] = real;
  // From now on the real Request owns the headers; later changes must reach it.
  light.headers = real.headers;
  return real;
}

function usedStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.close() });
}

const lightRequestPrototype = Object.create(Request.prototype) as object;
// Data properties, so assigning the own ones is not refused by Request.prototype's getter-only accessors.
for (const name of ['method', 'url', 'headers']) {
  Object.defineProperty(lightRequestPrototype, name, { value: undefined, writable: true, configurable: true });
}
Object.defineProperty(lightRequestPrototype, 'signal', {
  get(this: LightRequest) {
    let signal = this[signalKey];
    if (signal === undefined) {
      const given = this[initKey].signal;
      signal = typeof given === 'function' ? given() : (given ?? new AbortController().signal);
      this[signalKey] = signal;
    }
    return signal;
  },
  configurable: true,
});
const served = new Set(['constructor', 'method', 'url', 'headers', 'signal']);
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (served.has(name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name) as PropertyDescriptor;
  if (descriptor.get) {
    Object.defineProperty(lightRequestPrototype, name, {
      get(this: LightRequest) {
        return Reflect.get(toRealRequest(this), name);
      },
      configurable: true,
    });
  } else if (typeof descriptor.value === 'function') {
    Object.defineProperty(lightRequestPrototype, name, {
      value(this: LightRequest, ...args: unknown[]) {
        const real = toRealRequest(this);
        return (Reflect.get(real, name) as (...args: unknown[]) => unknown).apply(real, args);
      },
      writable: true,
      configurable: true,
    });
  }
}
// `new Request(lightRequest)` passes the instanceof check and then reads undici's internal slots (symbols in the
// undici Node 20 and 22 bundle); hand it the real Request's. Hono instead replaces the global Request, which a
// library should not do.
for (const slot of Object.getOwnPropertySymbols(new Request('http://localhost/'))) {
  Object.defineProperty(lightRequestPrototype, slot, {
    get(this: LightRequest) {
      return Reflect.get(toRealRequest(this), slot);
    },
    configurable: true,
  });
}
Object.defineProperty(lightRequestPrototype, bodyReaderKey, {
  value: function readBody(this: LightRequest, limit: number): Promise<Uint8Array | null> {
    const real = this[realKey];
    if (real !== undefined) return readBodyBytes(real, limit);
    const { body } = this[initKey];
    if (body === null) return Promise.resolve(new Uint8Array());
    if (this[usedKey]) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this[usedKey] = true;
    if (body instanceof Uint8Array) return Promise.resolve(body.byteLength > limit ? null : new Uint8Array(body));
    return readIncoming(body, limit);
  } satisfies BodyReader,
  writable: true,
  configurable: true,
});

/** A Fetch Request over the raw pieces of a node:http request; see the top of this file. */
export function createLightRequest(init: LightRequestInit): Request {
  const request = Object.create(lightRequestPrototype) as LightRequest;
  request.method = init.method;
  request.url = init.url;
  request.headers = init.headers;
  request[initKey] = init;
  request[realKey] = undefined;
  request[usedKey] = false;
  request[signalKey] = undefined;
  // Where `new Request(lightRequest)` cannot work (a Node whose undici keeps its slots in private fields), every
  // request is a real one from the start: slower, never wrong.
  return lightRequestsCheck || lightRequestsWork ? (request as unknown as Request) : toRealRequest(request);
}

let lightRequestsCheck = false;
/** Whether this Node's Request accepts a light request as its input (checked once, at load). */
const lightRequestsWork = (() => {
  lightRequestsCheck = true;
  try {
    const light = createLightRequest({
      method: 'POST',
      url: 'http://localhost/check',
      headers: new Headers({ 'x-check': '1' }),
      body: new Uint8Array([1]),
    });
    const copy = new Request(light);
    return copy.method === 'POST' && copy.url === 'http://localhost/check' && copy.headers.get('x-check') === '1';
  } catch {
    return false;
  } finally {
    lightRequestsCheck = false;
  }
})();

/**
 * The whole body off the request's events. Past `limit` the bytes are dropped: up to four times the limit they are
 * still read, so a client still uploading sees the 413 rather than a connection closed under it (as core does for
 * a stream); then the rest is left to drain and the answer says `Connection: close`.
 */
function readIncoming(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const cap = Math.min(limit * 4, 64 * 1024 * 1024);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
      else if (size > cap) {
        done();
        req.resume();
        resolve(null);
      }
    };
    const onEnd = () => {
      done();
      if (size > limit) resolve(null);
      else resolve(joined(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      if (req.complete) return;
      done();
      reject(new Error('The client closed the request before its body ended.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

// A fresh array rather than a view: chunks share node's pooled and socket buffers, which `.buffer` would expose.
function joined(chunks: Buffer[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
