import { randomUUID } from 'node:crypto';

// Telnyx webhook bodies shaped like the documented ones (developers.telnyx.com, "Receiving Webhooks for
// Messaging", Call Control's callbacks, "Call conversation ended", and the AI Assistants' "Dynamic Variables" /
// "Memory" pages), with the values each test needs.

const envelope = (eventType: string, payload: Record<string, unknown>, id: string = randomUUID()) => ({
  data: { record_type: 'event', id, event_type: eventType, occurred_at: new Date().toISOString(), payload },
  meta: { attempt: 1, delivered_to: 'https://voice.example.com/api/webhooks/telnyx' },
});

export function messageReceived(fields: { to: string; from: string; text: string; id?: string; eventId?: string }) {
  return envelope(
    'message.received',
    {
      record_type: 'message',
      direction: 'inbound',
      id: fields.id ?? randomUUID(),
      type: 'SMS',
      messaging_profile_id: '0f512bda-ae1e-4597-8e11-e5f5686b97d3',
      organization_id: 'b448f9cc-a842-4784-98e9-03c1a5872950',
      from: { phone_number: fields.from, carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' },
      to: [{ phone_number: fields.to, status: 'webhook_delivered', carrier: 'TELNYX LLC', line_type: 'VoIP' }],
      cc: [],
      text: fields.text,
      media: [],
      webhook_url: 'https://voice.example.com/api/webhooks/telnyx',
      webhook_failover_url: null,
      encoding: 'GSM-7',
      parts: 1,
      tags: [],
      cost: null,
      received_at: new Date().toISOString(),
      sent_at: null,
      completed_at: null,
      valid_until: null,
      errors: [],
    },
    fields.eventId,
  );
}

interface DeliveryFields {
  id: string;
  from: string;
  to: string;
  status: string;
  errors?: Array<{ code: string; title: string; detail?: string }>;
}

/** `message.sent` and `message.finalized`: a message we sent, with its recipient's state in `to[].status`. */
function messageDelivery(eventType: 'message.sent' | 'message.finalized', fields: DeliveryFields) {
  const now = new Date().toISOString();
  return envelope(eventType, {
    record_type: 'message',
    direction: 'outbound',
    id: fields.id,
    type: 'SMS',
    messaging_profile_id: '0f512bda-ae1e-4597-8e11-e5f5686b97d3',
    from: { phone_number: fields.from, carrier: 'TELNYX LLC', line_type: 'VoIP' },
    to: [{ phone_number: fields.to, status: fields.status, carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' }],
    text: 'Your registration link',
    media: [],
    encoding: 'GSM-7',
    parts: 1,
    sent_at: now,
    completed_at: eventType === 'message.finalized' ? now : null,
    errors: fields.errors ?? [],
  });
}

export const messageSent = (fields: DeliveryFields) => messageDelivery('message.sent', fields);
export const messageFinalized = (fields: DeliveryFields) => messageDelivery('message.finalized', fields);

export function callEvent(
  eventType: 'call.initiated' | 'call.answered' | 'call.hangup',
  fields: { callControlId: string; to: string; from: string; hangupCause?: string },
) {
  return envelope(eventType, {
    call_control_id: fields.callControlId,
    call_leg_id: randomUUID(),
    call_session_id: randomUUID(),
    client_state: null,
    connection_id: '1494404757140276705',
    from: fields.from,
    to: fields.to,
    direction: 'incoming',
    state: eventType === 'call.hangup' ? 'hangup' : eventType === 'call.answered' ? 'answered' : 'parked',
    start_time: new Date().toISOString(),
    ...(eventType === 'call.hangup'
      ? { hangup_cause: fields.hangupCause ?? 'normal_clearing', hangup_source: 'caller', sip_hangup_cause: '200' }
      : {}),
  });
}

export function conversationEnded(fields: {
  callControlId: string;
  to: string;
  from: string;
  assistantId: string;
  conversationId: string;
}) {
  return envelope('call.conversation.ended', {
    assistant_id: fields.assistantId,
    call_control_id: fields.callControlId,
    call_leg_id: randomUUID(),
    call_session_id: randomUUID(),
    calling_party_type: 'pstn',
    client_state: null,
    connection_id: '2694492062593582591',
    conversation_id: fields.conversationId,
    duration_sec: 93,
    from: fields.from,
    to: fields.to,
    llm_model: 'openai/gpt-4o',
    stt_model: 'distil-whisper/distil-large-v2',
    tts_model_id: 'Natural',
    tts_provider: 'telnyx',
    tts_voice_id: 'Marissa',
  });
}

export function assistantInitialization(fields: { agentTarget: string; endUserTarget: string }) {
  return envelope('assistant.initialization', {
    telnyx_conversation_channel: 'phone_call',
    telnyx_agent_target: fields.agentTarget,
    telnyx_end_user_target: fields.endUserTarget,
    telnyx_end_user_target_verified: false,
  });
}
