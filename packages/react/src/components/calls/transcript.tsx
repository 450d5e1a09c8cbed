import type { Call } from '@nuvatra/core';
import { Empty } from '../../ui/states.js';

type Speaker = Call['messages'][number]['role'];

const speakerNames: Record<Speaker, string> = {
  assistant: 'Receptionist',
  user: 'Caller',
  system: 'System',
  tool: 'Tool',
};

/** "1:05" from the start of the call. */
function formatOffset(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** A call's transcript as a conversation; the plain text when the provider sent no turns. */
export function Transcript({ messages, text }: { messages: Call['messages']; text: string | null }) {
  if (messages.length > 0) {
    return (
      <ol className="nv-transcript" aria-label="Transcript">
        {messages.map((message, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a transcript never reorders and its turns carry no id.
          <li key={index} className={`nv-bubble nv-bubble--${message.role}`}>
            <span className="nv-bubble__meta">
              <span className="nv-bubble__speaker">{speakerNames[message.role]}</span>
              {message.secondsFromStart !== undefined ? (
                <time className="nv-bubble__time" dateTime={`PT${Math.floor(message.secondsFromStart)}S`}>
                  {formatOffset(message.secondsFromStart)}
                </time>
              ) : null}
            </span>
            <p className="nv-bubble__text">{message.text}</p>
          </li>
        ))}
      </ol>
    );
  }
  if (text) return <p className="nv-transcript__text">{text}</p>;
  return <Empty>No transcript</Empty>;
}
