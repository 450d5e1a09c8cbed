import { isNuvatraError } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { twilio } from '../src/index.js';

const accountSid = `AC${'d'.repeat(32)}`;

function failure(options: unknown): string {
  try {
    twilio(options as Parameters<typeof twilio>[0]);
  } catch (error) {
    expect(isNuvatraError(error, 'CONFIG_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('twilio() accepted the options');
}

describe('twilio(options)', () => {
  it('brings the three webhooks and the account routes', () => {
    const plugin = twilio({ accountSid, authToken: 'token' });
    expect(plugin.name).toBe('twilio');
    expect(plugin.routes?.map((route) => `${route.method} ${route.path} (${route.auth})`)).toEqual([
      'POST /api/webhooks/twilio/voice (provider)',
      'POST /api/webhooks/twilio/status (provider)',
      'POST /api/webhooks/twilio/sms (provider)',
      'GET /api/twilio/account (user)',
      'PUT /api/twilio/account (user)',
      'DELETE /api/twilio/account (user)',
    ]);
  });

  it('serves the webhooks under another prefix', () => {
    const paths = twilio({ webhookPath: '/hooks/twilio' }).routes?.map((route) => route.path);
    expect(paths?.slice(0, 3)).toEqual(['/hooks/twilio/voice', '/hooks/twilio/status', '/hooks/twilio/sms']);
  });

  it('refuses bad options at start-up, naming the option', () => {
    expect(failure({ accountSid: 'AC123', authToken: 'x' })).toBe(
      'twilio(): accountSid: must be a Twilio account SID (AC followed by 32 hex digits).',
    );
    expect(failure({ accountSid })).toMatch(/^twilio\(\): authToken: pass accountSid and authToken together/);
    expect(failure({ webhookPath: '/api/webhooks/twilio/' })).toMatch(/^twilio\(\): webhookPath:/);
    expect(failure({ speech: { language: 'English' } })).toMatch(/^twilio\(\): speech\.language:/);
    expect(failure({ messages: { notRegistered: '' } })).toMatch(/^twilio\(\): messages\.notRegistered:/);
    expect(failure({ httpClient: {} })).toBe('twilio(): httpClient: must be a twilio RequestClient.');
    expect(failure({ authtoken: 'typo' })).toMatch(/^twilio\(\): options: Unrecognized key/);
  });
});
