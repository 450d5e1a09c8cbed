import { join, resolve } from 'node:path';
import {
  type ChannelAddress,
  calledNumberResolver,
  createTenantResolver,
  forwardingNumberResolver,
  type Storage,
} from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { seedDemo } from './seed.js';

// Until the HTTP surface lands, the example shows the core promise on SQLite: each inbound call is tied to
// exactly one business, or refused, with the trace that says why.

function openStorage(): Storage {
  const dataDirectory = resolve(process.env.NUVATRA_DATA_DIR ?? './data');
  return process.env.NUVATRA_DATABASE_PER_TENANT === '1'
    ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDirectory, 'tenants') })
    : createSqliteStorage({ mode: 'shared', filename: join(dataDirectory, 'nuvatra.sqlite') });
}

const sampleCalls: Array<{ story: string; channel: ChannelAddress }> = [
  { story: "a caller dials Sunrise Dental's own number", channel: { to: '+1 (555) 010-0001' } },
  { story: 'a caller dials Harbor Bistro in national format', channel: { to: '5550200002', region: 'US' } },
  {
    story: "Harbor Bistro's landline forwards to the shared assistant",
    channel: { to: '+15550000000', forwardedFrom: '+15550200202' },
  },
  { story: 'the shared assistant is dialled directly, no forwarding line', channel: { to: '+15550000000' } },
  { story: 'a number nobody registered is dialled', channel: { to: '+15559999999' } },
];

async function main() {
  const storage = openStorage();
  await storage.migrate();
  const { created } = await seedDemo(storage);
  console.log(`Nuvatra example on ${storage.driverName}`);
  console.log(created.length > 0 ? `Seeded demo tenants: ${created.join(', ')}` : 'Demo tenants already seeded.');

  const resolver = createTenantResolver({
    resolvers: [
      forwardingNumberResolver({ routing: storage.routing }),
      calledNumberResolver({ routing: storage.routing }),
    ],
    tenants: storage.tenants,
  });
  for (const { story, channel } of sampleCalls) {
    const resolution = await resolver.resolve({ channel });
    const answer =
      resolution.outcome === 'resolved'
        ? `→ ${resolution.tenant.name} (${resolution.source})`
        : `→ ${resolution.outcome}: ${resolution.reason}`;
    console.log(`\n${story}\n  ${answer}`);
    for (const entry of resolution.trace) console.log(`    ${entry.resolver}: ${entry.outcome} (${entry.reason})`);
  }
  await storage.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
