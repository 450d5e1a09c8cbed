import type { Conversation } from '@nuvatra/core';
import { useState } from 'react';
import { useConversations } from '../../hooks/dashboard.js';
import { formatDateTime } from '../../ui/format.js';
import { Panel, QueryState } from '../../ui/states.js';
import { channelName, counterpartName } from './conversation-labels.js';
import { ConversationThread } from './conversation-thread.js';
import { LoadMore } from './load-more.js';

export interface ConversationsProps {
  /** Conversations, and messages of the open one, fetched per page (1–200). */
  pageSize?: number;
  /** The tenant's IANA time zone (the browser's otherwise). */
  timeZone?: string;
}

/** SMS, WhatsApp, email and web conversations, newest first; the selected one's messages beside them. */
export function Conversations({ pageSize = 25, timeZone }: ConversationsProps) {
  const conversations = useConversations({ limit: pageSize });
  const [selected, setSelected] = useState<Conversation | null>(null);
  return (
    <Panel title="Conversations" className="nv-conversations">
      <div className="nv-conversations__layout">
        <div className="nv-conversations__index">
          <QueryState
            query={conversations}
            loading="Loading conversations…"
            isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
            empty="No conversations yet."
          >
            {(data) => (
              <ul className="nv-conversations__list" aria-label="Conversations">
                {data.pages
                  .flatMap((page) => page.items)
                  .map((conversation) => (
                    <li key={conversation.id}>
                      <button
                        type="button"
                        className="nv-conversations__item"
                        aria-current={conversation.id === selected?.id ? 'true' : undefined}
                        onClick={() => setSelected(conversation)}
                      >
                        <span className="nv-badge">{channelName(conversation.channel)}</span>{' '}
                        <span className="nv-conversations__counterpart">{counterpartName(conversation)}</span>
                        {conversation.subject ? (
                          <span className="nv-conversations__subject">{conversation.subject}</span>
                        ) : null}
                        <span className="nv-conversations__activity">
                          {conversation.lastMessageAt
                            ? `Last message ${formatDateTime(conversation.lastMessageAt, timeZone)}`
                            : 'No messages yet'}
                        </span>
                      </button>
                    </li>
                  ))}
              </ul>
            )}
          </QueryState>
          <LoadMore query={conversations} label="Load more conversations" />
        </div>
        {selected ? (
          <ConversationThread conversation={selected} pageSize={pageSize} timeZone={timeZone} />
        ) : (
          <p className="nv-empty nv-conversations__hint">Choose a conversation to read its messages.</p>
        )}
      </div>
    </Panel>
  );
}
