import { isNuvatraError, type Nuvatra, type ToolUrl } from '@nuvatra/core';
import type { CommandSpec } from '../command.js';
import { CliError, configError, EXIT, usageError } from '../io.js';
import { tenantIdOf } from '../storage/open.js';
import { type LoadedApp, loadAppModule } from '../worker/app-module.js';

/** The signer's own limit: a URL with an expiry works for at most a year. */
const maxTtlSeconds = 365 * 24 * 60 * 60;

function ttlOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= maxTtlSeconds)) {
    throw usageError(`--ttl must be whole seconds from 1 to ${maxTtlSeconds} (a year); got "${value}".`);
  }
  return seconds;
}

/** The app must be a Nuvatra app (`createNuvatra(...)`): its storage finds the tenant, `toolUrls` signs the URLs. */
function toolsAppOf(app: LoadedApp, path: string): Pick<Nuvatra, 'storage' | 'toolUrls'> {
  const { storage, toolUrls } = app.nuvatra;
  if (!storage || typeof toolUrls !== 'function') {
    throw configError(`createApp(env) of ${path} must answer { nuvatra } made by createNuvatra(...).`);
  }
  return { storage, toolUrls: toolUrls.bind(app.nuvatra) };
}

/** One tool as people paste it into a portal's webhook tool form: the JSON Schema as it is, indented. */
function toolLines(tool: ToolUrl): string[] {
  const schema = JSON.stringify(tool.parameters, null, 2).split('\n');
  return [
    '',
    tool.name,
    `  description: ${tool.description}`,
    `  url (POST):  ${tool.url}`,
    '  parameters (JSON Schema of the body):',
    ...schema.map((line) => `    ${line}`),
  ];
}

export const toolUrls: CommandSpec = {
  name: 'tools urls',
  summary: "Print a tenant's voice-agent tool URLs, with each tool's description and parameters, for the Telnyx portal",
  details: [
    'Imports <module> and calls its createApp(env), as nuvatra worker does, finds the tenant by its slug in the',
    "app's storage and prints one entry per tool its plugins give that tenant: add each in the Telnyx portal as a",
    'webhook tool (POST, the parameters as body parameters). A URL names its tenant in a signed token and opens that',
    'one tool: keep it as secret as a password. It works until --ttl runs out, or, without --ttl, until the signing',
    'key id is retired. The app needs createNuvatra({ tenantTokens, publicBaseUrl }) (PUBLIC_BASE_URL).',
  ],
  options: {
    tenant: { type: 'string', placeholder: 'slug', description: 'The tenant whose tools to print' },
    app: { type: 'string', placeholder: 'module', description: 'The app module exporting createApp(env)' },
    ttl: {
      type: 'string',
      placeholder: 'seconds',
      description: 'How long the URLs work',
      defaultText: 'until the key id is retired',
    },
  },
  examples: [
    'nuvatra tools urls --tenant splash-swim --app src/app.ts',
    'nuvatra tools urls --tenant splash-swim --app dist/app.js --ttl 86400 --json',
  ],
  async run(input, context) {
    const slug = input.required('tenant');
    const appPath = input.required('app');
    const ttlSeconds = ttlOf(input.option('ttl'));
    const app = await loadAppModule(appPath, context.io);
    try {
      const { storage, toolUrls } = toolsAppOf(app, appPath);
      const tenantId = await tenantIdOf({ storage, where: `the storage of ${appPath}` }, slug);
      const tenant = await storage.tenants.get(tenantId);
      let tools: ToolUrl[];
      try {
        tools = await toolUrls(tenantId, { ttlSeconds });
      } catch (error) {
        // The app cannot sign tool URLs (no tenantTokens or PUBLIC_BASE_URL): core's message says what to pass.
        if (isNuvatraError(error, 'CONFIG_INVALID')) throw new CliError(EXIT.failed, error.code, error.message);
        throw error;
      }
      const name = tenant?.name ?? slug;
      const expiry = ttlSeconds === null ? 'no expiry: retire the key id to revoke them' : `for ${ttlSeconds} s`;
      return {
        data: { tenant: { id: tenantId, slug, name }, ttlSeconds, tools },
        lines:
          tools.length === 0
            ? [`${name} (${slug}) has no voice-agent tools: no plugin of ${appPath} applies to it.`]
            : [
                `${name} (${slug}): ${tools.length} tool URL${tools.length === 1 ? '' : 's'} (${expiry}). Keep them secret.`,
                ...tools.flatMap(toolLines),
              ],
      };
    } finally {
      await app.close();
    }
  },
};
