import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveIsolationSeed } from './seed.js';

describe('resolveIsolationSeed', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prefers the seed from options over NUVATRA_ISOLATION_SEED', () => {
    vi.stubEnv('NUVATRA_ISOLATION_SEED', '5');
    expect(resolveIsolationSeed(42)).toBe(42);
  });

  it('reads NUVATRA_ISOLATION_SEED when no seed is passed', () => {
    vi.stubEnv('NUVATRA_ISOLATION_SEED', '12345');
    expect(resolveIsolationSeed(undefined)).toBe(12345);
  });

  it('names NUVATRA_ISOLATION_SEED when its value is not a seed', () => {
    vi.stubEnv('NUVATRA_ISOLATION_SEED', 'banana');
    expect(() => resolveIsolationSeed(undefined)).toThrow(/NUVATRA_ISOLATION_SEED="banana"/);
  });

  it('draws a 32-bit seed when neither is given', () => {
    vi.stubEnv('NUVATRA_ISOLATION_SEED', '');
    const seed = resolveIsolationSeed(undefined);
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff).toBe(true);
  });
});
