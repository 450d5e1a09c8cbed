import { lazy, Suspense, useEffect, useState } from 'react';
import { DevelopmentSignIn } from './auth/development-sign-in.js';
import { type DashboardConfig, loadDashboardConfig } from './dashboard-config.js';
import { Notice } from './layout/notice.js';

// Clerk's SDK is loaded only by deployments that use it.
const ClerkSignIn = lazy(() => import('./auth/clerk-sign-in.js').then((module) => ({ default: module.ClerkSignIn })));

/** Reads how this deployment signs users in, then shows its sign-in and, once signed in, the dashboard. */
export function App() {
  const [config, setConfig] = useState<DashboardConfig | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    loadDashboardConfig().then(setConfig, (error: unknown) =>
      setProblem(error instanceof Error ? error.message : String(error)),
    );
  }, []);

  if (problem) return <Notice title="The dashboard cannot start">{problem}</Notice>;
  if (!config) return <Notice title="Loading the dashboard…" />;
  switch (config.auth) {
    case 'development':
      return <DevelopmentSignIn users={config.users} />;
    case 'clerk':
      return (
        <Suspense fallback={<Notice title="Loading sign-in…" />}>
          <ClerkSignIn publishableKey={config.clerkPublishableKey} />
        </Suspense>
      );
    case 'none':
      return <Notice title="No browser sign-in is configured">{config.reason}</Notice>;
  }
}
