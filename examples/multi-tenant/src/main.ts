import { readNuvatraEnv } from '@nuvatra/core';
import { workerSetting } from './jobs.js';
import { startServer } from './server.js';

// The multi-tenant deployment on SQLite: the dashboard, and the dashboard and admin API on one Fetch handler,
// served by node:http.

async function main() {
  const env = readNuvatraEnv(process.env);
  const server = await startServer(env, { worker: workerSetting(process.env) });
  if (server.dashboard.built) {
    console.log(`Nuvatra's dashboard: ${server.dashboard.url}   (open it in a browser)`);
  } else {
    console.log(
      'The dashboard is not built (no web/dist/index.html): `pnpm start` from the repository root builds it, or `pnpm --filter @nuvatra/example-multi-tenant build:web`.',
    );
  }
  console.log(`The API: ${server.url}/api (${server.storage.driverName}, data in ${env.dataDir})`);
  console.log(
    server.worker
      ? `Background jobs: a worker runs in this process (${server.jobs.driver.kind}); NUVATRA_WORKER=0 leaves them to \`pnpm worker\`.`
      : `Background jobs: no worker here (NUVATRA_WORKER=0); run one with \`pnpm worker\` (${server.jobs.driver.kind}).`,
  );
  if (server.development) {
    console.log(`
Development sign-in is on (no NUVATRA_API_KEYS or CLERK_* keys set), with three demo businesses and their calls.
In the dashboard, pick alice (Sunrise Dental's owner), bob (Harbor Bistro's owner), carol (Splash Swim School's
owner) or admin (the operator). Or try:
  curl -H 'Authorization: Bearer dev:alice' ${server.url}/api/me              # Sunrise Dental's owner
  curl -H 'Authorization: Bearer dev:bob' ${server.url}/api/phone-numbers     # Harbor Bistro's owner
  curl -H 'Authorization: Bearer dev:admin' ${server.url}/api/admin/tenants   # the global admin
  curl -H 'Authorization: Bearer dev:admin' -H 'X-Tenant-Id: <tenant id>' ${server.url}/api/profile
The whole API: ${server.url}/api/openapi.json   (stop with Ctrl-C)
Splash Swim School's voice-agent tool URLs: pnpm nuvatra tools urls --tenant splash-swim --app src/app.ts`);
  }
  // close() stops taking requests, lets running jobs finish or hands them back, then closes the storage.
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
  process.exitCode = 1;
});
