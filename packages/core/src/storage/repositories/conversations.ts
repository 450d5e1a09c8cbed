import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import { type PageRequest, type Provider, providerSchema } from '../../schemas/common.js';
import {
  appendMessageInputSchema,
  type Channel,
  type Conversation,
  conversationSchema,
  createConversationInputSchema,
  type Message,
  type MessageDeliveryStatus,
  type MessageStatusUpdate,
  messageDeliveryStatusSchema,
  messageSchema,
  messageStatusUpdateSchema,
} from '../../schemas/conversation.js';
import type { Row } from '../driver.js';
import { byId, notFound, readPage, rowParser } from '../entity.js';
import { createId } from '../ids.js';
import type { RepositoryContext } from './context.js';

export function conversationsRepository({ tenantId, session, now }: RepositoryContext) {
  const fromRow = rowParser(conversationSchema, 'conversation');
  return {
    async get(id: string): Promise<Conversation | null> {
      const row = await session.findOne('conversations', byId(id));
      return row ? fromRow(row) : null;
    },
    list: (page?: PageRequest) => readPage(session, 'conversations', fromRow, page),
    async create(input: unknown): Promise<Conversation> {
      const values = parseOrThrow(createConversationInputSchema, input, 'conversation');
      const timestamp = now();
      const conversation: Conversation = {
        ...values,
        id: createId('conv'),
        tenantId,
        lastMessageAt: null,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      await session.insert('conversations', conversation as Row);
      return conversation;
    },
    /** The conversation with this participant on this channel, started if there is none. */
    async findOrCreate(channel: Channel, participant: string): Promise<Conversation> {
      const existing = await session.findOne('conversations', [
        { field: 'channel', value: channel },
        { field: 'participant', value: participant },
      ]);
      return existing ? fromRow(existing) : this.create({ channel, participant });
    },
  };
}
export type ConversationsRepository = ReturnType<typeof conversationsRepository>;

const deliveryStages: Record<MessageDeliveryStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
};

/** A status's place in the order; one outside it (none yet, `received`, a provider's own) comes before them all. */
function deliveryStage(status: string | null): number {
  const known = messageDeliveryStatusSchema.safeParse(status);
  return known.success ? deliveryStages[known.data] : -1;
}

export function messagesRepository({ tenantId, session, now }: RepositoryContext) {
  const fromRow = rowParser(messageSchema, 'message');
  return {
    /**
     * Appends a message. A message whose provider id is already stored is not stored again: the stored one
     * comes back with `duplicate: true`.
     */
    async append(conversationId: string, input: unknown): Promise<{ message: Message; duplicate: boolean }> {
      const values = parseOrThrow(appendMessageInputSchema, input, 'message');
      const conversation = await session.findOne('conversations', byId(conversationId));
      if (!conversation) notFound('conversation', conversationId);
      const timestamp = now();
      const message: Message = { ...values, id: createId('msg'), tenantId, conversationId, createdAt: timestamp };
      const inserted = await session.insertIfAbsent('messages', message as Row);
      if (!inserted) {
        const stored = await session.findOne('messages', [
          { field: 'provider', value: values.provider },
          { field: 'providerMessageId', value: values.providerMessageId },
        ]);
        if (stored) return { message: fromRow(stored), duplicate: true };
        throw createHttpError('CONFLICT', 'The message could not be stored: its id is already taken.');
      }
      await session.update('conversations', byId(conversationId), { lastMessageAt: timestamp, updatedAt: timestamp });
      return { message, duplicate: false };
    },
    async get(id: string): Promise<Message | null> {
      const row = await session.findOne('messages', byId(id));
      return row ? fromRow(row) : null;
    },
    /**
     * Moves the message with this provider id to a later delivery status. Statuses arrive out of order and more
     * than once, so a status that is not later than the stored one changes nothing (a late `sent` after
     * `delivered`, a second `delivered`, anything after a final status). The time of the status and the provider's
     * error are kept in `metadata.statusAt` and `metadata.statusError`. null when no message of this tenant has the
     * id: a status can arrive before the message it is about is stored.
     */
    async updateStatus(
      provider: Provider,
      providerMessageId: string,
      update: MessageStatusUpdate,
    ): Promise<Message | null> {
      const { status, error, at } = parseOrThrow(messageStatusUpdateSchema, update, 'message status');
      if (!providerSchema.safeParse(provider).success || !providerMessageId) return null;
      const byProviderId = [
        { field: 'provider', value: provider },
        { field: 'providerMessageId', value: providerMessageId },
      ];
      // Compare-and-set on the stored status: a concurrent update that moved it first makes this one read again,
      // so two statuses racing can never leave the earlier one stored. Each retry follows a forward move: it ends.
      for (;;) {
        const row = await session.findOne('messages', byProviderId);
        if (!row) return null;
        const stored = fromRow(row);
        if (deliveryStage(status) <= deliveryStage(stored.status)) return stored;
        const { statusError: _previous, ...metadata } = stored.metadata;
        const next = parseOrThrow(
          messageSchema,
          {
            ...stored,
            status,
            metadata: { ...metadata, statusAt: at ?? now(), ...(error ? { statusError: error } : {}) },
          },
          'message',
        );
        const changed = await session.update(
          'messages',
          [...byId(stored.id), { field: 'status', value: stored.status }],
          {
            status: next.status,
            metadata: next.metadata,
          },
        );
        if (changed > 0) return next;
      }
    },
    async list(conversationId: string, page?: PageRequest) {
      if (!(await session.findOne('conversations', byId(conversationId)))) notFound('conversation', conversationId);
      return readPage(session, 'messages', fromRow, page, [{ field: 'conversationId', value: conversationId }]);
    },
  };
}
export type MessagesRepository = ReturnType<typeof messagesRepository>;
