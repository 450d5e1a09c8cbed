import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@nuvatra/cli';
import { readNuvatraEnv } from '@nuvatra/core';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';

// The getting-started path: `pnpm start`, then `pnpm nuvatra simulate call`, with no provider account. The CLI
// signs with the credentials the server generated into its data directory, and the server checks them as it
// checks Twilio's; the call lands in the called number's tenant only.

const directory = mkdtempSync(join(tmpdir(), 'nuvatra-simulator-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A port free right now: development signs webhooks against http://localhost:<PORT>, so port 0 will not do. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function callsOf(url: string, user: string) {
  const response = await fetch(`${url}/api/calls?limit=100`, { headers: { authorization: `Bearer dev:${user}` } });
  return ((await response.json()) as { items: Array<{ providerCallId: string; from: string | null }> }).items;
}

describe('the simulator against the example server', () => {
  it("stores a simulated Twilio call under the called number's business, visible to its owner only", async () => {
    const port = await freePort();
    const variables = { PORT: String(port), NUVATRA_DATA_DIR: directory };
    const server = await startServer(readNuvatraEnv(variables), { quiet: true });
    try {
      const output: string[] = [];
      const code = await runCli(['simulate', 'call', '--to', '+15550100001', '--from', '+15550109988', '--json'], {
        stdout: (text) => output.push(text),
        stderr: () => {},
        env: variables,
        cwd: directory,
      });
      expect(code).toBe(0);
      const { callSid } = JSON.parse(output.join('')) as { callSid: string };
      expect((await callsOf(server.url, 'alice')).map((call) => call.providerCallId)).toContain(callSid);
      expect((await callsOf(server.url, 'bob')).map((call) => call.providerCallId)).not.toContain(callSid);
    } finally {
      await server.close();
    }
  });

  it('refuses a call signed with other credentials, and stores nothing', async () => {
    const port = await freePort();
    const variables = { PORT: String(port), NUVATRA_DATA_DIR: directory };
    const server = await startServer(readNuvatraEnv(variables), { quiet: true });
    try {
      const before = (await callsOf(server.url, 'alice')).length;
      const code = await runCli(['simulate', 'call', '--to', '+15550100001'], {
        stdout: () => {},
        stderr: () => {},
        env: { ...variables, TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'not-the-servers-token' },
        cwd: directory,
      });
      expect(code).toBe(1);
      expect(await callsOf(server.url, 'alice')).toHaveLength(before);
    } finally {
      await server.close();
    }
  });
});
