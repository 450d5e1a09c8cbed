import type { CliContext, CommandResult } from './io.js';
import { usageError } from './io.js';

// A command is a plain object: its name, what it does, its positional arguments and options (node:util parseArgs
// options, plus what --help shows), and `run`. Help text is generated from the same object.

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** What --help shows as the value: `--to <number>`. */
  placeholder?: string;
  /** Shown in --help only; `run` applies it. */
  defaultText?: string;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  /** The values accepted, for --help and for the check before `run`. */
  choices?: readonly string[];
}

export interface CommandSpec {
  /** The words that select it: `simulate call`. */
  name: string;
  summary: string;
  /** Said after the summary in --help: what it needs, what it does not do. */
  details?: string[];
  args?: ArgumentSpec[];
  options: Record<string, OptionSpec>;
  examples?: string[];
  run(input: CommandInput, context: CliContext): Promise<CommandResult>;
}

/** The parsed command line, with accessors that turn a missing value into a usage error naming the flag. */
export interface CommandInput {
  option(name: string): string | undefined;
  required(name: string): string;
  flag(name: string): boolean;
  /** The positional argument `index` (every declared one is present: checked before `run`). */
  arg(index: number): string;
}

export function toCommandInput(
  spec: CommandSpec,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
): CommandInput {
  return {
    option(name) {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    },
    required(name) {
      const value = values[name];
      if (typeof value === 'string' && value.trim() !== '') return value;
      const placeholder = spec.options[name]?.placeholder ?? 'value';
      throw usageError(`--${name} <${placeholder}> is required.`);
    },
    flag: (name) => values[name] === true,
    arg: (index) => positionals[index] ?? '',
  };
}

/** `--help` of one command. */
export function commandHelp(spec: CommandSpec, globalOptions: Record<string, OptionSpec>): string {
  const args = (spec.args ?? []).map((arg) => `<${arg.name}>`).join(' ');
  const lines = [`Usage: nuvatra ${spec.name}${args ? ` ${args}` : ''} [options]`, '', spec.summary];
  if (spec.details?.length) lines.push('', ...spec.details);
  if (spec.args?.length) {
    lines.push('', 'Arguments:');
    for (const arg of spec.args) {
      const choices = arg.choices ? ` (${arg.choices.join(', ')})` : '';
      lines.push(...columns([[`<${arg.name}>`, `${arg.description}${choices}`]]));
    }
  }
  lines.push('', 'Options:', ...optionLines({ ...spec.options, ...globalOptions }));
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return columns(
    Object.entries(options).map(([name, option]) => [
      `--${name}${option.placeholder ? ` <${option.placeholder}>` : ''}`,
      `${option.description}${option.defaultText ? ` (default: ${option.defaultText})` : ''}`,
    ]),
  );
}

/** Two indented columns, the first padded to its widest entry. */
export function columns(rows: Array<[string, string]>): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
