import { demoTenants } from '../demo-data.js';

/** What the dashboard reads from `/dashboard-config.json` to know how its users sign in. */
export type DashboardConfig =
  | { auth: 'development'; users: DevelopmentUser[] }
  | { auth: 'clerk'; clerkPublishableKey: string }
  /** No sign-in a browser can do (API keys only, or Clerk without its publishable key); `reason` says what to set. */
  | { auth: 'none'; reason: string };

export interface DevelopmentUser {
  id: string;
  /** Who they are in the demo, for the sign-in picker. */
  description: string;
}

/** The demo's users: each business's owner, and the operator (the global admin in development). */
const developmentUsers: DevelopmentUser[] = [
  ...demoTenants.map(({ owner, tenant }) => ({ id: owner, description: `${tenant.name}'s owner` })),
  { id: 'admin', description: 'The operator: a global admin who sees every business' },
];

export function toDashboardConfig(
  development: boolean,
  variables: Record<string, string | undefined> = process.env,
): DashboardConfig {
  const clerkPublishableKey = variables.CLERK_PUBLISHABLE_KEY?.trim();
  // The same test as the server's: Clerk sign-in is on when the API can check Clerk's tokens.
  const clerk = Boolean(variables.CLERK_SECRET_KEY || variables.CLERK_JWT_KEY);
  if (clerk && clerkPublishableKey) return { auth: 'clerk', clerkPublishableKey };
  if (development) return { auth: 'development', users: developmentUsers };
  return {
    auth: 'none',
    reason: clerk
      ? 'CLERK_PUBLISHABLE_KEY is not set: the dashboard needs it to show Clerk sign-in.'
      : 'Only API keys are configured (NUVATRA_API_KEYS), and a browser cannot sign in with them: set Clerk keys (CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY) or unset NUVATRA_API_KEYS for development sign-in.',
  };
}
