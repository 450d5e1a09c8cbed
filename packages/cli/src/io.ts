import { resolve } from 'node:path';

/** Where the command writes and what it reads: the process's by default, captured in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The environment variables the command reads (`process.env` by default). */
  env: Record<string, string | undefined>;
  /** The directory relative paths (NUVATRA_DATA_DIR, clients/) are read from (`process.cwd()` by default). */
  cwd: string;
  /**
   * Stops a long-running command (`nuvatra worker`) as SIGTERM would. Without it, that command stops on the
   * process's own SIGTERM or SIGINT.
   */
  signal?: AbortSignal;
}

/** What every command runs with: the I/O, and whether the caller asked for JSON. */
export interface CliContext {
  io: CliIo;
  json: boolean;
  /** A progress line for people, on stderr; nothing in JSON mode. */
  progress(line: string): void;
}

/**
 * What a command answers: `data` is the JSON object printed with `--json`, `lines` what people read instead.
 * `exitCode` 1 when the operation ran but did not succeed (the server answered 4xx/5xx, a check failed).
 */
export interface CommandResult {
  data: Record<string, unknown>;
  lines: string[];
  exitCode?: 0 | 1;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * A command that cannot run: exit code 2 for usage and configuration mistakes, 1 for an operation that failed.
 * `code` is an UPPER_SNAKE error code, as in core's errors.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: 1 | 2,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, 'USAGE', message);
export const configError = (message: string) => new CliError(EXIT.usage, 'CONFIG_INVALID', message);

export function defaultIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** NUVATRA_DATA_DIR (default `./data`), absolute, relative to the working directory. */
export function dataDirectoryOf(io: CliIo): string {
  const value = io.env.NUVATRA_DATA_DIR?.trim();
  return resolve(io.cwd, value ? value : './data');
}
