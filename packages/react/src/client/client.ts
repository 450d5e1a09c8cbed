import { NuvatraApiError, toApiError } from './errors.js';

export interface NuvatraClientOptions {
  /** Where the API is, e.g. `https://api.example.com` or `''` for the page's own origin. */
  baseUrl: string;
  /**
   * The bearer token of the signed-in user, asked for before every request (so a refreshed session token is used
   * at once), e.g. Clerk's `useAuth().getToken`. `null` sends no Authorization header (cookie sessions).
   */
  getToken?: () => Promise<string | null | undefined> | string | null | undefined;
  /** A global admin's impersonated tenant: sent as `X-Tenant-Id` (the server audits every use). */
  tenantId?: string | null;
  /** Another fetch (tests, instrumentation). */
  fetch?: typeof fetch;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface NuvatraClient {
  readonly baseUrl: string;
  readonly tenantId: string | null;
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions): Promise<T>;
}

/** A small fetch wrapper for the Nuvatra HTTP API: bearer token, impersonation header, JSON, typed errors. */
export function createNuvatraClient(options: NuvatraClientOptions): NuvatraClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const tenantId = options.tenantId ?? null;
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    baseUrl,
    tenantId,
    async request<T>(method: string, path: string, { query, body, signal }: RequestOptions = {}) {
      const headers = new Headers({ accept: 'application/json' });
      const token = await options.getToken?.();
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (tenantId) headers.set('x-tenant-id', tenantId);
      if (body !== undefined) headers.set('content-type', 'application/json');
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}${path}${toSearch(query)}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        if (signal?.aborted) throw cause;
        throw new NuvatraApiError({
          status: 0,
          code: 'NETWORK_ERROR',
          message: `Could not reach the Nuvatra API${baseUrl ? ` at ${baseUrl}` : ''}: check your connection and try again.`,
          cause,
        });
      }
      if (!response.ok) throw await toApiError(response);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
  } as NuvatraClient;
}

function toSearch(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
