import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNuvatraError } from '@nuvatra/core';
import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import {
  createDevelopmentProviders,
  developmentProvidersFile,
  developmentProvidersSchema,
  readDevelopmentProviders,
} from '../src/index.js';
import { temporaryDirectory } from './run.js';

describe('development provider credentials', () => {
  it('are created fresh each time, shaped like the providers’ own', () => {
    const first = createDevelopmentProviders();
    const second = createDevelopmentProviders();

    expect(developmentProvidersSchema.parse(first)).toEqual(first);
    expect(first.twilio.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(first.twilio.authToken).toMatch(/^[0-9a-f]{32}$/);
    expect(first.vapi.serverSecret.length).toBeGreaterThanOrEqual(16);
    expect(() => new Webhook(first.clerk.webhookSigningSecret)).not.toThrow();
    expect(second.twilio.authToken).not.toBe(first.twilio.authToken);
    expect(second.clerk.webhookSigningSecret).not.toBe(first.clerk.webhookSigningSecret);
  });

  it('are read back from <dataDir>/development-providers.json, and are null when it does not exist', () => {
    const dataDir = temporaryDirectory();
    const providers = createDevelopmentProviders();

    expect(developmentProvidersFile(dataDir)).toBe(join(dataDir, 'development-providers.json'));
    expect(readDevelopmentProviders(dataDir)).toBeNull();
    writeFileSync(developmentProvidersFile(dataDir), JSON.stringify(providers));
    expect(readDevelopmentProviders(dataDir)).toEqual(providers);
  });

  it('refuse a file that is not JSON or not their shape with CONFIG_INVALID naming the file and field', () => {
    const dataDir = temporaryDirectory();
    const file = developmentProvidersFile(dataDir);
    const error = (text: string) => {
      writeFileSync(file, text);
      try {
        readDevelopmentProviders(dataDir);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    };

    const notJson = error('{');
    const wrongSid = error(
      JSON.stringify({ ...createDevelopmentProviders(), twilio: { accountSid: 'AC1', authToken: 't' } }),
    );
    expect(isNuvatraError(notJson, 'CONFIG_INVALID')).toBe(true);
    expect((notJson as Error).message).toContain(`${file} is not valid JSON`);
    expect(isNuvatraError(wrongSid, 'CONFIG_INVALID')).toBe(true);
    expect((wrongSid as Error).message).toContain(`${file}: twilio.accountSid: must be AC followed by 32 hex digits`);
  });
});
