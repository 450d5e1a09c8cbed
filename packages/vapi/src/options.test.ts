import { isNuvatraError } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { parseVapiOptions } from './options.js';

const serverSecret = 'server-secret-0123456789';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isNuvatraError(error, 'CONFIG_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('parseVapiOptions', () => {
  it('falls back to VAPI_API_KEY and VAPI_SERVER_SECRET, and fills in the defaults', () => {
    const settings = parseVapiOptions({ env: { VAPI_API_KEY: 'key-1', VAPI_SERVER_SECRET: serverSecret } });
    expect(settings).toMatchObject({
      apiKey: 'key-1',
      serverSecret,
      baseUrl: 'https://api.vapi.ai',
      model: { provider: 'openai', model: 'gpt-4o' },
      requestTimeoutSeconds: 10,
    });
  });

  it('prefers what is passed over the environment, and treats a blank variable as unset', () => {
    const settings = parseVapiOptions({ serverSecret, apiKey: 'passed', env: { VAPI_API_KEY: 'from-env' } });
    expect(settings.apiKey).toBe('passed');
    expect(parseVapiOptions({ serverSecret, env: { VAPI_API_KEY: '  ' } }).apiKey).toBeUndefined();
  });

  it('refuses a missing or short server secret, naming the option and its variable', () => {
    expect(messageOf(() => parseVapiOptions({ env: {} }))).toBe(
      'vapi: pass serverSecret or set VAPI_SERVER_SECRET; the Vapi webhook refuses every message without it.',
    );
    expect(messageOf(() => parseVapiOptions({ serverSecret: 'short', env: {} }))).toMatch(
      /^vapi: serverSecret \(VAPI_SERVER_SECRET\): must be at least 16 characters/,
    );
  });

  it('refuses unknown options and bad values at start-up', () => {
    expect(messageOf(() => parseVapiOptions({ serverSecret, env: {}, baseUrl: 'ftp://vapi' }))).toMatch(
      /^vapi: baseUrl:/,
    );
    const typo = { serverSecret, env: {}, serverSecrett: 'x' } as Parameters<typeof parseVapiOptions>[0];
    expect(messageOf(() => parseVapiOptions(typo))).toMatch(/serverSecrett/);
  });
});
