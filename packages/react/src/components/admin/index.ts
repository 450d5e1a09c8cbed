export type { AdminTenantsProps } from './admin-tenants.js';
export { AdminTenants } from './admin-tenants.js';
export { ImpersonationBanner } from './impersonation-banner.js';
