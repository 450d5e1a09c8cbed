import { readNuvatraEnv } from '@nuvatra/core';
import { startServer } from './server.js';
import { startMessage } from './start-message.js';

// The agency deployment: one business per deployment, named by CLIENT_ID and described by
// clients/<CLIENT_ID>/config.json, on SQLite, served by node:http.

async function main() {
  const env = readNuvatraEnv(process.env);
  const clientsDirectory = process.env.NUVATRA_CLIENTS_DIR?.trim();
  const server = await startServer(env, clientsDirectory ? { clientsDirectory } : {});
  console.log(startMessage(server));
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    console.error(`Port ${process.env.PORT ?? 3000} is in use: stop the other server or start with PORT=<free port>.`);
  } else console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  // Exit now: a half-started server must not keep the process alive.
  process.exit(1);
});
