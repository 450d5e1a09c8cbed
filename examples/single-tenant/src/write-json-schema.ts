import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clientJsonSchema } from './json-schema.js';

// `pnpm --filter @nuvatra/example-single-tenant schema`: rewrites clients/client-config.schema.json after core's
// clientConfigSchema changed. test/json-schema.test.ts fails until it is rerun.

const file = fileURLToPath(new URL('../clients/client-config.schema.json', import.meta.url));
writeFileSync(file, clientJsonSchema());
console.log(`Wrote ${file}`);
