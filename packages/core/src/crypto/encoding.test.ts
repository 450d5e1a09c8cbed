import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, fromBase64, fromBase64Url, timingSafeEqual, toBase64Url } from './encoding.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('base64url', () => {
  it('round-trips every length of bytes without padding', () => {
    for (let length = 0; length < 40; length++) {
      const input = Uint8Array.from({ length }, (_, index) => (index * 37 + 250) % 256);
      const encoded = toBase64Url(input);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64Url(encoded)).toEqual(input);
    }
  });

  it('uses the URL alphabet', () => {
    expect(toBase64Url(bytes(0xfb, 0xff, 0xbf))).toBe('-_-_');
  });

  it('round-trips arrays larger than one encoding chunk', () => {
    const input = Uint8Array.from({ length: 100_000 }, (_, index) => index % 251);
    const decoded = fromBase64Url(toBase64Url(input));
    // Compared by hand: a deep toEqual over 100k elements costs most of a second.
    expect(decoded?.length).toBe(input.length);
    expect(decoded?.every((byte, index) => byte === input[index])).toBe(true);
  });

  it.each(['abc=', 'ab+/', 'a', 'ab c', 'AB'])('refuses %j, which is not canonical unpadded base64url', (text) => {
    expect(fromBase64Url(text)).toBeNull();
  });
});

describe('fromBase64', () => {
  it('reads standard and URL alphabets, padded or not, around whitespace', () => {
    const expected = bytes(0xfb, 0xff, 0xbf, 0x01);
    for (const text of ['+/+/AQ==', '+/+/AQ', '-_-_AQ', ' -_-_AQ==\n']) expect(fromBase64(text)).toEqual(expected);
  });

  it('returns null for text that is not base64', () => {
    expect(fromBase64('not base64!')).toBeNull();
    expect(fromBase64('abcde')).toBeNull();
  });
});

describe('utf8', () => {
  it('round-trips text outside ASCII', () => {
    expect(decodeUtf8(encodeUtf8('Привет, 世界 👋'))).toBe('Привет, 世界 👋');
  });

  it('throws on bytes that are not UTF-8 instead of guessing', () => {
    expect(() => decodeUtf8(bytes(0xff, 0xfe))).toThrow(TypeError);
  });
});

describe('timingSafeEqual', () => {
  it('is true only for arrays with the same bytes and length', () => {
    expect(timingSafeEqual(bytes(1, 2, 3), bytes(1, 2, 3))).toBe(true);
    expect(timingSafeEqual(bytes(), bytes())).toBe(true);
    expect(timingSafeEqual(bytes(1, 2, 3), bytes(1, 2, 4))).toBe(false);
    expect(timingSafeEqual(bytes(0, 2, 3), bytes(1, 2, 3))).toBe(false);
    expect(timingSafeEqual(bytes(1, 2, 3), bytes(1, 2))).toBe(false);
    expect(timingSafeEqual(bytes(1, 2), bytes(1, 2, 0))).toBe(false);
  });
});
