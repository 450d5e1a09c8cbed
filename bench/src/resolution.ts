import { calledNumberResolver, createStorage, createTenantResolver, forwardingNumberResolver } from '@nuvatra/core';
import { createSqliteDriver } from '@nuvatra/storage-sqlite';
import { copyDatabase, tenantNumber } from './fixture.js';
import { median } from './harness.js';

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
 * Resolution over each seeded database, read from the database every time (`cached: false`: a storage without
 * `readVersion`, what a call costs when its tenant is not in the process's cache, as most calls of 100,000 uniformly
 * random tenants are not) or with the tenant cache. The rounds alternate between the databases, so drift on the
 * machine falls on every tenant count alike; each figure is the median of its rounds.
 */
export async function measureResolutions(
  templates: ReadonlyMap<number, string>,
  options: { perRound: number; rounds: number; cached: boolean },
): Promise<Map<number, ResolutionCost>> {
  const subjects = await Promise.all(
    [...templates].map(async ([tenants, template]) => ({
      tenants,
      ...(await openSubject(template, tenants, options)),
    })),
  );
  try {
    for (const subject of subjects) await subject.round();
    const rounds = new Map<number, number[]>(subjects.map((subject) => [subject.tenants, []]));
    for (let i = 0; i < options.rounds; i++) {
      for (const subject of subjects) rounds.get(subject.tenants)?.push(await subject.round());
    }
    return new Map([...rounds].map(([tenants, list]) => [tenants, { cpuUs: median(list), rounds: list }]));
  } finally {
    for (const subject of subjects) await subject.close();
  }
}

async function openSubject(template: string, tenants: number, options: { perRound: number; cached: boolean }) {
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
  const channels = Array.from({ length: options.perRound }, () => ({
    to: tenantNumber(Math.floor(Math.random() * tenants)),
  }));
  const round = async () => {
    const before = process.cpuUsage();
    for (const channel of channels) {
      const resolution = await resolver.resolve({ channel });
      if (resolution.outcome !== 'resolved') throw new Error(`not resolved: ${JSON.stringify(resolution)}`);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / channels.length;
  };
  return { round, close: () => storage.close() };
}
