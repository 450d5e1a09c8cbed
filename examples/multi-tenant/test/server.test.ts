import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNuvatraEnv } from '@nuvatra/core';
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';

const directory = mkdtempSync(join(tmpdir(), 'nuvatra-example-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the multi-tenant example server', () => {
  it('serves the API over HTTP with the demo tenants, each owner seeing their own business', async () => {
    const server = await startServer(readNuvatraEnv({ PORT: '0', NUVATRA_DATA_DIR: directory }), { quiet: true });
    try {
      const me = async (user: string) =>
        (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer dev:${user}` } })).json()) as {
          tenant: { slug: string } | null;
        };
      expect((await me('alice')).tenant?.slug).toBe('sunrise-dental');
      expect((await me('bob')).tenant?.slug).toBe('harbor-bistro');
      const anonymous = await fetch(`${server.url}/api/calls`);
      expect(anonymous.status).toBe(401);
      const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: object };
      expect(Object.keys(openapi.paths)).toContain('/api/calls/{id}');
    } finally {
      await server.close();
    }
  });

  it('turns development sign-in off once an API key is configured', async () => {
    const env = readNuvatraEnv({
      PORT: '0',
      NUVATRA_DATA_DIR: directory,
      NUVATRA_API_KEYS: 'nvk_0123456789abcdefghijklmn:ops:sunrise-dental',
    });
    const server = await startServer(env, { quiet: true });
    try {
      const dev = await fetch(`${server.url}/api/me`, { headers: { authorization: 'Bearer dev:alice' } });
      expect(dev.status).toBe(401);
      const key = await fetch(`${server.url}/api/me`, { headers: { 'x-api-key': 'nvk_0123456789abcdefghijklmn' } });
      expect(((await key.json()) as { tenant: { slug: string } }).tenant.slug).toBe('sunrise-dental');
    } finally {
      await server.close();
    }
  });

  it('mounts the Twilio plugin when TWILIO_* is set and answers a signed call to a demo business', async () => {
    const accountSid = `AC${'1'.repeat(32)}`;
    const authToken = 'example-auth-token-0123456789abcd';
    const publicBaseUrl = 'https://voice.example.com';
    const env = readNuvatraEnv({
      PORT: '0',
      NUVATRA_DATA_DIR: join(directory, 'voice'),
      PUBLIC_BASE_URL: publicBaseUrl,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
    });
    const server = await startServer(env, { quiet: true });
    try {
      const params = {
        AccountSid: accountSid,
        CallSid: `CA${'2'.repeat(32)}`,
        CallStatus: 'ringing',
        From: '+14155550123',
        To: '+15550100001',
        Direction: 'inbound',
        ApiVersion: '2010-04-01',
      };
      const path = '/api/webhooks/twilio/voice';
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${path}`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(response.status).toBe(200);
      // No voice agent is configured here, so the caller hears Sunrise Dental's greeting, not the not-registered line.
      expect(await response.text()).toContain('Sunrise Dental');
    } finally {
      await server.close();
    }
  });
});
