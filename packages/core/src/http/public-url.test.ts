import { describe, expect, it } from 'vitest';
import { toPublicBaseUrl, withOrigin } from './public-url.js';

describe('toPublicBaseUrl', () => {
  it('accepts an origin, with or without a trailing slash', () => {
    expect(toPublicBaseUrl('https://voice.example.com').origin).toBe('https://voice.example.com');
    expect(toPublicBaseUrl(new URL('http://127.0.0.1:8080/')).origin).toBe('http://127.0.0.1:8080');
  });

  it('refuses what is not an absolute http(s) origin, naming the option', () => {
    expect(() => toPublicBaseUrl('voice.example.com')).toThrow(/publicBaseUrl must be an absolute URL/);
    expect(() => toPublicBaseUrl('ftp://voice.example.com')).toThrow(/publicBaseUrl must use http: or https:/);
    for (const value of ['https://voice.example.com/base', 'https://voice.example.com/?a=1', 'https://u:p@a.example']) {
      expect(() => toPublicBaseUrl(value), value).toThrow(/publicBaseUrl must be an origin only/);
    }
  });
});

describe('withOrigin', () => {
  it('moves the request to the origin and keeps path, query, method, headers and body', async () => {
    const request = new Request('http://attacker.example//other.example/x?a=1', {
      method: 'POST',
      headers: { 'x-trace': 'abc' },
      body: 'payload',
    });
    const moved = withOrigin(request, 'https://voice.example.com');
    expect(moved.url).toBe('https://voice.example.com//other.example/x?a=1');
    expect(moved.method).toBe('POST');
    expect(moved.headers.get('x-trace')).toBe('abc');
    expect(await moved.text()).toBe('payload');
  });

  it('returns the same request when it is already at the origin', () => {
    const request = new Request('https://voice.example.com/x');
    expect(withOrigin(request, 'https://voice.example.com')).toBe(request);
  });
});
