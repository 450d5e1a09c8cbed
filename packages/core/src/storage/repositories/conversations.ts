import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import type { PageRequest } from '../../schemas/common.js';
import {
  appendMessageInputSchema,
  type Channel,
  type Conversation,
  conversationSchema,
  createConversationInputSchema,
  type Message,
  messageSchema,
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
    async list(conversationId: string, page?: PageRequest) {
      if (!(await session.findOne('conversations', byId(conversationId)))) notFound('conversation', conversationId);
      return readPage(session, 'messages', fromRow, page, [{ field: 'conversationId', value: conversationId }]);
    },
  };
}
export type MessagesRepository = ReturnType<typeof messagesRepository>;
