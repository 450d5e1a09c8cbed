import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDevelopmentProviders, developmentProvidersFile } from '../src/index.js';
import { cli, temporaryDirectory } from './run.js';
import { callsOf, numbers, startTestServer } from './server.js';

const callSidPattern = /CallSid (CA[0-9a-f]{32})/;

describe('nuvatra simulate call', () => {
  it('stores the call under the tenant whose number was called, hands it to Vapi, and exits 0', async () => {
    const server = await startTestServer();
    const run = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', server.url], server.env);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('The server answered 200.');
    expect(run.stdout).toContain('The call was handed to a voice agent:');
    expect(run.stdout).toContain('<Connect><Stream url="wss://');
    const callSid = callSidPattern.exec(run.stdout)?.[1];
    expect(run.stdout).toContain(`Next: nuvatra simulate end-of-call --call-sid ${callSid}`);
    expect(await callsOf(server, server.tenants.sunrise)).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        providerCallId: callSid,
        direction: 'inbound',
        from: numbers.caller,
        to: numbers.sunrise,
        status: 'ringing',
        metadata: { agent: 'vapi', agentCallId: 'vapi-call-1' },
      }),
    ]);
    expect(await callsOf(server, server.tenants.harbor)).toEqual([]);
  });

  it('without a voice agent, still stores the call, says what the caller hears and suggests a report by number', async () => {
    const server = await startTestServer({ voiceAgent: false });
    const run = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', server.url], server.env);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No voice agent took the call; the caller hears:');
    expect(run.stdout).toContain(`Next: nuvatra simulate end-of-call --to ${numbers.sunrise} --from ${numbers.caller}`);
    expect(await callsOf(server, server.tenants.sunrise)).toEqual([
      expect.objectContaining({ providerCallId: callSidPattern.exec(run.stdout)?.[1], to: numbers.sunrise }),
    ]);
  });

  it('sends what Twilio documents: CallSid, AccountSid, Caller and Called, ForwardedFrom, in --json output', async () => {
    const server = await startTestServer();
    const run = await cli(
      [
        'simulate',
        'call',
        '--to',
        numbers.harbor,
        '--from',
        '+1 415 555 0199',
        '--forwarded-from',
        '+15557770000',
        '--server',
        server.url,
        '--json',
      ],
      server.env,
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = run.json();
    expect(result).toMatchObject({
      command: 'simulate call',
      ok: true,
      status: 200,
      accountSid: server.credentials.twilio.accountSid,
      to: numbers.harbor,
      from: '+14155550199',
      forwardedFrom: '+15557770000',
      signedWith: 'environment',
      outcome: { handedOff: true },
    });
    expect(result.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(JSON.stringify(result)).not.toContain(server.credentials.twilio.authToken);
    const [call] = await callsOf(server, server.tenants.harbor);
    expect(call).toMatchObject({ providerCallId: result.callSid, forwardedFrom: '+15557770000' });
  });

  it('signed with the wrong auth token is refused by the server with 403, and exits 1', async () => {
    const server = await startTestServer();
    const env = { ...server.env, TWILIO_AUTH_TOKEN: 'not-the-servers-auth-token' };
    const run = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', server.url], env);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The server answered 403 INVALID_SIGNATURE');
    expect(await callsOf(server, server.tenants.sunrise)).toEqual([]);
  });

  it('signed for another public URL than the server’s is refused with 403, and exits 1', async () => {
    const server = await startTestServer();
    const run = await cli(
      [
        'simulate',
        'call',
        '--to',
        numbers.sunrise,
        '--server',
        server.url,
        '--public-url',
        'https://elsewhere.example',
        '--json',
      ],
      server.env,
    );

    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ ok: false, status: 403, error: { code: 'INVALID_SIGNATURE' } });
  });

  it('reads the credentials from development-providers.json when the environment has none', async () => {
    const server = await startTestServer();
    writeFileSync(developmentProvidersFile(server.dataDir), JSON.stringify(server.credentials));
    const run = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', server.url, '--json'], {
      NUVATRA_DATA_DIR: server.dataDir,
    });

    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ status: 200, signedWith: 'development-providers.json' });
  });

  it('without credentials in the environment or a development file, exits 2 naming the variables to set', async () => {
    const dataDir = temporaryDirectory();
    const run = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', 'http://127.0.0.1:9'], {
      NUVATRA_DATA_DIR: dataDir,
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
    expect(run.stderr).toContain(developmentProvidersFile(dataDir));
  });

  it('exits 1 with a hint when no server listens at --server', async () => {
    const { twilio } = createDevelopmentProviders();
    const env = { TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken };
    const run = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', 'http://127.0.0.1:9'], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not reach http://127.0.0.1:9/api/webhooks/twilio/voice');
  });
});

describe('nuvatra simulate end-of-call', () => {
  it('after a simulated call, stores the transcript and summary on that same call', async () => {
    const server = await startTestServer();
    const call = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', server.url, '--json'], server.env);
    const callSid = String(call.json().callSid);
    const report = await cli(
      [
        'simulate',
        'end-of-call',
        '--call-sid',
        callSid,
        '--transcript',
        'AI: Sunrise Dental, hello!\\nUser: Are you open on Saturday?',
        '--summary',
        'Asked about Saturday.',
        '--server',
        server.url,
        '--json',
      ],
      server.env,
    );

    expect(report.code).toBe(0);
    const [stored] = await callsOf(server, server.tenants.sunrise);
    expect(report.json()).toMatchObject({
      status: 200,
      vapiCallId: 'vapi-call-1',
      callSid,
      tenantId: server.tenants.sunrise,
      callId: stored?.id,
    });
    expect(stored).toMatchObject({
      providerCallId: callSid,
      transcript: 'AI: Sunrise Dental, hello!\nUser: Are you open on Saturday?',
      summary: 'Asked about Saturday.',
      endedReason: 'customer-ended-call',
      durationSeconds: 95,
      messages: [
        expect.objectContaining({ role: 'assistant', text: 'Sunrise Dental, hello!' }),
        expect.objectContaining({ role: 'user', text: 'Are you open on Saturday?' }),
      ],
    });
    expect(await callsOf(server, server.tenants.sunrise)).toHaveLength(1);
  });

  it('with the wrong server secret is refused by the server, and exits 1', async () => {
    const server = await startTestServer();
    const call = await cli(['simulate', 'call', '--to', numbers.sunrise, '--server', server.url, '--json'], server.env);
    const env = { ...server.env, VAPI_SERVER_SECRET: 'a-wrong-secret-of-enough-length' };
    const report = await cli(
      ['simulate', 'end-of-call', '--call-sid', String(call.json().callSid), '--server', server.url],
      env,
    );

    expect(report.code).toBe(1);
    expect(report.stdout).toContain('The server answered 403 INVALID_SIGNATURE');
    const [stored] = await callsOf(server, server.tenants.sunrise);
    expect(stored?.transcript).toBeNull();
  });

  it('for a CallSid no call has exits 1 and sends nothing', async () => {
    const server = await startTestServer();
    const run = await cli(
      ['simulate', 'end-of-call', '--call-sid', `CA${'0'.repeat(32)}`, '--server', server.url],
      server.env,
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No call with CallSid CA${'0'.repeat(32)}`);
  });

  it('without --call-sid, reports a call Vapi answered itself, stored under the tenant of --to', async () => {
    const server = await startTestServer();
    const run = await cli(
      ['simulate', 'end-of-call', '--to', numbers.harbor, '--server', server.url, '--json'],
      server.env,
    );

    expect(run.code).toBe(0);
    expect(await callsOf(server, server.tenants.harbor)).toEqual([
      expect.objectContaining({
        provider: 'vapi',
        providerCallId: run.json().vapiCallId,
        to: numbers.harbor,
        from: numbers.caller,
        status: 'completed',
        summary: 'The caller booked an appointment for Tuesday at 10:00.',
      }),
    ]);
  });
});

describe('nuvatra simulate sms', () => {
  it('stores the message in the tenant’s SMS conversation with the sender', async () => {
    const server = await startTestServer();
    const run = await cli(
      [
        'simulate',
        'sms',
        '--to',
        numbers.harbor,
        '--from',
        numbers.caller,
        '--body',
        'A table for two at 8?',
        '--server',
        server.url,
        '--json',
      ],
      server.env,
    );

    expect(run.code).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ status: 200, to: numbers.harbor });
    expect(result.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    const messages = await server.storage.withTenant(server.tenants.harbor, async (scope) => {
      const [conversation] = (await scope.conversations.list()).items;
      return conversation ? (await scope.messages.list(conversation.id)).items : [];
    });
    expect(messages).toEqual([
      expect.objectContaining({
        direction: 'inbound',
        body: 'A table for two at 8?',
        from: numbers.caller,
        providerMessageId: result.messageSid,
      }),
    ]);
  });
});

describe('nuvatra simulate clerk-event', () => {
  it('organization.created creates the tenant linked to the organisation, with its creator as owner', async () => {
    const server = await startTestServer();
    const run = await cli(
      [
        'simulate',
        'clerk-event',
        'organization.created',
        '--data',
        '{"name":"Bright Smiles","slug":"bright-smiles","created_by":"user_2brightowner"}',
        '--server',
        server.url,
        '--json',
      ],
      server.env,
    );

    expect(run.code).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ status: 200, response: { received: true, handled: true, duplicate: false } });
    const tenantId = await server.storage.routing.tenantIdByExternalId('clerk_org', String(result.id));
    expect(tenantId).not.toBeNull();
    const tenant = await server.storage.tenants.get(String(tenantId));
    expect(tenant).toMatchObject({ slug: 'bright-smiles', name: 'Bright Smiles' });
    const members = await server.storage.withTenant(String(tenantId), (scope) => scope.members.list());
    expect(members).toEqual([expect.objectContaining({ userId: 'user_2brightowner', role: 'owner' })]);
  });

  it('organizationMembership.created for that organisation adds the member; user.created is stored', async () => {
    const server = await startTestServer();
    const org = await cli(
      ['simulate', 'clerk-event', 'organization.created', '--server', server.url, '--json'],
      server.env,
    );
    const orgId = String(org.json().id);
    const member = await cli(
      [
        'simulate',
        'clerk-event',
        'organizationMembership.created',
        '--data',
        JSON.stringify({ organization: { id: orgId }, public_user_data: { user_id: 'user_2member' } }),
        '--server',
        server.url,
      ],
      server.env,
    );
    const user = await cli(['simulate', 'clerk-event', 'user.created', '--server', server.url, '--json'], server.env);

    expect([org.code, member.code, user.code]).toEqual([0, 0, 0]);
    const tenantId = String(await server.storage.routing.tenantIdByExternalId('clerk_org', orgId));
    const members = await server.storage.withTenant(tenantId, (scope) => scope.members.list());
    expect(members).toEqual([expect.objectContaining({ userId: 'user_2member', role: 'admin' })]);
    expect(await server.storage.users.get(String(user.json().id))).not.toBeNull();
  });

  it('signed with another secret is refused with 403 and exits 1', async () => {
    const server = await startTestServer();
    const env = {
      ...server.env,
      CLERK_WEBHOOK_SIGNING_SECRET: createDevelopmentProviders().clerk.webhookSigningSecret,
    };
    const run = await cli(['simulate', 'clerk-event', 'user.created', '--server', server.url], env);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The server answered 403');
  });

  it('refuses an event type it does not simulate, and --data that is not a JSON object, with exit 2', async () => {
    const wrongType = await cli(['simulate', 'clerk-event', 'session.created']);
    const wrongData = await cli(['simulate', 'clerk-event', 'user.created', '--data', '[1]']);

    expect([wrongType.code, wrongData.code]).toEqual([2, 2]);
    expect(wrongType.stderr).toContain(
      '<type> must be one of organization.created, user.created, organizationMembership.created',
    );
    expect(wrongData.stderr).toContain('--data must be a JSON object');
  });
});
