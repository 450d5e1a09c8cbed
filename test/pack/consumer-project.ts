import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { installedVersion, repositoryRoot, type WorkspacePackage } from './workspace-packages.js';

// Test-only: what a user outside the repository gets from the packed tarballs, installed by npm.

const run = promisify(execFile);

/**
 * The environment for pnpm, npm, node and tsc in the consumer. Without NODE_OPTIONS, which may carry the test
 * runner's `--conditions=@nuvatra/source`, and without the lowercase npm_* variables `pnpm test` exports for its
 * own scripts (npm would read them as its configuration); the user's own npm configuration stays.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.startsWith('npm_')),
  );
}

async function exec(command: string, args: string[], cwd: string, timeout = 300_000): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      cwd,
      env: consumerEnv(),
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
}

/** `pnpm pack` of each package into `destination` (workspace:^ ranges become real versions); answers the tarballs. */
export async function packAll(packages: WorkspacePackage[], destination: string): Promise<Map<string, string>> {
  mkdirSync(destination, { recursive: true });
  const tarballs = new Map<string, string>();
  // One at a time: several pnpm processes packing at once is no faster here, and their output would interleave.
  for (const pkg of packages) {
    const before = new Set(readdirSync(destination));
    await exec('pnpm', ['pack', '--pack-destination', destination], pkg.directory);
    const created = readdirSync(destination).filter((file) => !before.has(file) && file.endsWith('.tgz'));
    if (created.length !== 1) throw new Error(`pnpm pack of ${pkg.name} made ${created.length} tarballs.`);
    tarballs.set(pkg.name, join(destination, created[0] as string));
  }
  return tarballs;
}

/**
 * Writes the consumer's package.json and installs it with npm, once for every package. Each @nuvatra package comes
 * from its tarball, as a dependency and, through `overrides`, wherever another one depends on it, so nothing is
 * fetched from the registry under an @nuvatra name.
 */
export async function installConsumer(
  directory: string,
  packages: WorkspacePackage[],
  tarballs: Map<string, string>,
): Promise<void> {
  const local = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  const peers = Object.assign({}, ...packages.map((pkg) => pkg.peers)) as Record<string, string>;
  const types = Object.assign({}, ...packages.map((pkg) => pkg.peerTypes)) as Record<string, string>;
  const manifest = {
    name: 'nuvatra-pack-consumer',
    private: true,
    type: 'module',
    dependencies: { ...local, ...peers },
    devDependencies: { ...types, '@types/node': installedVersion(repositoryRoot, '@types/node') ?? '^20.19.0' },
    overrides: local,
  };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], directory, 540_000);
}

export type LoadResult = { ok: true; names: string[] } | { ok: false; error: string };

/**
 * Loads every package by name in one Node process of the consumer, by `import()` or by `require()`, and answers
 * each one's export names or its error. One process per way keeps the test fast; each package is tried alone.
 */
export async function loadAll(
  directory: string,
  names: string[],
  how: 'import' | 'require',
): Promise<Record<string, LoadResult>> {
  const load = how === 'import' ? 'await import(name)' : 'require(name)';
  const body = `
    const results = {};
    for (const name of ${JSON.stringify(names)}) {
      try {
        const pkg = ${load};
        results[name] = { ok: true, names: Object.keys(pkg).filter((key) => key !== 'default' && key !== 'module.exports').sort() };
      } catch (error) {
        results[name] = { ok: false, error: String(error && error.code ? error.code + ': ' + error.message : error) };
      }
    }
    process.stdout.write(JSON.stringify(results));`;
  const args = how === 'import' ? ['--input-type=module', '-e', body] : ['-e', `(async () => { ${body} })()`];
  return JSON.parse(await exec(process.execPath, args, directory)) as Record<string, LoadResult>;
}

/** The workspace's own TypeScript over the consumer's tsconfig.json; answers the diagnostics, empty when clean. */
export async function typeCheck(directory: string): Promise<string> {
  const tsc = createRequire(join(repositoryRoot, 'package.json')).resolve('typescript/bin/tsc');
  try {
    await exec(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], directory);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
