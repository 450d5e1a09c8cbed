import { usageError } from '../io.js';

/** The flag's value when it is one of `choices`; a usage error naming the flag otherwise. */
export function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw usageError(`--${flag} must be one of ${choices.join(', ')}; got "${value}".`);
}
