// Test-only: Vapi server messages shaped as Vapi documents them (docs.vapi.ai/server-url/events) and as the
// SDK types them (`ServerMessageAssistantRequest`, `ServerMessageStatusUpdate`, `ServerMessageEndOfCallReport`,
// `ServerMessageToolCalls`): `{ message: { type, timestamp, phoneNumber, customer, call, ... } }`.

const orgId = 'org-5c4d030f';
const createdAt = '2026-03-02T14:00:00.000Z';
const timestamp = Date.parse(createdAt);

export interface CallShape {
  /** Vapi's call id. */
  callId: string;
  /** The Vapi phone number the call came in on (`message.phoneNumber.number`); null for none. */
  to?: string | null;
  from?: string;
  /** Twilio's ForwardedFrom, as Vapi's Twilio transport reports it. */
  forwardedFrom?: string;
  /** What our assistant asked Vapi to echo: `{ tenantId, callId }`. */
  metadata?: Record<string, unknown>;
}

function callParts({ callId, to = null, from = '+15550109999', forwardedFrom, metadata }: CallShape) {
  const phoneNumber = to
    ? {
        id: 'pn-9b2e',
        orgId,
        provider: 'twilio',
        number: to,
        twilioAccountSid: 'AC0123456789abcdef0123456789abcdef',
        createdAt,
        updatedAt: createdAt,
      }
    : undefined;
  const call = {
    id: callId,
    orgId,
    type: 'inboundPhoneCall',
    status: 'ringing',
    phoneCallProvider: 'twilio',
    phoneCallTransport: 'pstn',
    phoneCallProviderId: 'CA11112222333344445555666677778888',
    createdAt,
    updatedAt: createdAt,
    customer: { number: from },
    ...(phoneNumber ? { phoneNumberId: phoneNumber.id } : {}),
    transport: {
      provider: 'twilio',
      callSid: 'CA11112222333344445555666677778888',
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      ...(forwardedFrom ? { forwardedFrom } : {}),
    },
    ...(metadata ? { assistant: { name: 'Sunrise Dental', metadata } } : {}),
  };
  return {
    timestamp,
    ...(phoneNumber ? { phoneNumber } : {}),
    customer: { number: from },
    ...(metadata ? { assistant: { name: 'Sunrise Dental', metadata } } : {}),
    call,
  };
}

export function assistantRequest(shape: CallShape) {
  return { message: { type: 'assistant-request', ...callParts(shape) } };
}

export function statusUpdate(shape: CallShape & { status: string; endedReason?: string }) {
  const { status, endedReason, ...call } = shape;
  return { message: { type: 'status-update', status, ...(endedReason ? { endedReason } : {}), ...callParts(call) } };
}

export function endOfCallReport(shape: CallShape & { summary?: string }) {
  const { summary = 'The caller booked a check-up for Monday at 10:00.', ...call } = shape;
  return {
    message: {
      type: 'end-of-call-report',
      endedReason: 'customer-ended-call',
      cost: 0.1234,
      startedAt: '2026-03-02T14:00:05.000Z',
      endedAt: '2026-03-02T14:01:40.500Z',
      durationSeconds: 95.5,
      artifact: {
        transcript: 'AI: Hello, Sunrise Dental, how can I help you today?\nUser: Хочу записаться на приём.\n',
        messages: [
          { role: 'system', message: 'You are the receptionist…', time: timestamp, secondsFromStart: 0 },
          {
            role: 'bot',
            message: 'Hello, Sunrise Dental, how can I help you today?',
            time: timestamp + 5500,
            endTime: timestamp + 8000,
            secondsFromStart: 0.5,
            duration: 2500,
            source: '',
          },
          {
            role: 'user',
            message: 'Хочу записаться на приём.',
            time: timestamp + 9000,
            endTime: timestamp + 11000,
            secondsFromStart: 4,
            duration: 2000,
          },
          {
            role: 'tool_calls',
            message: '',
            time: timestamp + 12000,
            secondsFromStart: 7,
            toolCalls: [
              { id: 'call_tool_1', type: 'function', function: { name: 'book_appointment', arguments: '{}' } },
            ],
          },
          {
            role: 'tool_call_result',
            toolCallId: 'call_tool_1',
            name: 'book_appointment',
            result: 'booked',
            time: timestamp + 12500,
            secondsFromStart: 7.5,
          },
        ],
        recordingUrl: 'https://storage.vapi.ai/5c4d030f-mono.wav',
      },
      analysis: { summary, successEvaluation: 'true' },
      ...callParts(call),
    },
  };
}

export function toolCalls(shape: CallShape & { calls: Array<{ id: string; name: string; args: unknown }> }) {
  const { calls, ...call } = shape;
  const toolCallList = calls.map(({ id, name, args }) => ({
    id,
    type: 'function',
    function: { name, arguments: JSON.stringify(args) },
  }));
  return {
    message: {
      type: 'tool-calls',
      toolCallList,
      toolWithToolCallList: toolCallList.map((toolCall) => ({
        type: 'function',
        function: { name: toolCall.function.name },
        toolCall,
      })),
      ...callParts(call),
    },
  };
}
