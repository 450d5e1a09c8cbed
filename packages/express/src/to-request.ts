import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { toPublicBaseUrl } from '@nuvatra/core';
import { createLightRequest } from '@nuvatra/node';
import { capturedRawBodyOf, RECONSTRUCTED_BODY_HEADER, reconstructBody } from './raw-body.js';
import { toRequestUrl } from './request-url.js';

export interface ToRequestOptions {
  /**
   * The origin the public (and every webhook provider) reaches the app at, e.g. "https://voice.example.com".
   * When set, the Host and X-Forwarded-* headers play no part in the URL.
   */
  publicBaseUrl?: string | URL;
  /** Aborts the Request, e.g. when the client disconnects. */
  signal?: AbortSignal;
}

/** The Express fields read when present; a plain node:http request works too. */
interface ExpressRequestFields {
  originalUrl?: string;
  protocol?: string;
  body?: unknown;
  app?: { get(setting: string): unknown };
}
type IncomingRequest = IncomingMessage & ExpressRequestFields;

/**
 * Turns an Express (or node:http) request into a Fetch Request: the full original URL, every header, and the body
 * as the exact bytes the client sent whenever they can still be had.
 */
export function toRequest(req: IncomingMessage, options: ToRequestOptions = {}): Request {
  const incoming = req as IncomingRequest;
  const origin =
    options.publicBaseUrl === undefined ? originOf(incoming) : toPublicBaseUrl(options.publicBaseUrl).origin;
  const url = toRequestUrl(origin, incoming.originalUrl ?? req.url ?? '/');
  const headers = toHeaders(req);
  const body = bodyOf(incoming, headers);
  // A light request (see @nuvatra/node): a real one is made only if the handler touches more than core reads.
  return createLightRequest({ method: req.method ?? 'GET', url: url.href, headers, body, signal: options.signal });
}

function bodyOf(req: IncomingRequest, headers: Headers): IncomingMessage | Uint8Array | null {
  if (req.method === 'GET' || req.method === 'HEAD') return null;
  const parsed = capturedRawBodyOf(req) ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (parsed !== undefined) return asParsedBytes(headers, parsed);
  if (!hasBody(req)) return null;
  if (!req.readableEnded) return req;
  // A parser consumed the stream and nobody kept the bytes: forward what it parsed, marked as not the original.
  headers.set(RECONSTRUCTED_BODY_HEADER, '1');
  return asParsedBytes(headers, reconstructBody(req.body, headers.get('content-type') ?? undefined));
}

// A body parser has already inflated (Content-Encoding) and de-chunked these bytes; describe them as they now are.
function asParsedBytes(headers: Headers, bytes: Uint8Array): Uint8Array {
  headers.delete('content-encoding');
  headers.delete('transfer-encoding');
  headers.set('content-length', String(bytes.byteLength));
  return bytes;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function toHeaders(req: IncomingMessage): Headers {
  const pairs: [string, string][] = [];
  for (const name in req.headers) {
    const value = req.headers[name];
    // HTTP/2 pseudo-headers are not headers; a client-sent reconstruction marker would only confuse the handler.
    if (value === undefined || name.charCodeAt(0) === 58 || name === RECONSTRUCTED_BODY_HEADER) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const item of value) pairs.push([name, item]);
  }
  return new Headers(pairs);
}

/**
 * The origin as Express computes it: `req.protocol`, and X-Forwarded-Host only when the app's own
 * 'trust proxy' setting trusts the peer (the same rule as Express 5's `req.host`; Express 4's `req.host`
 * drops the port, so it is not used). Without 'trust proxy' this is the client-controlled Host header.
 */
function originOf(req: IncomingRequest): string {
  const protocol = req.protocol ?? ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  return `${protocol}://${hostOf(req) ?? 'localhost'}`;
}

function hostOf(req: IncomingRequest): string | undefined {
  const trust = req.app?.get('trust proxy fn');
  const forwarded = req.headers['x-forwarded-host'];
  if (typeof forwarded === 'string' && typeof trust === 'function' && trust(req.socket.remoteAddress, 0)) {
    return forwarded.split(',')[0]?.trim();
  }
  return req.headers.host;
}
