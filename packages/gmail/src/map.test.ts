import { describe, expect, it } from 'vitest';
import { addressOf, decodeBase64Url, toInboundEmail } from './map.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('a Gmail message as a stored email', () => {
  it('reads the sender address out of a From header', () => {
    expect(addressOf('Ann Lee <Ann.Lee@Example.com>')).toBe('ann.lee@example.com');
    expect(addressOf('ann@example.com')).toBe('ann@example.com');
    expect(addressOf('"Lee, Ann" <ann@example.com>')).toBe('ann@example.com');
    expect(addressOf('undisclosed-recipients:;')).toBeNull();
    expect(addressOf(null)).toBeNull();
  });

  it('decodes base64url bodies, non-ASCII included', () => {
    expect(decodeBase64Url(b64('Grüße — see you at 9?'))).toBe('Grüße — see you at 9?');
  });

  it('keeps the text/plain part of a nested multipart message, not the HTML or an attachment', () => {
    const email = toInboundEmail(
      {
        id: 'm1',
        threadId: 't1',
        labelIds: ['INBOX'],
        payload: {
          mimeType: 'multipart/mixed',
          headers: [
            { name: 'From', value: 'Parent <parent@example.com>' },
            { name: 'subject', value: 'Booking' },
          ],
          parts: [
            { mimeType: 'text/plain', filename: 'notes.txt', body: { attachmentId: 'a1', size: 10 } },
            {
              mimeType: 'multipart/alternative',
              parts: [
                { mimeType: 'text/plain', filename: '', body: { data: b64('Plain words') } },
                { mimeType: 'text/html', filename: '', body: { data: b64('<b>Rich</b>') } },
              ],
            },
          ],
        },
      },
      'desk@swim.example.com',
    );
    expect(email).toMatchObject({
      participant: 'parent@example.com',
      message: { body: 'Plain words', providerMessageId: 'm1', metadata: { subject: 'Booking', gmailThreadId: 't1' } },
    });
  });

  it('skips what is not mail to the mailbox: sent, drafts, no sender', () => {
    const payload = { headers: [{ name: 'From', value: 'desk@swim.example.com' }] };
    expect(toInboundEmail({ id: 'm1', labelIds: ['SENT'], payload }, 'desk@swim.example.com')).toBeNull();
    expect(toInboundEmail({ id: 'm2', labelIds: ['DRAFT'], payload }, 'desk@swim.example.com')).toBeNull();
    expect(toInboundEmail({ id: 'm3', labelIds: ['INBOX'], payload: {} }, 'desk@swim.example.com')).toBeNull();
  });
});
