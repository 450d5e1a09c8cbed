import { calledNumberResolver, createStorage, createTenantResolver, forwardingNumberResolver } from '@nuvatra/core';
import { createSqliteDriver } from '@nuvatra/storage-sqlite';
import { copyDatabase, tenantNumber } from './fixture.js';

// Tenant resolution alone, in this process and without HTTP: a call's channel (the number called) → the tenant that
// owns it, checked active, through the resolver chain a deployment uses for calls and messages (forwarding line on
// a shared number, else the called number). What the "resolution cost stays flat" target is about; the
// whole call's CPU is reported beside it.

export interface ResolutionCost {
  /** CPU time per resolution, the median of the rounds, in µs. */
  cpuUs: number;
  rounds: number[];
}

/**
 * `cached: false` reads every tenant from the database (a driver without `readVersion`): what resolution costs when
 * the tenant is not in the process's cache, as most calls of 100,000 uniformly random tenants are not.
 */
export async function measureResolution(
  template: string,
  tenants: number,
  options: { perRound?: number; cached: boolean },
): Promise<ResolutionCost> {
  const perRound = options.perRound ?? 20_000;
  const driver = createSqliteDriver({ mode: 'shared', filename: copyDatabase(template) });
  const storage = createStorage(options.cached ? driver : { ...driver, readVersion: undefined });
  await storage.migrate();
  const resolver = createTenantResolver({
    resolvers: [
      forwardingNumberResolver({ routing: storage.routing }),
      calledNumberResolver({ routing: storage.routing }),
    ],
    tenants: storage.tenants,
  });
  const channels = Array.from({ length: perRound }, () => ({ to: tenantNumber(Math.floor(Math.random() * tenants)) }));
  const round = async () => {
    const before = process.cpuUsage();
    for (const channel of channels) {
      const resolution = await resolver.resolve({ channel });
      if (resolution.outcome !== 'resolved') throw new Error(`not resolved: ${JSON.stringify(resolution)}`);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / channels.length;
  };
  await round();
  const rounds = [await round(), await round(), await round()];
  await storage.close();
  return { cpuUs: [...rounds].sort((a, b) => a - b)[1] as number, rounds };
}
