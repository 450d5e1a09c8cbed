import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKeyAuth, createNuvatra, definePlugin, silentLogger } from '@nuvatra/core';
import { nuvatra as nuvatraMiddleware } from '@nuvatra/express';
import { serve } from '@nuvatra/node';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { twilio } from '@nuvatra/twilio';
import express from 'express';
import { accountSid, authToken, handoffTwiml, publicBaseUrl, tenantNumber, voicePath } from './fixture.js';

// One server per child process, so the load generator in the parent never competes with it on the same thread.
const [variant = 'bare-express', tenantsArg = '10'] = process.argv.slice(2);
const tenants = Number(tenantsArg);

async function nuvatraApp() {
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-bench-'));
  const storage = createSqliteStorage({ mode: 'shared', filename: join(directory, 'bench.sqlite') });
  await storage.migrate();
  for (let n = 0; n < tenants; n++) {
    const tenant = await storage.tenants.create({ slug: `tenant-${n}`, name: `Tenant ${n}` });
    await storage.withTenant(tenant.id, (scope) =>
      scope.phoneNumbers.create({ number: tenantNumber(n), kind: 'owned' }),
    );
  }
  // The voice agent answers at once: the bench measures Nuvatra's part of the call path, not a provider's.
  const voiceAgent = definePlugin({
    name: 'bench-voice-agent',
    hooks: {
      handOffCall: ({ call }) => ({ format: 'twiml', body: handoffTwiml, agentCallId: call.id, agent: 'bench' }),
    },
  });
  return createNuvatra({
    storage,
    auth: createApiKeyAuth({
      keys: [{ key: 'nvk_bench_admin_key_0123456789', principal: 'bench', isGlobalAdmin: true }],
    }),
    plugins: [twilio({ accountSid, authToken }), voiceAgent],
    publicBaseUrl,
    logger: silentLogger,
  });
}

async function main() {
  let port: number;
  if (variant === 'bare-express') {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post(voicePath, (_req, res) => {
      res.type('text/xml').send(handoffTwiml);
    });
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as { port: number }).port;
  } else if (variant === 'nuvatra-express') {
    const app = express();
    app.use(nuvatraMiddleware(await nuvatraApp(), { publicBaseUrl }));
    const server = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as { port: number }).port;
  } else if (variant === 'nuvatra-node') {
    port = Number(
      new URL((await serve(await nuvatraApp(), { port: 0, hostname: '127.0.0.1', publicBaseUrl })).url).port,
    );
  } else throw new Error(`unknown variant ${variant}`);
  process.send?.({ port });
  // A clean exit on SIGINT lets `--cpu-prof` write its profile.
  process.once('SIGINT', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
