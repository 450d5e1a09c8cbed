import { describe, expect, it } from 'vitest';
import { formatDuration, formatPhoneNumber } from './format.js';

describe('formatDuration', () => {
  it('reads as seconds, minutes and seconds, or hours and minutes', () => {
    expect([null, 42, 185, 7_500].map(formatDuration)).toEqual(['—', '42 s', '3 min 05 s', '2 h 05 min']);
  });
});

describe('formatPhoneNumber', () => {
  it('groups North American numbers, keeps others as stored, and names a withheld caller', () => {
    expect(['+15550100001', '+442071838750', null].map(formatPhoneNumber)).toEqual([
      '+1 555 010 0001',
      '+442071838750',
      'Unknown caller',
    ]);
  });
});
