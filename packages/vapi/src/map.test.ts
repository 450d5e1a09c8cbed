import { describe, expect, it } from 'vitest';
import { isStatusProgress, toCallFacts, toCallStatus } from './map.js';
import { toolCallsSchema } from './schemas.js';

const message = (call: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  toolCallsSchema.parse({ type: 'tool-calls', toolCallList: [], call: { id: 'vapi-1', ...call }, ...extra });

describe('toCallFacts', () => {
  it('reads the called number, the caller and Twilio’s forwarding line', () => {
    const facts = toCallFacts(
      message(
        { type: 'inboundPhoneCall', transport: { provider: 'twilio', forwardedFrom: '+1 555 010 7777' } },
        { phoneNumber: { number: '+15550100001' }, customer: { number: '+15550109999' } },
      ),
    );
    expect(facts).toEqual({
      vapiCallId: 'vapi-1',
      to: '+15550100001',
      from: '+15550109999',
      forwardedFrom: '+15550107777',
      direction: 'inbound',
      claim: { kind: 'none' },
    });
  });

  it('reads a SIP Diversion header as the forwarding line', () => {
    const sip = { sip: { headers: { Diversion: '<sip:+15550107777@carrier.example>;reason=unconditional' } } };
    expect(toCallFacts(message({ phoneCallProviderDetails: sip })).forwardedFrom).toBe('+15550107777');
  });

  it('takes a withheld caller as null', () => {
    expect(toCallFacts(message({ customer: { number: 'anonymous' } })).from).toBeNull();
  });

  it('reads the metadata claim wherever Vapi echoes it, and refuses copies that disagree', () => {
    const claim = { tenantId: 'ten_a', callId: 'call_1' };
    expect(toCallFacts(message({}, { assistant: { metadata: claim } })).claim).toEqual({ kind: 'call', ...claim });
    expect(toCallFacts(message({ assistantOverrides: { metadata: claim } })).claim).toEqual({ kind: 'call', ...claim });
    const split = message(
      { assistant: { metadata: { ...claim, callId: 'call_2' } } },
      { assistant: { metadata: claim } },
    );
    expect(toCallFacts(split).claim).toMatchObject({ kind: 'invalid', tenantId: 'ten_a' });
    expect(toCallFacts(message({ metadata: { tenantId: 'ten_a' } })).claim).toMatchObject({ kind: 'invalid' });
    expect(toCallFacts(message({ metadata: { source: 'crm' } })).claim).toEqual({ kind: 'none' });
  });
});

describe('toCallStatus', () => {
  it('maps Vapi’s statuses, and an ended call by why it ended', () => {
    expect(toCallStatus('queued')).toBe('queued');
    expect(toCallStatus('forwarding')).toBe('in-progress');
    expect(toCallStatus('ended', 'customer-ended-call')).toBe('completed');
    expect(toCallStatus('ended', 'customer-did-not-answer')).toBe('no-answer');
    expect(toCallStatus('ended', 'pipeline-error-openai-llm-failed')).toBe('failed');
    expect(toCallStatus('not-found')).toBeNull();
  });

  it('moves forward only', () => {
    expect(isStatusProgress('ringing', 'in-progress')).toBe(true);
    expect(isStatusProgress('completed', 'ringing')).toBe(false);
    expect(isStatusProgress('completed', 'failed')).toBe(false);
  });
});
