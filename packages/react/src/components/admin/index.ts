export type { AdminJobsProps } from './admin-jobs.js';
export { AdminJobs } from './admin-jobs.js';
export type { AdminTenantsProps } from './admin-tenants.js';
export { AdminTenants } from './admin-tenants.js';
export { ImpersonationBanner } from './impersonation-banner.js';
