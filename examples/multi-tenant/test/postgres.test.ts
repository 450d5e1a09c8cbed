import { randomBytes } from 'node:crypto';
import { readNuvatraEnv } from '@nuvatra/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';

// DATABASE_URL moves the example onto Postgres (row-level security); the local server is the one CI starts.

const serverUrl = process.env.NUVATRA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `nvt_example_${randomBytes(4).toString('hex')}`;

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

afterAll(() => onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

describe('the multi-tenant example on Postgres', () => {
  it('runs on DATABASE_URL: the demo is seeded there and each owner sees only their own calls', async () => {
    await onServer(`CREATE DATABASE "${database}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const server = await startServer(readNuvatraEnv({ PORT: '0', DATABASE_URL: url.toString() }), { quiet: true });
    try {
      expect(server.storage.driverName).toContain('postgres');
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
