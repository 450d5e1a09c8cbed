import type { gmail_v1 } from '@googleapis/gmail';

type Part = gmail_v1.Schema$MessagePart;

/** The largest body kept; core's messages hold up to 100 000 characters. */
const maxBody = 100_000;

/** An email as it is stored: the sender is the conversation's participant, the Gmail id deduplicates it. */
export interface InboundEmail {
  participant: string;
  message: {
    direction: 'inbound';
    body: string;
    from: string;
    to: string;
    provider: 'google';
    providerMessageId: string;
    status: 'received';
    metadata: Record<string, string | null>;
  };
}

const clip = (value: string, length: number) => (value.length > length ? value.slice(0, length) : value);

function header(part: Part | undefined, name: string): string | null {
  const found = part?.headers?.find((entry) => entry.name?.toLowerCase() === name.toLowerCase());
  return found?.value ?? null;
}

/** `Ann Lee <Ann@Example.com>` → `ann@example.com`; null when there is no address in it. */
export function addressOf(value: string | null): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  const bare = bracketed ?? /([^\s<>",;:]+@[^\s<>",;:]+)/.exec(value)?.[1];
  return bare ? bare.toLowerCase() : null;
}

/** Gmail's base64url part data as text. */
export function decodeBase64Url(data: string): string {
  return Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** The first text/plain part, depth first (multipart/alternative puts it before the HTML). */
function plainText(part: Part | undefined): string | null {
  if (!part) return null;
  if (part.mimeType?.toLowerCase() === 'text/plain' && part.body?.data && !part.filename) {
    return decodeBase64Url(part.body.data);
  }
  for (const child of part.parts ?? []) {
    const text = plainText(child);
    if (text !== null) return text;
  }
  return null;
}

/**
 * A Gmail message (users.messages.get, format=full) as an inbound message of the tenant's email conversation with
 * its sender; null for what is not someone's mail to the mailbox (our own sent mail, drafts, no sender).
 */
export function toInboundEmail(message: gmail_v1.Schema$Message, mailbox: string): InboundEmail | null {
  if (!message.id) return null;
  const labels = message.labelIds ?? [];
  if (labels.includes('SENT') || labels.includes('DRAFT')) return null;
  const from = addressOf(header(message.payload, 'From'));
  if (!from) return null;
  const body = plainText(message.payload) ?? message.snippet ?? '';
  const receivedAt = message.internalDate ? new Date(Number(message.internalDate)) : null;
  return {
    participant: clip(from, 320),
    message: {
      direction: 'inbound',
      body: clip(body, maxBody),
      from: clip(from, 320),
      to: clip(mailbox, 320),
      provider: 'google',
      providerMessageId: message.id,
      status: 'received',
      metadata: {
        subject: clip(header(message.payload, 'Subject') ?? '', 500),
        gmailThreadId: message.threadId ?? null,
        rfc822MessageId: header(message.payload, 'Message-ID'),
        receivedAt: receivedAt && !Number.isNaN(receivedAt.getTime()) ? receivedAt.toISOString() : null,
      },
    },
  };
}
