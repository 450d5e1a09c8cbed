import type { Conversation } from '@nuvatra/core';
import { useMessages } from '../../hooks/dashboard.js';
import { formatDateTime } from '../../ui/format.js';
import { QueryState } from '../../ui/states.js';
import { channelName, counterpartName } from './conversation-labels.js';
import { LoadMore } from './load-more.js';

interface ConversationThreadProps {
  conversation: Conversation;
  pageSize: number;
  timeZone: string | undefined;
}

/** One conversation's messages, read top to bottom like a chat; earlier pages load above. */
export function ConversationThread({ conversation, pageSize, timeZone }: ConversationThreadProps) {
  const messages = useMessages(conversation.id, { limit: pageSize });
  const counterpart = counterpartName(conversation);
  return (
    <section className="nv-thread" aria-label={`Messages with ${counterpart}`}>
      <h3 className="nv-thread__heading">
        {channelName(conversation.channel)} with {counterpart}
      </h3>
      {conversation.subject ? <p className="nv-thread__subject">{conversation.subject}</p> : null}
      <LoadMore query={messages} label="Load earlier messages" />
      <QueryState
        query={messages}
        loading="Loading messages…"
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        empty="No messages in this conversation."
      >
        {(data) => (
          // The API pages newest first; a chat reads oldest first.
          <ol className="nv-thread__messages" aria-label="Messages, oldest first">
            {data.pages
              .flatMap((page) => page.items)
              .reverse()
              .map((message) => (
                <li key={message.id} className={`nv-bubble nv-bubble--${message.direction}`}>
                  <span className="nv-bubble__meta">
                    <span className="nv-bubble__speaker">{message.direction === 'inbound' ? 'Received' : 'Sent'}</span>
                    <time className="nv-bubble__time" dateTime={message.createdAt}>
                      {formatDateTime(message.createdAt, timeZone)}
                    </time>
                  </span>
                  <p className="nv-bubble__text">{message.body}</p>
                </li>
              ))}
          </ol>
        )}
      </QueryState>
    </section>
  );
}
