import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toDashboardConfig } from '../src/dashboard/config.js';
import { createSiteHandler } from '../src/dashboard/site.js';
import { createStaticFiles } from '../src/dashboard/static-files.js';

const directory = mkdtempSync(join(tmpdir(), 'nuvatra-site-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const dist = join(directory, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>dashboard</title>');
writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app");');
writeFileSync(join(directory, 'secret.txt'), 'outside the build');

const api = { handle: async (request: Request) => Response.json({ api: new URL(request.url).pathname }) };
const site = createSiteHandler({
  api,
  dashboard: createStaticFiles(dist),
  config: toDashboardConfig(true, {}),
  demoRecordings: true,
});
const get = (path: string, init?: RequestInit) => site.handle(new Request(`http://localhost${path}`, init));

describe("the example server's site around the API", () => {
  it('hands everything under /api to the Nuvatra handler', async () => {
    expect(await (await get('/api/me')).json()).toEqual({ api: '/api/me' });
  });

  it('serves index.html for the app and its routes, to be revalidated each time', async () => {
    for (const path of ['/', '/index.html', '/calls/call_1']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>dashboard</title>');
    }
  });

  it("lets browsers keep Vite's hashed assets for good, with their content type", async () => {
    const response = await get('/assets/index-abc123.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log("app");');
  });

  it('answers 404 for a missing file rather than the app, and never serves a file outside the build', async () => {
    expect((await get('/assets/missing.js')).status).toBe(404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await get(path);
      expect(await response.text()).not.toContain('outside the build');
      expect([400, 404]).toContain(response.status);
    }
  });

  it('tells the dashboard how users sign in: the demo users in development, Clerk once its keys are set', async () => {
    const config = (await (await get('/dashboard-config.json')).json()) as { auth: string; users: { id: string }[] };
    expect(config.auth).toBe('development');
    expect(config.users.map((user) => user.id)).toEqual(['alice', 'bob', 'carol', 'admin']);
    const clerk = { CLERK_SECRET_KEY: 'clerk-secret-for-tests', CLERK_PUBLISHABLE_KEY: 'clerk-publishable-for-tests' };
    expect(toDashboardConfig(false, clerk)).toEqual({
      auth: 'clerk',
      clerkPublishableKey: 'clerk-publishable-for-tests',
    });
    expect(toDashboardConfig(false, { CLERK_SECRET_KEY: 'clerk-secret-for-tests' })).toMatchObject({
      auth: 'none',
      reason: expect.stringContaining('CLERK_PUBLISHABLE_KEY'),
    });
  });

  it('answers the demo recordings with a short WAV made in code', async () => {
    const response = await get('/demo/recordings/3.wav');
    expect(response.headers.get('content-type')).toBe('audio/wav');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(bytes.slice(8, 12))).toBe('WAVE');
    expect(bytes.byteLength).toBeGreaterThan(8000);
  });

  it('says how to build the dashboard when it is not built, and still serves the API', async () => {
    const unbuilt = createSiteHandler({
      api,
      dashboard: createStaticFiles(join(directory, 'nothing-here')),
      config: toDashboardConfig(true, {}),
      demoRecordings: false,
    });
    const page = await unbuilt.handle(new Request('http://localhost/'));
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('pnpm start');
    expect((await unbuilt.handle(new Request('http://localhost/api/me'))).status).toBe(200);
    expect((await unbuilt.handle(new Request('http://localhost/demo/recordings/1.wav'))).status).toBe(404);
  });
});
