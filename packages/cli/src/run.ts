import { parseArgs } from 'node:util';
import { isNuvatraError } from '@nuvatra/core';
import packageJson from '../package.json' with { type: 'json' };
import { type CommandSpec, columns, commandHelp, type OptionSpec, toCommandInput } from './command.js';
import { commandGroups } from './commands.js';
import { type CliContext, CliError, type CliIo, type CommandResult, defaultIo, EXIT, usageError } from './io.js';

const globalOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'Print one JSON object with the result on stdout' },
  help: { type: 'boolean', description: 'Show this help' },
};
const globalFlags = new Set(['--json', '--help', '-h', '--version']);

/**
 * Runs the `nuvatra` command line (`argv` without node and the script) and resolves with its exit code: 0 ok,
 * 1 the operation failed, 2 a usage or configuration mistake. Nothing here calls `process.exit`, so tests run it
 * in-process with `io` capturing the output and supplying the environment.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { ...defaultIo(), ...io };
  const json = argv.includes('--json');
  const context: CliContext = { io: full, json, progress: (line) => json || full.stderr(`${line}\n`) };
  const { words, rest } = splitCommand(argv);
  const help = rest.includes('--help') || rest.includes('-h');

  if (words.length === 0) {
    if (argv.includes('--version'))
      return print(context, 'version', { version: packageJson.version }, [packageJson.version]);
    full.stdout(topHelp());
    return help ? EXIT.ok : EXIT.usage;
  }
  const group = commandGroups.get(words[0] ?? '');
  const spec = group?.find((command) => command.name === words.join(' '));
  try {
    if (!group) throw usageError(`Unknown command "${words[0]}". Run nuvatra --help for the list.`);
    if (!spec) {
      if (help || words.length === 1) {
        full.stdout(groupHelp(words[0] ?? '', group));
        return help ? EXIT.ok : EXIT.usage;
      }
      throw usageError(`Unknown command "nuvatra ${words.join(' ')}". Run nuvatra ${words[0]} --help for the list.`);
    }
    if (help) {
      full.stdout(commandHelp(spec, globalOptions));
      return EXIT.ok;
    }
    const result = await runCommand(spec, rest, context);
    return print(context, spec.name, result.data, result.lines, result.exitCode ?? EXIT.ok);
  } catch (error) {
    return printError(context, spec?.name ?? words.join(' '), error);
  }
}

async function runCommand(spec: CommandSpec, args: string[], context: CliContext): Promise<CommandResult> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries({ ...spec.options, ...globalOptions }).map(([name, option]) => [name, { type: option.type }]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(`${(error as Error).message}. Run nuvatra ${spec.name} --help.`);
  }
  const declared = spec.args ?? [];
  if (parsed.positionals.length !== declared.length) {
    const expected = declared.map((arg) => `<${arg.name}>`).join(' ') || 'no arguments';
    throw usageError(`nuvatra ${spec.name} takes ${expected}. Run nuvatra ${spec.name} --help.`);
  }
  declared.forEach((arg, index) => {
    const value = parsed.positionals[index] ?? '';
    if (arg.choices && !arg.choices.includes(value)) {
      throw usageError(`<${arg.name}> must be one of ${arg.choices.join(', ')}; got "${value}".`);
    }
  });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return spec.run(toCommandInput(spec, values, parsed.positionals), context);
}

/** The command words (`simulate call`) and everything else; global flags may come before the words. */
function splitCommand(argv: readonly string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  let index = 0;
  for (; index < argv.length; index++) {
    const token = argv[index] ?? '';
    if (globalFlags.has(token)) continue;
    if (token.startsWith('-')) break;
    words.push(token);
    const group = commandGroups.get(words[0] ?? '');
    // A group's single command (`migrate`, `doctor`) is one word; the others are two.
    if (!group || group.some((command) => command.name === words.join(' ')) || words.length === 2) {
      index++;
      break;
    }
  }
  const globalsBefore = argv.slice(0, index).filter((token) => globalFlags.has(token));
  return { words, rest: [...globalsBefore, ...argv.slice(index)] };
}

function print(context: CliContext, command: string, data: Record<string, unknown>, lines: string[], code = 0) {
  if (context.json) context.io.stdout(`${JSON.stringify({ command, ok: code === EXIT.ok, ...data })}\n`);
  else if (lines.length > 0) context.io.stdout(`${lines.join('\n')}\n`);
  return code;
}

function printError(context: CliContext, command: string, error: unknown): number {
  const { exitCode, code, message } = toFailure(error);
  if (context.json) {
    context.io.stdout(`${JSON.stringify({ command, ok: false, error: { code, message } })}\n`);
  } else {
    context.io.stderr(`nuvatra ${command}: ${message}\n`);
  }
  return exitCode;
}

function toFailure(error: unknown): { exitCode: 1 | 2; code: string; message: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, code: error.code, message: error.message };
  if (isNuvatraError(error)) {
    return {
      exitCode: error.code === 'CONFIG_INVALID' ? EXIT.usage : EXIT.failed,
      code: error.code,
      message: error.message,
    };
  }
  return { exitCode: EXIT.failed, code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

function topHelp(): string {
  const rows: Array<[string, string]> = [];
  for (const group of commandGroups.values()) {
    for (const command of group) rows.push([command.name, command.summary]);
  }
  return [
    'Usage: nuvatra <command> [options]',
    '',
    'Commands:',
    ...columns(rows),
    '',
    'Global options:',
    ...columns([
      ['--json', 'Print one JSON object with the result on stdout'],
      ['--help', 'Help for any command: nuvatra simulate call --help'],
      ['--version', 'The version of @nuvatra/cli'],
    ]),
    '',
    'Exit codes: 0 ok, 1 the operation failed, 2 a usage or configuration mistake.',
    '',
  ].join('\n');
}

function groupHelp(name: string, group: readonly CommandSpec[]): string {
  const rows = group.map((command): [string, string] => [command.name, command.summary]);
  return [`Usage: nuvatra ${name} <command> [options]`, '', 'Commands:', ...columns(rows), ''].join('\n');
}
