import { describe, expect, it } from 'vitest';
import { createTestApp, numbers } from './app.js';
import { assistantInitialization } from './payloads.js';

const variablesOf = async (response: Response) => {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await response.json()) as { dynamic_variables: Record<string, string> }).dynamic_variables;
};

describe('the AI Assistant’s dynamic variables', () => {
  it('are the school of the called number: its name, greeting, hours and services', async () => {
    const app = await createTestApp();
    const variables = await variablesOf(
      await app.post(assistantInitialization({ agentTarget: numbers.swimA, endUserTarget: numbers.parent })),
    );
    expect(variables).toMatchObject({
      business_name: 'Swim School A',
      greeting: 'Thanks for calling Swim School A! How can I help?',
      hours:
        'Monday: 09:00-17:00; Tuesday: closed; Wednesday: closed; Thursday: closed; Friday: closed; Saturday: 08:00-12:00; Sunday: closed (America/New_York)',
      services: 'Swim School A toddler splash (30 min, $25); Adult lessons (45 min)',
      timezone: 'America/New_York',
      language: 'en',
    });
  });

  it('follow the called number, never the caller: B’s number called from A’s number answers B', async () => {
    const app = await createTestApp();
    const variables = await variablesOf(
      await app.post(assistantInitialization({ agentTarget: numbers.swimB, endUserTarget: numbers.swimA })),
    );
    expect(variables.business_name).toBe('Swim School B');
    expect(JSON.stringify(variables)).not.toContain('Swim School A');
  });

  it('carry no school’s data for a number nobody registered, a suspended school, or a SIP address', async () => {
    const app = await createTestApp();
    for (const agentTarget of [numbers.unregistered, numbers.paused, 'sip:frontdesk@swim.sip.telnyx.com']) {
      const variables = await variablesOf(
        await app.post(assistantInitialization({ agentTarget, endUserTarget: numbers.parent })),
      );
      expect(variables).toEqual({});
    }
  });

  it('carry no school’s data when the asking assistant is not the one registered for the number', async () => {
    const app = await createTestApp();
    const event = assistantInitialization({ agentTarget: numbers.swimA, endUserTarget: numbers.parent });
    const withAssistant = {
      ...event,
      data: { ...event.data, payload: { ...event.data.payload, assistant_id: 'assistant-other' } },
    };
    expect(await variablesOf(await app.post(withAssistant))).toEqual({});
  });

  it('are refused to a request Telnyx did not sign', async () => {
    const app = await createTestApp();
    const response = await app.post(
      assistantInitialization({ agentTarget: numbers.swimA, endUserTarget: numbers.parent }),
      {
        signature: null,
      },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('Swim School A');
  });
});
