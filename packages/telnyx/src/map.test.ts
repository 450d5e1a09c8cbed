import { describe, expect, it } from 'vitest';
import { numberFromAddress, summaryOf, toCallStatus, toMessageStatusUpdate, toTranscript } from './map.js';
import type { TelnyxCallPayload, TelnyxMessagePayload } from './schemas.js';

const call = (hangup_cause?: string) =>
  ({ call_control_id: 'v3:x', from: '', to: '+15551110001', hangup_cause }) as TelnyxCallPayload;

describe('numberFromAddress', () => {
  it('reads E.164 numbers and SIP URIs whose user is a number', () => {
    expect(numberFromAddress('+15551110001')).toBe('+15551110001');
    expect(numberFromAddress('sip:+15551110001@sip.telnyx.com')).toBe('+15551110001');
    expect(numberFromAddress('+15551110001@sip.telnyx.com')).toBe('+15551110001');
  });

  it('finds no number in a SIP user name or a withheld caller', () => {
    expect(numberFromAddress('jamesw@assistant-d9082b56.sip.telnyx.com')).toBeNull();
    expect(numberFromAddress('anonymous')).toBeNull();
    expect(numberFromAddress('')).toBeNull();
  });
});

const sentMessage = (status: string, errors: TelnyxMessagePayload['errors'] = []) =>
  ({
    id: 'msg-1',
    direction: 'outbound',
    from: { phone_number: '+15551110001' },
    to: [{ phone_number: '+14155550123', status }],
    media: [],
    errors,
  }) as TelnyxMessagePayload;

describe('toMessageStatusUpdate', () => {
  it('maps every per-recipient state Telnyx documents to ours', () => {
    const statuses = Object.fromEntries(
      ['queued', 'sending', 'sent', 'delivered', 'delivery_unconfirmed', 'sending_failed', 'delivery_failed'].map(
        (state) => [state, toMessageStatusUpdate(sentMessage(state))?.status],
      ),
    );
    expect(statuses).toEqual({
      queued: 'queued',
      sending: 'sending',
      sent: 'sent',
      delivered: 'delivered',
      delivery_unconfirmed: 'sent',
      sending_failed: 'failed',
      delivery_failed: 'undelivered',
    });
  });

  it('keeps when it happened and Telnyx’s first error, and ignores a state it does not know', () => {
    const failed = sentMessage('delivery_failed', [{ code: '40300', title: 'Blocked as spam' }]);
    expect(toMessageStatusUpdate(failed, '2030-01-01T10:00:00.000Z')).toEqual({
      status: 'undelivered',
      at: '2030-01-01T10:00:00.000Z',
      error: { code: '40300', message: 'Blocked as spam' },
    });
    expect(toMessageStatusUpdate(sentMessage('webhook_delivered'))).toBeNull();
  });
});

describe('toCallStatus', () => {
  it('maps Call Control events and hang-up causes', () => {
    expect(toCallStatus('call.initiated', call(), false)).toBe('ringing');
    expect(toCallStatus('call.answered', call(), false)).toBe('in-progress');
    expect(toCallStatus('call.hangup', call('normal_clearing'), true)).toBe('completed');
    expect(toCallStatus('call.hangup', call('normal_clearing'), false)).toBe('canceled');
    expect(toCallStatus('call.hangup', call('user_busy'), false)).toBe('busy');
    expect(toCallStatus('call.hangup', call('timeout'), false)).toBe('no-answer');
    expect(toCallStatus('call.speak.ended', call(), true)).toBeNull();
  });
});

describe('toTranscript', () => {
  it('orders turns oldest first, drops empty ones, and times them from the call’s start', () => {
    const { transcript, messages } = toTranscript(
      [
        { role: 'user', text: 'Hi', sent_at: '2026-05-02T13:00:10Z' },
        { role: 'assistant', text: '', sent_at: '2026-05-02T13:00:05Z' },
        { role: 'assistant', text: 'Hello!', sent_at: '2026-05-02T13:00:02Z' },
      ],
      '2026-05-02T13:00:00.000Z',
    );
    expect(transcript).toBe('AI: Hello!\nUser: Hi');
    expect(messages).toEqual([
      { role: 'assistant', text: 'Hello!', secondsFromStart: 2 },
      { role: 'user', text: 'Hi', secondsFromStart: 10 },
    ]);
  });
});

describe('summaryOf', () => {
  it('is the first completed insight, and null while insights are pending', () => {
    const result = (status: string) => ({
      data: [{ status, conversation_insights: [{ insight_id: 'i', result: ' Booked a class. ' }] }],
    });
    expect(summaryOf(result('completed'))).toBe('Booked a class.');
    expect(summaryOf(result('pending'))).toBeNull();
  });
});
