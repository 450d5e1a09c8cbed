import { isNuvatraError } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { telnyx } from '../src/index.js';
import { createSigningKey } from './app.js';

const { publicKey } = createSigningKey();

function failure(options: unknown): string {
  try {
    telnyx(options as Parameters<typeof telnyx>[0]);
  } catch (error) {
    expect(isNuvatraError(error, 'CONFIG_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('telnyx() accepted the options');
}

describe('telnyx(options)', () => {
  it('brings the webhook, the send route, the account routes and two jobs', () => {
    const plugin = telnyx({ publicKey, env: {} });
    expect(plugin.name).toBe('telnyx');
    expect(plugin.routes?.map((route) => `${route.method} ${route.path} (${route.auth})`)).toEqual([
      'POST /api/webhooks/telnyx (provider)',
      'POST /api/telnyx/messages (user)',
      'GET /api/telnyx/account (user)',
      'PUT /api/telnyx/account (user)',
      'DELETE /api/telnyx/account (user)',
    ]);
    expect(plugin.jobs?.map((job) => job.name)).toEqual(['telnyx.send-sms', 'telnyx.conversation-transcript']);
  });

  it('reads TELNYX_PUBLIC_KEY and TELNYX_API_KEY from the environment it is given', () => {
    expect(telnyx({ env: { TELNYX_PUBLIC_KEY: publicKey, TELNYX_API_KEY: 'KEY123' } }).name).toBe('telnyx');
    expect(telnyx({ webhookPath: '/hooks/telnyx', env: { TELNYX_PUBLIC_KEY: publicKey } }).routes?.[0]?.path).toBe(
      '/hooks/telnyx',
    );
  });

  it('refuses bad options at start-up, naming the option and its variable', () => {
    expect(failure({ env: {} })).toMatch(/^telnyx\(\): publicKey: pass it or set TELNYX_PUBLIC_KEY/);
    expect(failure({ env: { TELNYX_PUBLIC_KEY: 'not-a-key' } })).toMatch(
      /^telnyx\(\): publicKey \(TELNYX_PUBLIC_KEY\): must be the base64 ed25519 public key/,
    );
    expect(failure({ publicKey, env: {}, messagingProfileId: 'profile' })).toMatch(
      /^telnyx\(\): messagingProfileId: a deployment messaging profile needs the deployment API key \(TELNYX_API_KEY\)/,
    );
    expect(failure({ publicKey, env: {}, toleranceSeconds: 600 })).toMatch(/^telnyx\(\): toleranceSeconds:/);
    expect(failure({ publicKey, env: {}, webhookPath: '/api/webhooks/telnyx/' })).toMatch(/^telnyx\(\): webhookPath:/);
    expect(failure({ publicKey, env: {}, publickey: 'typo' })).toMatch(/^telnyx\(\): options: Unrecognized key/);
  });
});
