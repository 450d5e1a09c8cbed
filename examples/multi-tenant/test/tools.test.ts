import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToolUrl, readNuvatraEnv } from '@nuvatra/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTenantTokens, readSecretKey } from '../src/config.js';
import { seedDemoSwimSchool } from '../src/seed.js';
import { startServer } from '../src/server.js';

// The swim-school plugin in the example: its tools for Splash Swim School alone, called at their signed URLs over
// HTTP as Telnyx's webhook tools would.

const directory = mkdtempSync(join(tmpdir(), 'nuvatra-example-tools-'));
const env = readNuvatraEnv({ PORT: '0', NUVATRA_DATA_DIR: directory });
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer(env, { quiet: true, worker: false });
});
afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function tenantId(slug: string): Promise<string> {
  const id = await server.storage.routing.tenantIdBySlug(slug);
  if (!id) throw new Error(`the demo has no tenant ${slug}`);
  return id;
}

/** POSTs the arguments to a tool URL's path and query on the running server. */
function callTool(url: string, args: Record<string, unknown> = {}): Promise<Response> {
  const { pathname, search } = new URL(url);
  return fetch(`${server.url}${pathname}${search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
}

describe('the swim-school tools in the multi-tenant example', () => {
  it('lists the four swim-school tools for Splash Swim School and none for the other businesses', async () => {
    const splash = await server.nuvatra.toolUrls(await tenantId('splash-swim'));
    expect(splash.map((tool) => tool.name)).toEqual([
      'get_classes',
      'get_available_slots',
      'book_meeting',
      'send_registration_link',
    ]);
    for (const tool of splash) {
      expect(tool.url).toMatch(new RegExp(`/api/tools/${tool.name}\\?token=v2\\.tools-1\\.`));
      expect(tool.parameters).toMatchObject({ type: 'object' });
    }
    expect(await server.nuvatra.toolUrls(await tenantId('sunrise-dental'))).toEqual([]);
    expect(await server.nuvatra.toolUrls(await tenantId('harbor-bistro'))).toEqual([]);
  });

  it("answers get_classes at its signed URL with the school's seeded timetable", async () => {
    const [getClasses] = await server.nuvatra.toolUrls(await tenantId('splash-swim'));
    const response = await callTool(getClasses!.url, { age: 5 });
    expect(response.status).toBe(200);
    const { classes } = (await response.json()) as { classes: Array<{ title: string; day: string }> };
    expect(classes).toEqual([expect.objectContaining({ title: 'Otters', day: 'mon' })]);
  });

  it("refuses the get_classes token at another tool's URL with 401", async () => {
    const [getClasses] = await server.nuvatra.toolUrls(await tenantId('splash-swim'));
    const elsewhere = getClasses!.url.replace('/api/tools/get_classes?', '/api/tools/book_meeting?');
    const response = await callTool(elsewhere, { slotId: 'slot_x', name: 'Eve', phone: '+15550109999' });
    expect(response.status).toBe(401);
  });

  it('answers 404 to a correctly signed swim-school URL of a business the plugin is not enabled for', async () => {
    const url = await createToolUrl({
      signer: openTenantTokens(readSecretKey(env)),
      publicBaseUrl: server.url,
      tenantId: await tenantId('sunrise-dental'),
      tool: 'get_classes',
    });
    const response = await callTool(url);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('seeds the timetable once: seeding again, as a restart does, changes nothing', async () => {
    expect(await seedDemoSwimSchool(server.storage)).toEqual({ seeded: false });
    const [getClasses] = await server.nuvatra.toolUrls(await tenantId('splash-swim'));
    const { classes } = (await (await callTool(getClasses!.url)).json()) as { classes: unknown[] };
    expect(classes).toHaveLength(4);
  });
});
