import { createHmac } from 'node:crypto';
import { isNuvatraError } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { verifyVapiRequest } from './verify.js';

const serverSecret = 'server-secret-0123456789';
const body = new TextEncoder().encode('{"message":{"type":"status-update"}}');
const now = 1_772_460_000_000;
const hmac = {
  secret: 'hmac-secret-0123456789',
  algorithm: 'sha256' as const,
  signatureHeader: 'x-signature',
  timestampHeader: 'x-timestamp',
  signaturePrefix: '',
  encoding: 'hex' as const,
  toleranceSeconds: 300,
};

const sign = (timestamp: string, options: { key?: string; algorithm?: string; encoding?: 'hex' | 'base64' } = {}) =>
  createHmac(options.algorithm ?? 'sha256', options.key ?? hmac.secret)
    .update(`${timestamp}.${new TextDecoder().decode(body)}`)
    .digest(options.encoding ?? 'hex');

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isNuvatraError(error) ? error.code : undefined;
}

describe('verifyVapiRequest', () => {
  it('accepts the server secret in X-Vapi-Secret or as a Bearer token', async () => {
    expect(await verifyVapiRequest(new Headers({ 'x-vapi-secret': serverSecret }), body, { serverSecret })).toBe(
      'secret',
    );
    const bearer = new Headers({ authorization: `Bearer ${serverSecret}` });
    expect(await verifyVapiRequest(bearer, body, { serverSecret })).toBe('bearer');
  });

  it('answers no credential with UNAUTHENTICATED and a wrong one with INVALID_SIGNATURE', async () => {
    expect(await codeOf(verifyVapiRequest(new Headers(), body, { serverSecret }))).toBe('UNAUTHENTICATED');
    const prefix = new Headers({ 'x-vapi-secret': serverSecret.slice(0, -1) });
    expect(await codeOf(verifyVapiRequest(prefix, body, { serverSecret }))).toBe('INVALID_SIGNATURE');
    const longer = new Headers({ authorization: `Bearer ${serverSecret}x` });
    expect(await codeOf(verifyVapiRequest(longer, body, { serverSecret }))).toBe('INVALID_SIGNATURE');
  });

  it('refuses the secret repeated, cut short, with one byte changed, or empty', async () => {
    const wrong = [
      serverSecret.repeat(2),
      serverSecret.slice(1),
      `${serverSecret.slice(0, -1)}${serverSecret.endsWith('9') ? '8' : '9'}`,
      '',
    ];
    for (const secret of wrong) {
      const headers = new Headers({ 'x-vapi-secret': secret });
      expect(await codeOf(verifyVapiRequest(headers, body, { serverSecret }))).toBe('INVALID_SIGNATURE');
    }
  });

  it('accepts an HMAC signature over `{timestamp}.{body}`, in seconds or milliseconds', async () => {
    const seconds = String(now / 1000);
    const headers = new Headers({ 'x-timestamp': seconds, 'x-signature': sign(seconds) });
    expect(await verifyVapiRequest(headers, body, { serverSecret, hmac }, () => now)).toBe('hmac');
    const millis = String(now);
    const inMillis = new Headers({ 'x-timestamp': millis, 'x-signature': sign(millis) });
    expect(await verifyVapiRequest(inMillis, body, { serverSecret, hmac }, () => now)).toBe('hmac');
  });

  it('follows the credential’s algorithm, headers, prefix and encoding', async () => {
    const custom = {
      ...hmac,
      algorithm: 'sha512' as const,
      signatureHeader: 'x-vapi-signature',
      timestampHeader: 'x-vapi-timestamp',
      signaturePrefix: 'sha512=',
      encoding: 'base64' as const,
    };
    const timestamp = String(now / 1000);
    const signature = `sha512=${sign(timestamp, { algorithm: 'sha512', encoding: 'base64' })}`;
    const headers = new Headers({ 'x-vapi-timestamp': timestamp, 'x-vapi-signature': signature });
    expect(await verifyVapiRequest(headers, body, { serverSecret, hmac: custom }, () => now)).toBe('hmac');
  });

  it('refuses a signature that is stale, from the future, by another key, or without its timestamp', async () => {
    const check = (headers: Record<string, string>) =>
      codeOf(verifyVapiRequest(new Headers(headers), body, { serverSecret, hmac }, () => now));
    const stale = String(now / 1000 - 301);
    const future = String(now / 1000 + 301);
    const fresh = String(now / 1000);
    expect(await check({ 'x-timestamp': stale, 'x-signature': sign(stale) })).toBe('INVALID_SIGNATURE');
    expect(await check({ 'x-timestamp': future, 'x-signature': sign(future) })).toBe('INVALID_SIGNATURE');
    expect(await check({ 'x-timestamp': fresh, 'x-signature': sign(fresh, { key: 'other' }) })).toBe(
      'INVALID_SIGNATURE',
    );
    expect(await check({ 'x-signature': sign(fresh) })).toBe('INVALID_SIGNATURE');
  });

  it('ignores signature headers when no HMAC credential is configured', async () => {
    const timestamp = String(now / 1000);
    const headers = new Headers({ 'x-timestamp': timestamp, 'x-signature': sign(timestamp) });
    expect(await codeOf(verifyVapiRequest(headers, body, { serverSecret }, () => now))).toBe('UNAUTHENTICATED');
  });

  it('says so when a body parser rebuilt the body a signature was made over', async () => {
    const timestamp = String(now / 1000);
    const headers = new Headers({
      'x-timestamp': timestamp,
      'x-signature': sign(timestamp, { key: 'other' }),
      'x-nuvatra-body-reconstructed': '1',
    });
    const error = await verifyVapiRequest(headers, body, { serverSecret, hmac }, () => now).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/body parser ran before Nuvatra/);
  });
});
