import { readNuvatraEnv } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test-support/postgres.js';
import { startServer } from '../src/server.js';

// DATABASE_URL moves the example onto Postgres (row-level security); the local server is the one CI starts.

const database = freshDatabase({ tag: 'nvt_example' });

describe('the multi-tenant example on Postgres', () => {
  it('runs on DATABASE_URL: the demo is seeded there and each owner sees only their own calls', async () => {
    const server = await startServer(readNuvatraEnv({ PORT: '0', DATABASE_URL: database.url }), { quiet: true });
    try {
      expect(server.storage.driverName).toContain('postgres');
      // Jobs go to pg-boss in the same database, worked by the worker the server started.
      expect(server.jobs.driver.kind).toBe('pg-boss');
      expect(server.worker).not.toBeNull();
      const calls = async (user: string) => {
        const response = await fetch(`${server.url}/api/calls?limit=100`, {
          headers: { authorization: `Bearer dev:${user}` },
        });
        return ((await response.json()) as { items: Array<{ tenantId: string }> }).items;
      };
      const [alice, bob] = [await calls('alice'), await calls('bob')];
      expect(alice.length).toBeGreaterThan(0);
      expect(bob.length).toBeGreaterThan(0);
      expect(new Set(alice.map((call) => call.tenantId)).size).toBe(1);
      expect(alice.map((call) => call.tenantId)).not.toContain(bob[0]?.tenantId);
    } finally {
      await server.close();
    }
  });
});
