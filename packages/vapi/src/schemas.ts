import { z } from 'zod';

// Vapi's server messages, in Vapi's casing (`POST { message: { type, call, phoneNumber, customer, ... } }`,
// docs.vapi.ai/server-url/events; the SDK's `ServerMessage*` types). Only the fields the plugin reads are named;
// every object is loose, so fields Vapi adds later pass through untouched. Optional fields accept null, which
// Vapi sends for unset values.

const metadata = z.record(z.string(), z.unknown());
const optionalText = z.string().nullish();

const phoneNumber = z.looseObject({ id: optionalText, number: optionalText });
const customer = z.looseObject({ number: optionalText });
const withMetadata = z.looseObject({ metadata: metadata.nullish() });

export const vapiCallSchema = z.looseObject({
  id: z.string().min(1).max(255),
  /** `inboundPhoneCall`, `outboundPhoneCall`, `webCall`. */
  type: optionalText,
  customer: customer.nullish(),
  phoneNumber: phoneNumber.nullish(),
  assistant: withMetadata.nullish(),
  assistantOverrides: withMetadata.nullish(),
  /** Not in the SDK's `Call` type any more, but still sent by Vapi's API on calls created with it. */
  metadata: metadata.nullish(),
  /** `TwilioTransport.forwardedFrom`: the line a Twilio call was forwarded from. */
  transport: z.looseObject({ provider: optionalText, forwardedFrom: optionalText }).nullish(),
  /** SIP calls carry their INVITE headers here (`sip.headers`), among them `Diversion` for forwarded calls. */
  phoneCallProviderDetails: z
    .looseObject({ sip: z.looseObject({ headers: z.record(z.string(), z.unknown()).nullish() }).nullish() })
    .nullish(),
});
export type VapiCall = z.output<typeof vapiCallSchema>;

/** What every message about a call carries besides its type. */
const callMessage = {
  timestamp: z.number().nullish(),
  call: vapiCallSchema,
  phoneNumber: phoneNumber.nullish(),
  customer: customer.nullish(),
  assistant: withMetadata.nullish(),
};

export const envelopeSchema = z.looseObject({ message: z.looseObject({ type: z.string().min(1) }) });

export const assistantRequestSchema = z.looseObject({ type: z.literal('assistant-request'), ...callMessage });
export type AssistantRequest = z.output<typeof assistantRequestSchema>;

export const statusUpdateSchema = z.looseObject({
  type: z.literal('status-update'),
  ...callMessage,
  /** scheduled, queued, ringing, in-progress, forwarding, ended (`ServerMessageStatusUpdateStatus`). */
  status: z.string().min(1).max(64),
  endedReason: optionalText,
});
export type StatusUpdate = z.output<typeof statusUpdateSchema>;

const transcriptItemSchema = z.looseObject({
  /** user, bot, assistant, system, tool_calls, tool_call_result (`ArtifactMessagesItem`). */
  role: z.string(),
  message: optionalText,
  result: z.unknown().optional(),
  name: optionalText,
  secondsFromStart: z.number().nullish(),
});
export type TranscriptItem = z.output<typeof transcriptItemSchema>;

/** A transcript entry of a kind we do not know is dropped, not a reason to lose the whole report. */
const transcriptItems = z.array(z.unknown()).transform((items) =>
  items.flatMap((item) => {
    const parsed = transcriptItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }),
);

export const endOfCallReportSchema = z.looseObject({
  type: z.literal('end-of-call-report'),
  ...callMessage,
  endedReason: optionalText,
  cost: z.number().nullish(),
  startedAt: optionalText,
  endedAt: optionalText,
  /** Top-level in Vapi's payloads, though not in the SDK's type. */
  durationSeconds: z.number().nullish(),
  artifact: z
    .looseObject({
      transcript: optionalText,
      messages: transcriptItems.nullish(),
      recordingUrl: optionalText,
      recording: z.looseObject({ mono: z.looseObject({ combinedUrl: optionalText }).nullish() }).nullish(),
    })
    .nullish(),
  analysis: z.looseObject({ summary: optionalText }).nullish(),
  /** Older reports carried these at the top level instead of in `artifact` / `analysis`. */
  transcript: optionalText,
  summary: optionalText,
  recordingUrl: optionalText,
  messages: transcriptItems.nullish(),
});
export type EndOfCallReport = z.output<typeof endOfCallReportSchema>;

const toolCallSchema = z.looseObject({
  id: z.string().min(1).max(255),
  function: z.looseObject({
    name: z.string().min(1).max(255),
    /** A JSON string in the SDK's `ToolCallFunction`; some payloads send the object itself. */
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
});
export type ToolCall = z.output<typeof toolCallSchema>;

export const toolCallsSchema = z.looseObject({
  type: z.literal('tool-calls'),
  ...callMessage,
  toolCallList: z.array(toolCallSchema).max(64).nullish(),
  toolWithToolCallList: z
    .array(z.looseObject({ toolCall: toolCallSchema }))
    .max(64)
    .nullish(),
});
export type ToolCalls = z.output<typeof toolCallsSchema>;

/** Any message about a call we act on. */
export type CallMessage = AssistantRequest | StatusUpdate | EndOfCallReport | ToolCalls;
