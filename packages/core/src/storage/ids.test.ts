import { describe, expect, it } from 'vitest';
import { createId } from './ids.js';

describe('createId', () => {
  it('is the prefix and 32 hex digits', () => {
    expect(createId('call')).toMatch(/^call_[0-9a-f]{32}$/);
  });

  it('sorts in creation order within one process, even many in the same millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => createId('msg'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps 64 random bits: two ids of the same millisecond differ beyond the time and sequence', () => {
    const [a, b] = [createId('x'), createId('x')];
    expect(a.slice(-16)).not.toBe(b.slice(-16));
  });
});
