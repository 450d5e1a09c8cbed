const SEED_VARIABLE = 'NUVATRA_ISOLATION_SEED';

function isSeed(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff_ffff;
}

/** The seed of this run: the option, else `NUVATRA_ISOLATION_SEED`, else a fresh random one. */
export function resolveIsolationSeed(fromOptions: number | undefined): number {
  if (fromOptions !== undefined) {
    if (!isSeed(fromOptions))
      throw new TypeError(`runIsolationTests: options.seed must be an integer from 0 to 4294967295.`);
    return fromOptions;
  }
  const fromEnv = globalThis.process?.env?.[SEED_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!isSeed(seed))
      throw new TypeError(`${SEED_VARIABLE}="${fromEnv}" is not a seed; use an integer from 0 to 4294967295.`);
    return seed;
  }
  return Math.floor(Math.random() * 0x1_0000_0000);
}

export function replayHint(seed: number): string {
  return `replay with ${SEED_VARIABLE}=${seed}`;
}
