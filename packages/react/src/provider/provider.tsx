import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { createNuvatraClient, type NuvatraClient, type NuvatraClientOptions } from '../client/client.js';
import { isNuvatraApiError } from '../client/errors.js';

export interface NuvatraProviderProps {
  /** Where the API is; `''` for the page's own origin. */
  baseUrl: string;
  /** The signed-in user's bearer token, e.g. Clerk's `useAuth().getToken`. */
  getToken?: NuvatraClientOptions['getToken'];
  /**
   * The tenant a global admin is looking at (`X-Tenant-Id`). Pass it to control impersonation yourself, with
   * `onImpersonatedTenantChange`; leave it out and the provider keeps it (see `useImpersonation`).
   */
  impersonatedTenantId?: string | null;
  onImpersonatedTenantChange?: (tenantId: string | null) => void;
  /** Your own TanStack QueryClient; by default the provider makes one with the retry policy below. */
  queryClient?: QueryClient;
  /** Another fetch (tests, instrumentation). */
  fetch?: typeof fetch;
  children: ReactNode;
}

interface NuvatraContextValue {
  /** Sends the impersonation header while a global admin impersonates a tenant. */
  client: NuvatraClient;
  /** Never sends it: admin routes are nobody's tenant. */
  adminClient: NuvatraClient;
  impersonatedTenantId: string | null;
  setImpersonatedTenantId: (tenantId: string | null) => void;
}

const NuvatraContext = createContext<NuvatraContextValue | null>(null);

/** Retries what may pass on a second try (network, 5xx), never a 4xx: the answer would be the same. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isNuvatraApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createNuvatraQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: shouldRetry, staleTime: 15_000 }, mutations: { retry: false } },
  });
}

/** Gives the hooks and components below it the API client, the impersonated tenant and a query cache. */
export function NuvatraProvider(props: NuvatraProviderProps) {
  const [ownQueryClient] = useState(createNuvatraQueryClient);
  const [uncontrolledTenantId, setUncontrolledTenantId] = useState<string | null>(null);
  const controlled = props.impersonatedTenantId !== undefined;
  const impersonatedTenantId = controlled ? (props.impersonatedTenantId ?? null) : uncontrolledTenantId;
  const { onImpersonatedTenantChange } = props;

  // The latest getToken is read at request time, so a new function each render does not make a new client.
  const getTokenRef = useRef(props.getToken);
  getTokenRef.current = props.getToken;
  const { baseUrl, fetch: fetchImpl } = props;
  const adminClient = useMemo(
    () =>
      createNuvatraClient({
        baseUrl,
        getToken: () => getTokenRef.current?.(),
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
    [baseUrl, fetchImpl],
  );
  const client = useMemo(
    () =>
      createNuvatraClient({
        baseUrl,
        getToken: () => getTokenRef.current?.(),
        tenantId: impersonatedTenantId,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
    [baseUrl, impersonatedTenantId, fetchImpl],
  );
  const setImpersonatedTenantId = useCallback(
    (tenantId: string | null) => {
      if (!controlled) setUncontrolledTenantId(tenantId);
      onImpersonatedTenantChange?.(tenantId);
    },
    [controlled, onImpersonatedTenantChange],
  );
  const value = useMemo(
    () => ({ client, adminClient, impersonatedTenantId, setImpersonatedTenantId }),
    [client, adminClient, impersonatedTenantId, setImpersonatedTenantId],
  );
  return (
    <QueryClientProvider client={props.queryClient ?? ownQueryClient}>
      <NuvatraContext.Provider value={value}>{props.children}</NuvatraContext.Provider>
    </QueryClientProvider>
  );
}

export function useNuvatraContext(): NuvatraContextValue {
  const value = useContext(NuvatraContext);
  if (!value) throw new Error('Nuvatra hooks and components must be used inside <NuvatraProvider>.');
  return value;
}

/** The API client of the nearest provider, for calls the hooks do not cover. */
export function useNuvatraClient(): NuvatraClient {
  return useNuvatraContext().client;
}

/** Which tenant a global admin is impersonating, and how to start or stop. */
export function useImpersonation() {
  const { impersonatedTenantId, setImpersonatedTenantId } = useNuvatraContext();
  return {
    tenantId: impersonatedTenantId,
    start: (tenantId: string) => setImpersonatedTenantId(tenantId),
    stop: () => setImpersonatedTenantId(null),
  };
}
