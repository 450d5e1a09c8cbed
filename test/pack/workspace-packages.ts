import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Test-only: the publishable packages of packages/*, read from their package.json files as npm would see them.

export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_CONDITION = '@nuvatra/source';

export interface WorkspacePackage {
  name: string;
  version: string;
  directory: string;
  /** Only an ES module build: CommonJS callers reach it through require(esm) at best. */
  esmOnly: boolean;
  /** Peers other than @nuvatra ones, with the version the workspace tests against (or the range). */
  peers: Record<string, string>;
  /** `@types/*` packages the workspace pairs with those peers, for the consumer's type check. */
  peerTypes: Record<string, string>;
  /** Files the exports map points at (outside the source condition) that do not exist: not built. */
  missingTargets: string[];
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  peerDependencies?: Record<string, string>;
}

export function publishablePackages(): WorkspacePackage[] {
  const root = join(repositoryRoot, 'packages');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'package.json')))
    .map((entry) => ({ directory: join(root, entry.name), manifest: readManifest(join(root, entry.name)) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ directory, manifest }) => {
      const targets = flatten(manifest.exports?.['.'], '');
      const peers: Record<string, string> = {};
      const peerTypes: Record<string, string> = {};
      for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
        if (peer.startsWith('@nuvatra/')) continue;
        peers[peer] = installedVersion(directory, peer) ?? range;
        const types = `@types/${peer.replace(/^@(.*)\//, '$1__')}`;
        const typesVersion = installedVersion(directory, types);
        if (typesVersion) peerTypes[types] = typesVersion;
      }
      return {
        name: manifest.name,
        version: manifest.version,
        directory,
        esmOnly: !Object.keys(targets).some((condition) => condition.startsWith('require')),
        peers,
        peerTypes,
        missingTargets: Object.values(targets).filter((target) => !existsSync(join(directory, target))),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function readManifest(directory: string): Manifest {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Manifest;
}

/**
 * The version of `name` pnpm installed for the package (its devDependency on the peer), so the consumer gets what
 * the tests ran against: a bare range such as `vitest >=3` would let npm pick a major that needs another Node.
 */
export function installedVersion(directory: string, name: string): string | undefined {
  for (const base of [directory, repositoryRoot]) {
    const file = join(base, 'node_modules', name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return undefined;
}

/** `{ 'import.types': './dist/index.d.ts', … }` for an exports entry, without the source condition. */
function flatten(conditions: unknown, prefix: string): Record<string, string> {
  if (typeof conditions === 'string') return { [prefix || 'default']: conditions };
  const targets: Record<string, string> = {};
  for (const [condition, value] of Object.entries((conditions ?? {}) as Record<string, unknown>)) {
    if (condition === SOURCE_CONDITION) continue;
    Object.assign(targets, flatten(value, prefix ? `${prefix}.${condition}` : condition));
  }
  return targets;
}
