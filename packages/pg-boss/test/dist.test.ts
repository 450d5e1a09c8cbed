import { expect, it } from 'vitest';
import { runBuiltPackageTests } from '../../../test-support/built-package.js';
import * as source from '../src/index.js';
import { createDatabase, databaseUrl, uniquePrefix } from './databases.js';

// What npm users get (see test-support/built-package.ts), with @nuvatra/core resolved to its dist the same way,
// and that it works against the test server.

const prefix = uniquePrefix();

const runJobBody = (database: string) => `
  const queue = pkg.createPgBossJobQueue({ connectionString: ${JSON.stringify(databaseUrl(database))} });
  await queue.migrate();
  const { job } = await queue.enqueue({ name: 'calls.summarise', tenantId: 't1', payload: { callId: 'c1' },
    runAt: new Date(), idempotencyKey: null, maxAttempts: 3, backoffMs: 1000 });
  const [claimed] = await queue.claim({ names: ['calls.summarise'], owner: 'w', limit: 1, leaseMs: 30000 });
  const completed = await queue.complete(claimed.id, 'w');
  const stored = await queue.get(job.id);
  await queue.close();
  return { kind: queue.kind, same: claimed.id === job.id, completed, status: stored.status };`;

runBuiltPackageTests({
  packageDirectory: new URL('..', import.meta.url),
  source,
  behaviour(built) {
    it('migrates a fresh database and runs a job through both builds', async () => {
      const ran = { kind: 'pg-boss', same: true, completed: true, status: 'completed' };
      const required = await createDatabase(`${prefix}require`);
      const imported = await createDatabase(`${prefix}import`);
      expect(built.run('require', built.name, runJobBody(required)).result).toEqual(ran);
      expect(built.run('import', built.name, runJobBody(imported)).result).toEqual(ran);
    });
  },
});
