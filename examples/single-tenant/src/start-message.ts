import type { SingleTenantServer } from './server.js';

/** What main.ts prints once the server listens: which business, where its data is, and how to call it. */
export function startMessage(server: SingleTenantServer): string {
  const { url, client, tenant } = server;
  const header = `Nuvatra is serving ${tenant.name} (CLIENT_ID=${client.clientId}) on ${url}
  config: ${client.path}
  data:   ${server.databaseFile}
  jobs:   ${server.worker ? 'worked in this process (the jobs table of the same file)' : 'no worker in this process'}`;
  const tryIt = server.development
    ? `Development sign-in is on (no NUVATRA_API_KEYS or CLERK_* keys set). Try:
  curl -H 'Authorization: Bearer dev:front-desk' ${url}/api/me
  curl -H 'Authorization: Bearer dev:front-desk' ${url}/api/profile
  curl -H 'Authorization: Bearer dev:admin' -X POST -H 'content-type: application/json' \\
       -d '{"slug":"other","name":"Other"}' ${url}/api/admin/tenants   # refused: one business here`
    : `Call it with one of the keys in NUVATRA_API_KEYS (or a Clerk session token):
  curl -H 'X-Api-Key: <key>' ${url}/api/me
  curl -H 'X-Api-Key: <key>' ${url}/api/profile`;
  return `${header}\n\n${tryIt}\nThe whole API: ${url}/api/openapi.json   (stop with Ctrl-C)`;
}
