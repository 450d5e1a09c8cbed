import type { DashboardConfig, DevelopmentUser } from '../../src/dashboard/config.js';

export type { DashboardConfig, DevelopmentUser };

/** How this deployment signs users in, as the example server answers at /dashboard-config.json. */
export async function loadDashboardConfig(): Promise<DashboardConfig> {
  const response = await fetch('/dashboard-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`/dashboard-config.json answered ${response.status}: serve the dashboard with the example server.`);
  }
  return toDashboardConfig(await response.json());
}

/** Checks the one shape crossing from the server, so the rest of the app can trust it. */
function toDashboardConfig(value: unknown): DashboardConfig {
  const config = (value ?? {}) as Record<string, unknown>;
  if (config.auth === 'development' && Array.isArray(config.users)) {
    const users = config.users.filter(
      (user): user is DevelopmentUser =>
        typeof user?.id === 'string' && typeof (user as DevelopmentUser).description === 'string',
    );
    return { auth: 'development', users };
  }
  if (config.auth === 'clerk' && typeof config.clerkPublishableKey === 'string') {
    return { auth: 'clerk', clerkPublishableKey: config.clerkPublishableKey };
  }
  if (config.auth === 'none' && typeof config.reason === 'string') return { auth: 'none', reason: config.reason };
  throw new Error('/dashboard-config.json is not a dashboard configuration (auth: development, clerk or none).');
}
