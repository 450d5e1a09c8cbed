import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp, openFixtureStorage, publicBaseUrl } from './fixtures/tools-app.js';
import { cli, temporaryDirectory } from './run.js';

// `nuvatra tools urls` run in-process against a fixture app module whose plugin gives two tools to `pool-a` only.

const testDirectory = fileURLToPath(new URL('.', import.meta.url));
const app = 'fixtures/tools-app.ts';

/** A data directory with the tenants `pool-a` and `pool-b`, and the environment the fixture app reads. */
async function prepare(options: { secret?: boolean } = {}) {
  const dataDir = temporaryDirectory();
  const storage = openFixtureStorage(dataDir);
  await storage.migrate();
  await storage.tenants.create({ slug: 'pool-a', name: 'Pool A' });
  await storage.tenants.create({ slug: 'pool-b', name: 'Pool B' });
  await storage.close();
  const secret = randomBytes(32).toString('base64');
  const env = { FIXTURE_DATA_DIR: dataDir, ...(options.secret === false ? {} : { FIXTURE_SECRET: secret }) };
  return { env, secret };
}

const urls = (env: Record<string, string>, ...flags: string[]) =>
  cli(['tools', 'urls', '--app', app, ...flags], env, testDirectory);

interface PrintedTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  url: string;
}

describe('nuvatra tools urls', () => {
  it("prints each of the tenant's tools with its URL, description and parameters, and never the secret", async () => {
    const { env, secret } = await prepare();
    const run = await urls(env, '--tenant', 'pool-a');

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Pool A (pool-a): 2 tool URLs');
    expect(run.stdout).toMatch(/^lane_count$/m);
    expect(run.stdout).toContain('  description: How many lanes the pool has open.');
    expect(run.stdout).toMatch(
      /url \(POST\): {2}https:\/\/voice\.example\.com\/api\/tools\/lane_count\?token=v2\.tools-1\./,
    );
    expect(run.stdout).toContain('"description": "A day, e.g. \\"mon\\""');
    expect(run.stdout).toMatch(/^water_temperature$/m);
    expect(run.stdout).not.toContain(secret);
  });

  it('prints no tools for a tenant the plugin does not apply to', async () => {
    const { env } = await prepare();
    const run = await urls(env, '--tenant', 'pool-b', '--json');

    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ command: 'tools urls', ok: true, tenant: { slug: 'pool-b' }, tools: [] });
  });

  it('answers --json with the tools as Telnyx takes them, and the printed URL runs the tool for its tenant', async () => {
    const { env } = await prepare();
    const run = await urls(env, '--tenant', 'pool-a', '--ttl', '3600', '--json');
    const result = run.json() as { ttlSeconds: number; tenant: { id: string; name: string }; tools: PrintedTool[] };

    expect(run.code).toBe(0);
    expect(result).toMatchObject({ ttlSeconds: 3600, tenant: { name: 'Pool A' } });
    expect(result.tools.map((tool) => tool.name)).toEqual(['lane_count', 'water_temperature']);
    expect(result.tools[1]).toMatchObject({
      description: 'The water temperature in degrees Celsius.',
      parameters: { type: 'object', properties: {} },
    });

    const opened = await createApp(env);
    try {
      const lanes = result.tools[0]!;
      expect(lanes.url.startsWith(`${publicBaseUrl}/api/tools/lane_count?token=`)).toBe(true);
      const response = await opened.nuvatra.handle(
        new Request(lanes.url, { method: 'POST', body: JSON.stringify({ day: 'mon' }) }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ tenant: 'pool-a', lanes: 6, args: { day: 'mon' } });
      // The token opens its own tool only.
      const elsewhere = lanes.url.replace('/lane_count?', '/water_temperature?');
      expect((await opened.nuvatra.handle(new Request(elsewhere, { method: 'POST' }))).status).toBe(401);
    } finally {
      await opened.close();
    }
  });

  it('exits 1 for an unknown tenant, and for an app that cannot sign tool URLs, with what to do', async () => {
    const unknown = await urls((await prepare()).env, '--tenant', 'pool-z');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('No tenant with slug "pool-z"');

    const unsigned = await urls((await prepare({ secret: false })).env, '--tenant', 'pool-a', '--json');
    expect(unsigned.code).toBe(1);
    expect(unsigned.json()).toMatchObject({
      ok: false,
      error: {
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('createNuvatra({ tenantTokens, publicBaseUrl })'),
      },
    });
  });

  it('exits 2 for a missing flag, a bad --ttl or a missing module', async () => {
    const { env } = await prepare();
    const noTenant = await urls(env);
    const badTtl = await urls(env, '--tenant', 'pool-a', '--ttl', '1h');
    const noModule = await cli(
      ['tools', 'urls', '--tenant', 'pool-a', '--app', 'fixtures/none.ts'],
      env,
      testDirectory,
    );

    expect(noTenant).toMatchObject({ code: 2, stderr: 'nuvatra tools urls: --tenant <slug> is required.\n' });
    expect(badTtl).toMatchObject({ code: 2, stderr: expect.stringContaining('--ttl must be whole seconds') });
    expect(noModule).toMatchObject({ code: 2, stderr: expect.stringContaining('--app: there is no file') });
  });
});
