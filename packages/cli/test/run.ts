import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { runCli } from '../src/index.js';

// Test-only: the CLI run in-process, its output captured, with the environment each test gives it (never the
// machine's), and temporary data directories removed when the test finishes.

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the one JSON object `--json` prints. */
  json(): Record<string, unknown>;
}

export async function cli(argv: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    env,
    cwd: cwd ?? tmpdir(),
  });
  const out = stdout.join('');
  return { code, stdout: out, stderr: stderr.join(''), json: () => JSON.parse(out) as Record<string, unknown> };
}

export function temporaryDirectory(prefix = 'nuvatra-cli-'): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
