import { describe, expect, it } from 'vitest';
import { isNuvatraError } from '../errors/errors.js';
import { normalizePhoneNumber, tryNormalizePhoneNumber } from './normalize.js';

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('normalizePhoneNumber', () => {
  it.each([
    ['+1 (555) 111-1111', undefined],
    ['+15551111111', undefined],
    ['15551111111', 'US'],
    ['(555) 111-1111', 'US'],
    ['555.111.1111', 'US'],
    ['  +1 555 111 1111  ', undefined],
    ['tel:+1-555-111-1111', undefined],
    ['TEL:+15551111111', undefined],
  ] as const)('reads %j (region %s) as +15551111111', (input, region) => {
    expect(normalizePhoneNumber(input, region === undefined ? {} : { region })).toBe('+15551111111');
  });

  it('accepts fictional 555 numbers that are possible but not assigned', () => {
    expect(normalizePhoneNumber('+1 555 010 0199')).toBe('+15550100199');
  });

  it('reads national numbers with the given region and ignores the region for international ones', () => {
    expect(normalizePhoneNumber('020 7946 0958', { region: 'GB' })).toBe('+442079460958');
    expect(normalizePhoneNumber('+44 20 7946 0958', { region: 'US' })).toBe('+442079460958');
  });

  it.each([
    '',
    '   ',
    'garbage',
    '+1555',
    '+1555111111',
    '+155511111111111',
    '+15551111111abc',
    '+1 555 CALL NOW',
    '+1 555 111 1111 ext 5',
    '1 555 111 1111 +',
    'sip:+15551111111@example.com',
  ])('rejects %j with INVALID_PHONE_NUMBER', (input) => {
    expect(
      isNuvatraError(
        errorOf(() => normalizePhoneNumber(input)),
        'INVALID_PHONE_NUMBER',
      ),
    ).toBe(true);
  });

  it('rejects an unknown region and says so, even for an E.164 number', () => {
    const error = errorOf(() => normalizePhoneNumber('+15551111111', { region: 'XX' })) as Error;
    expect(isNuvatraError(error, 'INVALID_PHONE_NUMBER')).toBe(true);
    expect(error.message).toContain('"XX" is not a supported region');
    expect(tryNormalizePhoneNumber('+15551111111', { region: 'us' })).toBeNull();
  });

  it('rejects a national number when no region is given', () => {
    expect(
      isNuvatraError(
        errorOf(() => normalizePhoneNumber('15551111111')),
        'INVALID_PHONE_NUMBER',
      ),
    ).toBe(true);
  });

  it('rejects values that are not strings', () => {
    for (const input of [undefined, null, 15551111111, { number: '+15551111111' }]) {
      const error = errorOf(() => normalizePhoneNumber(input as unknown as string));
      expect(isNuvatraError(error, 'INVALID_PHONE_NUMBER')).toBe(true);
    }
  });

  it('answers 400 with a message that quotes the input and says what to do', () => {
    const error = errorOf(() => normalizePhoneNumber('call me maybe')) as { status: number; message: string };
    expect(error.status).toBe(400);
    expect(error.message).toContain('"call me maybe"');
    expect(error.message).toContain('+15551234567');
    expect(error.message).toContain('region');
  });

  it('truncates a long input in the message', () => {
    const error = errorOf(() => normalizePhoneNumber('x'.repeat(500))) as Error;
    expect(error.message).toContain(`"${'x'.repeat(40)}…"`);
    expect(error.message).not.toContain('x'.repeat(41));
  });
});

describe('tryNormalizePhoneNumber', () => {
  it('returns the E.164 form of a possible number', () => {
    expect(tryNormalizePhoneNumber('15551111111', { region: 'US' })).toBe('+15551111111');
  });

  it('returns null instead of throwing for anything else', () => {
    expect(tryNormalizePhoneNumber('not a number')).toBeNull();
    expect(tryNormalizePhoneNumber('')).toBeNull();
    expect(tryNormalizePhoneNumber(42 as unknown as string)).toBeNull();
  });
});
