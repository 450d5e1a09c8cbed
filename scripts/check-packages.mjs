#!/usr/bin/env node
// Packaging lint for every published package under packages/: publint --strict, then attw --pack.
// Iterates the folder so a new package is checked without editing a list. A package tunes attw through
// `"nuvatra": { "attw": ["--profile", "esm-only"] }` in its own package.json (e.g. ESM-only CLIs, CSS entries).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const failures = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join('packages', name);
  const manifestPath = join(root, dir, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  if (only.length > 0 && !only.includes(name) && !only.includes(manifest.name)) continue;
  const attwArgs = manifest.nuvatra?.attw ?? [];
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, ...attwArgs]],
  ]) {
    console.log(`\n$ ${tool} ${args.join(' ')}`);
    const run = spawnSync('pnpm', ['exec', tool, ...args], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) failures.push(`${tool} ${dir}`);
  }
}
if (failures.length > 0) {
  console.error(`\ncheck:packages failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\ncheck:packages: every package passed publint and attw');
