import type { Call } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { diversionNumber, numberFromAddress, toCallStatus, toStatusUpdate } from './map.js';
import { statusCallbackSchema } from './schemas.js';

describe('numberFromAddress', () => {
  it.each([
    ['+15551111111', '+15551111111'],
    ['tel:+15551111111', '+15551111111'],
    ['sip:+15551111111@carrier.example.com', '+15551111111'],
    ['sip:+15551111111@carrier.example.com;user=phone', '+15551111111'],
    ['sips:+15551111111;npdi@carrier.example.com', '+15551111111'],
    ['"Clinic A" <sip:+15551111111@carrier.example.com>;reason=unconditional', '+15551111111'],
    ['<tel:+15551111111>;reason=no-answer;counter=1', '+15551111111'],
  ])('reads %s as %s', (address, number) => {
    expect(numberFromAddress(address)).toBe(number);
  });

  it('reads national numbers only with the called number’s country', () => {
    expect(numberFromAddress('5551111111')).toBeNull();
    expect(numberFromAddress('5551111111', 'US')).toBe('+15551111111');
    expect(numberFromAddress('sip:15551111111@carrier.example.com', 'US')).toBe('+15551111111');
  });

  it.each([
    'Anonymous',
    'anonymous',
    'Restricted',
    '+266696687',
    '+7378742833',
    '+2562533',
    '+8656696',
    '+86282452253',
    'client:alice',
    'sip:frontdesk@pbx.example.com',
    '',
    undefined,
  ])('finds no caller in %s', (address) => {
    expect(numberFromAddress(address)).toBeNull();
  });
});

describe('diversionNumber', () => {
  it('takes the newest diversion of a chain: the line that forwarded the call here', () => {
    const header =
      '<sip:+15551111111@a.example;user=phone>;reason=unconditional, <sip:+15552222222@b.example>;reason=user-busy';
    expect(diversionNumber(header)).toBe('+15551111111');
  });
});

describe('toStatusUpdate', () => {
  const stored = (fields: Partial<Call>) =>
    ({ status: 'queued', startedAt: null, endedAt: null, durationSeconds: null, ...fields }) as Call;
  const callback = (fields: Record<string, string>) =>
    statusCallbackSchema.parse({
      CallSid: `CA${'1'.repeat(32)}`,
      AccountSid: `AC${'1'.repeat(32)}`,
      To: '+15553333333',
      ...fields,
    });
  const receivedAt = new Date('2026-05-12T10:00:00.000Z');

  it('dates a completed call from Twilio’s Timestamp and CallDuration', () => {
    expect(
      toStatusUpdate(
        stored({}),
        callback({ CallStatus: 'completed', CallDuration: '90', Timestamp: 'Tue, 12 May 2026 10:01:30 +0000' }),
        receivedAt,
      ),
    ).toEqual({
      status: 'completed',
      endedAt: '2026-05-12T10:01:30.000Z',
      durationSeconds: 90,
      startedAt: '2026-05-12T10:00:00.000Z',
    });
  });

  it('uses the time it arrived when Twilio sends no Timestamp', () => {
    expect(toStatusUpdate(stored({}), callback({ CallStatus: 'in-progress' }), receivedAt)).toEqual({
      status: 'in-progress',
      startedAt: '2026-05-12T10:00:00.000Z',
    });
  });

  it('changes nothing for a status Twilio may add later, or for one older than the stored one', () => {
    expect(toStatusUpdate(stored({}), callback({ CallStatus: 'teleported' }), receivedAt)).toEqual({});
    expect(toStatusUpdate(stored({ status: 'in-progress' }), callback({ CallStatus: 'ringing' }), receivedAt)).toEqual(
      {},
    );
  });

  it('maps every documented CallStatus', () => {
    const documented = [
      'queued',
      'initiated',
      'ringing',
      'in-progress',
      'completed',
      'busy',
      'failed',
      'no-answer',
      'canceled',
    ];
    expect(documented.map(toCallStatus)).toEqual([
      'queued',
      'queued',
      'ringing',
      'in-progress',
      'completed',
      'busy',
      'failed',
      'no-answer',
      'canceled',
    ]);
  });
});
