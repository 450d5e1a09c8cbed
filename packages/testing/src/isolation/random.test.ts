import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

const draw = (seed: number) => {
  const random = createRandom(seed);
  return Array.from({ length: 20 }, () => random.next());
};

describe('createRandom', () => {
  it('replays the same stream for the same seed and a different one for another seed', () => {
    expect(draw(12345)).toEqual(draw(12345));
    expect(draw(12345)).not.toEqual(draw(12346));
  });

  it('keeps int within its bounds, both included', () => {
    const random = createRandom(7);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('samples distinct items', () => {
    const sample = createRandom(1).sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(new Set(sample).size).toBe(5);
  });

  it('forks generators that replay as well', () => {
    const forks = (seed: number) => {
      const random = createRandom(seed);
      return [random.fork().next(), random.fork().next()];
    };
    expect(forks(99)).toEqual(forks(99));
  });
});
