import { isNuvatraError } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { type GmailOptions, gmailPlugin } from '../src/index.js';

const valid: GmailOptions = {
  clientId: 'id.apps.googleusercontent.com',
  clientSecret: 'test-secret',
  redirectUri: 'https://app.example.com/gmail/callback',
  pubsub: {
    topicName: 'projects/p/topics/gmail',
    audience: 'https://voice.example.com/api/gmail/push',
    serviceAccountEmail: 'Push@P.iam.gserviceaccount.com',
  },
};

describe('gmailPlugin options', () => {
  it('builds the plugin: its routes, its sync job and its tables beside the connection', () => {
    const plugin = gmailPlugin(valid);
    expect(plugin.name).toBe('gmail');
    expect(plugin.routes?.find((route) => route.path === '/api/gmail/push')).toMatchObject({ auth: 'provider' });
    expect(plugin.jobs?.map((job) => job.name)).toEqual(expect.arrayContaining(['gmail.sync', 'gmail.renew-watch']));
    expect(Object.keys(plugin.storage?.models ?? {})).toContain('gmailMailboxes');
    const versions = plugin.storage?.migrations.sqlite?.map((step) => step.version) ?? [];
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it.each([
    ['a topic that is no topic name', { pubsub: { ...valid.pubsub, topicName: 'gmail' } }, 'pubsub.topicName'],
    ['no audience', { pubsub: { ...valid.pubsub, audience: '' } }, 'pubsub.audience'],
    [
      'a service account that is no email',
      { pubsub: { ...valid.pubsub, serviceAccountEmail: 'x' } },
      'pubsub.serviceAccountEmail',
    ],
    ['a redirect URI that is no URL', { redirectUri: 'callback' }, 'redirectUri'],
    ['an empty client secret', { clientSecret: '' }, 'clientSecret'],
    ['a clock that is no function', { now: 1_767_225_600_000 }, 'now'],
  ])('refuses %s with CONFIG_INVALID naming it', (_name, change, path) => {
    let thrown: unknown;
    try {
      gmailPlugin({ ...valid, ...change } as GmailOptions);
    } catch (error) {
      thrown = error;
    }
    expect(isNuvatraError(thrown, 'CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toContain(path);
  });
});
