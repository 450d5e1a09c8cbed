import { NuvatraProvider, type NuvatraProviderProps } from '@nuvatra/react';
import { type ReactNode, useCallback, useState } from 'react';
import { readSession, writeSession } from '../session.js';
import { Layout } from './layout.js';

export interface DashboardProps {
  getToken: NuvatraProviderProps['getToken'];
  /** Who is signed in and how to sign out, shown in the header. */
  account: ReactNode;
}

/** The signed-in dashboard: the API on this page's own origin, and impersonation that survives a reload. */
export function Dashboard({ getToken, account }: DashboardProps) {
  const [impersonatedTenantId, setImpersonatedTenantId] = useState(() => readSession('impersonated-tenant'));
  const changeImpersonation = useCallback((tenantId: string | null) => {
    writeSession('impersonated-tenant', tenantId);
    setImpersonatedTenantId(tenantId);
  }, []);
  return (
    <NuvatraProvider
      baseUrl=""
      getToken={getToken}
      impersonatedTenantId={impersonatedTenantId}
      onImpersonatedTenantChange={changeImpersonation}
    >
      <Layout account={account} />
    </NuvatraProvider>
  );
}
