import type { DriverSession, RoutingReads } from '../driver.js';
import type { TenantModelName } from '../models.js';

/** What every tenant repository is built from. */
export interface RepositoryContext {
  tenantId: string;
  session: DriverSession<TenantModelName>;
  routing: RoutingReads;
  now: () => string;
}
