import { createServer } from 'node:http';
import { createApiKeyAuth, createConsoleLogger, createNuvatra, definePlugin, type Nuvatra } from '@nuvatra/core';
import { nuvatra as nuvatraMiddleware } from '@nuvatra/express';
import { serve } from '@nuvatra/node';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';
import express from 'express';
import {
  accountSid,
  assistantRequest,
  authToken,
  copyDatabase,
  handoffTwiml,
  publicBaseUrl,
  vapiPath,
  vapiServerSecret,
  voicePath,
} from './fixture.js';

// One server per child process, so the load generator in the parent never competes with it on the same thread.
// argv: <variant: bare-express | nuvatra-express | nuvatra-node> <scenario: twilio | vapi> <seeded database file>
const [variant = 'bare-express', scenario = 'twilio', template = ''] = process.argv.slice(2);

async function nuvatraApp(): Promise<Nuvatra> {
  // A private copy of the seeded file, opened as the example opens it: shared mode, WAL.
  const storage = createSqliteStorage({ mode: 'shared', filename: copyDatabase(template) });
  await storage.migrate();
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
    plugins: [twilio({ accountSid, authToken }), vapi({ serverSecret: vapiServerSecret, env: {} }), voiceAgent],
    publicBaseUrl,
    // As the example deploys it: JSON lines at warn, so a request that succeeds writes nothing.
    logger: createConsoleLogger({ level: 'warn' }),
  });
}

/** The bare baseline: what a hand-written Express handler answering the same webhook with the same body does. */
async function bareExpress() {
  const app = express();
  if (scenario === 'twilio') {
    app.use(express.urlencoded({ extended: false }));
    app.post(voicePath, (_req, res) => {
      res.type('text/xml').send(handoffTwiml);
    });
  } else {
    // The same JSON Nuvatra answers for tenant 0, taken from Nuvatra itself once, then served as a constant object.
    const sample = assistantRequest(0);
    const response = await (await nuvatraApp()).handle(
      new Request(`${publicBaseUrl}${vapiPath}`, { method: 'POST', headers: sample.headers, body: sample.body }),
    );
    const answer = (await response.json()) as unknown;
    app.use(express.json({ limit: '4mb' }));
    app.post(vapiPath, (_req, res) => {
      res.json(answer);
    });
  }
  return app;
}

async function listen(app: express.Express): Promise<number> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as { port: number }).port;
}

async function main() {
  let port: number;
  if (variant === 'bare-express') {
    port = await listen(await bareExpress());
  } else if (variant === 'nuvatra-express') {
    const app = express();
    app.use(nuvatraMiddleware(await nuvatraApp(), { publicBaseUrl }));
    port = await listen(app);
  } else if (variant === 'nuvatra-node') {
    const server = await serve(await nuvatraApp(), { port: 0, hostname: '127.0.0.1', publicBaseUrl });
    port = Number(new URL(server.url).port);
  } else throw new Error(`unknown variant ${variant}`);
  process.send?.({ port });
  // The load generator asks for the server's CPU time around a run: CPU per request holds even when other work
  // shares the machine, where requests per second do not.
  process.on('message', (message) => {
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
  // A clean exit on SIGINT lets `--cpu-prof` write its profile.
  process.once('SIGINT', () => process.exit(0));
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
