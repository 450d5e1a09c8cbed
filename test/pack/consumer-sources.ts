import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspace-packages.js';

// Test-only: the TypeScript a user writes against the installed packages, type-checked by tsc in the consumer.

/** ESM, as most users write it: the main entry points and a few of their types in use. */
const consumerTs = `import { type ClientConfigInput, createDevAuth, createNuvatra, type Nuvatra, NuvatraError } from '@nuvatra/core';
import { clerkAuth } from '@nuvatra/clerk';
import { nuvatra as nuvatraMiddleware } from '@nuvatra/express';
import { type NuvatraServer, serve } from '@nuvatra/node';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { runStorageContractTests } from '@nuvatra/testing';
import { twilio } from '@nuvatra/twilio';
import { vapi } from '@nuvatra/vapi';

const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
await storage.migrate();
const app: Nuvatra = createNuvatra({
  storage,
  auth: [createDevAuth({ nodeEnv: 'development' }), clerkAuth({ env: {} })],
  plugins: [twilio(), vapi({ serverSecret: 'a-server-secret-0123456789' })],
  publicBaseUrl: 'https://voice.example.com',
});
const response: Response = await app.handle(new Request('http://localhost/api/openapi.json'));
const client: ClientConfigInput = {
  tenant: { name: 'Sunrise Dental' },
  config: { businessProfile: { name: 'Sunrise Dental' }, timezone: 'America/New_York' },
};
const middleware = nuvatraMiddleware(app);
const server: NuvatraServer = await serve(app, { port: 0 });
await server.close();
const suite: typeof runStorageContractTests = runStorageContractTests;
const error = new NuvatraError({ code: 'CONFIG_INVALID', message: 'example' });

// @ts-expect-error: a storage mode is one of a closed set
createSqliteStorage({ mode: 'in-the-cloud' });

export { client, error, middleware, response, suite };
`;

/** CommonJS, through the require conditions and their .d.cts declarations. */
const consumerCts = `import core = require('@nuvatra/core');
import sqlite = require('@nuvatra/storage-sqlite');
import twilioPlugin = require('@nuvatra/twilio');

const app: core.Nuvatra = core.createNuvatra({
  storage: sqlite.createSqliteStorage({ mode: 'shared', filename: ':memory:' }),
  auth: core.createDevAuth({ nodeEnv: 'development' }),
  plugins: [twilioPlugin.twilio()],
});
export = app;
`;

/** React, when @nuvatra/react is one of the packages: the provider and a hook whose types come from core. */
function consumerTsx(declarations: string): string {
  const callLog = /\bCallLog\b/.test(declarations);
  return `import { ${callLog ? 'CallLog, ' : ''}NuvatraProvider, useMe } from '@nuvatra/react';
import type { ReactElement } from 'react';

function SignedIn(): ReactElement {
  const me = useMe();
  return <p>{me.data?.user.id ?? 'loading'}</p>;
}

export function App(): ReactElement {
  return (
    <NuvatraProvider baseUrl="https://api.example.com" getToken={async () => 'session-token'}>
      <SignedIn />
    </NuvatraProvider>
  );
}
${callLog ? 'export const callLog: typeof CallLog = CallLog;\n' : ''}`;
}

/**
 * Writes the consumer's sources and tsconfig.json: the fixed examples above, plus a namespace import of every
 * package (each ESM build, and each CommonJS one), so a package added later is type-checked too.
 */
export function writeConsumerSources(directory: string, packages: WorkspacePackage[], reactDeclarations?: string) {
  const esm = packages.map((pkg, index) => `import * as package${index} from '${pkg.name}';`);
  const namespaces = packages.map((_, index) => `package${index}`).join(', ');
  writeFileSync(join(directory, 'every-package.ts'), `${esm.join('\n')}\n\nexport { ${namespaces} };\n`);
  const dual = packages.filter((pkg) => !pkg.esmOnly);
  const cjs = dual.map((pkg, index) => `import package${index} = require('${pkg.name}');`);
  const cjsNames = dual.map((_, index) => `package${index}`).join(', ');
  writeFileSync(join(directory, 'every-package.cts'), `${cjs.join('\n')}\n\nexport = [${cjsNames}];\n`);
  writeFileSync(join(directory, 'consumer.ts'), consumerTs);
  writeFileSync(join(directory, 'consumer.cts'), consumerCts);
  if (reactDeclarations !== undefined) writeFileSync(join(directory, 'consumer.tsx'), consumerTsx(reactDeclarations));
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      jsx: 'react-jsx',
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      types: ['node'],
      // Our declarations are checked through their use above; other libraries' own .d.ts are theirs to check.
      skipLibCheck: true,
    },
    include: ['*.ts', '*.cts', '*.tsx'],
  };
  writeFileSync(join(directory, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
}
