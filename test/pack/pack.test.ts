import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installConsumer, type LoadResult, loadAll, packAll, typeCheck } from './consumer-project.js';
import { writeConsumerSources } from './consumer-sources.js';
import { publishablePackages } from './workspace-packages.js';

// What npm users get: every publishable package packed with `pnpm pack`, installed by npm from the tarballs into a
// fresh project outside the workspace, then loaded by name (ESM and CommonJS) and type-checked by a consumer. It
// builds nothing: `pnpm test` builds first (or run `pnpm build`).

const packages = publishablePackages();

/** Names each package must export; a package not listed here must export something. */
const requiredExports: Record<string, string[]> = {
  '@nuvatra/core': ['createNuvatra', 'readNuvatraEnv', 'createApiKeyAuth', 'createDevAuth', 'parseClientConfig'],
  '@nuvatra/storage-sqlite': ['createSqliteStorage'],
  '@nuvatra/express': ['nuvatra', 'toRequest', 'writeResponse'],
  '@nuvatra/node': ['serve', 'toNodeListener'],
  '@nuvatra/twilio': ['twilio'],
  '@nuvatra/gmail': ['gmailPlugin'],
  '@nuvatra/google': ['defineGoogleConnection'],
  '@nuvatra/google-calendar': ['googleCalendarPlugin'],
  '@nuvatra/vapi': ['vapi', 'verifyVapiRequest'],
  '@nuvatra/clerk': ['clerkAuth', 'clerkWebhooks'],
  '@nuvatra/testing': ['runStorageContractTests', 'runIsolationTests'],
  '@nuvatra/react': ['NuvatraProvider', 'createNuvatraClient', 'useMe'],
};

const timings: Array<[string, number]> = [];
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings.push([step, Math.round(performance.now() - started)]);
  }
}

const root = mkdtempSync(join(tmpdir(), 'nuvatra-pack-'));
const consumer = join(root, 'consumer');
let imported: Record<string, LoadResult> = {};
let required: Record<string, LoadResult> = {};
let typeErrors = '';

beforeAll(async () => {
  const tarballs = await timed('pnpm pack', () => packAll(packages, join(root, 'tarballs')));
  mkdirSync(consumer);
  await timed('npm install', () => installConsumer(consumer, packages, tarballs));
  // An unbuilt @nuvatra/react has no declarations; its own tests say so, and tsc then names what is missing.
  const reactDeclarations = join(consumer, 'node_modules', '@nuvatra', 'react', 'dist', 'index.d.ts');
  const hasReact = packages.some((pkg) => pkg.name === '@nuvatra/react');
  writeConsumerSources(
    consumer,
    packages,
    hasReact ? (existsSync(reactDeclarations) ? readFileSync(reactDeclarations, 'utf8') : '') : undefined,
  );
  const names = packages.map((pkg) => pkg.name);
  [imported, required, typeErrors] = await timed('import, require and tsc', () =>
    Promise.all([loadAll(consumer, names, 'import'), loadAll(consumer, names, 'require'), typeCheck(consumer)]),
  );
}, 600_000);

afterAll(() => {
  const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(
    `pack test (${packages.length} packages, in ${consumer}):\n${timings.map(([step, ms]) => `  ${step}: ${(ms / 1000).toFixed(1)} s`).join('\n')}\n  total: ${(total / 1000).toFixed(1)} s`,
  );
  rmSync(root, { recursive: true, force: true });
});

function notBuilt(name: string): string {
  const pkg = packages.find((candidate) => candidate.name === name);
  return pkg && pkg.missingTargets.length > 0
    ? `${name} is not built (${pkg.missingTargets.join(', ')} missing): run pnpm build first`
    : name;
}

function exportsOf(results: Record<string, LoadResult>, name: string): string[] {
  const result = results[name];
  if (!result?.ok) throw new Error(`${notBuilt(name)}: ${result ? result.error : 'not loaded'}`);
  return result.names;
}

describe('the packed packages, installed by npm in a project outside the workspace', () => {
  it('include every package of packages/* that is not private', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(Object.keys(requiredExports)));
  });

  describe.each(packages.map((pkg) => [pkg.name, pkg] as const))('%s', (name, pkg) => {
    it('is built: every file its exports map points at exists', () => {
      expect(pkg.missingTargets, notBuilt(name)).toEqual([]);
    });

    it('loads by name with import() and has its named exports', () => {
      const names = exportsOf(imported, name);
      expect(names.length, `${name} exports nothing`).toBeGreaterThan(0);
      expect(names).toEqual(expect.arrayContaining(requiredExports[name] ?? []));
    });

    it(`loads by name with require()${pkg.esmOnly ? ' through require(esm), when this Node can' : ''}, with the same exports`, () => {
      const result = required[name];
      // ESM-only: Node 20.19+ loads ES modules with require() unless the graph awaits at top level; that is the
      // dependency's choice, not a broken package, so only that refusal is accepted.
      if (pkg.esmOnly && result && !result.ok && /ERR_REQUIRE_(ASYNC_MODULE|ESM)/.test(result.error)) {
        console.warn(`${name}: require() is refused on Node ${process.versions.node} (${result.error})`);
        return;
      }
      expect(exportsOf(required, name)).toEqual(exportsOf(imported, name));
    });
  });

  it('type-check in a strict NodeNext consumer (ESM, CommonJS and React)', () => {
    expect(typeErrors).toBe('');
  });
});
