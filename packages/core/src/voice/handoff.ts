import type { RegisteredTool } from '../http/plugin.js';
import type { Call } from '../schemas/call.js';
import type { Storage } from '../storage/create-storage.js';
import type { VoiceProfile } from './profile.js';

/**
 * A call a telephony plugin (Twilio) has tied to a tenant and stored, ready for a voice agent to take. It comes
 * with the tenant's voice profile, read in the tenant's scope; the hand-off itself runs outside any transaction,
 * because it waits on the voice provider's API and must not hold the tenant's storage meanwhile.
 */
export interface CallHandoffInput {
  storage: Storage;
  call: Call;
  profile: VoiceProfile;
  /** The public base URL of this deployment, for callbacks the voice agent's provider makes. */
  publicBaseUrl: string;
  /** The voice-agent tools the call's tenant has (its plugins' `appliesTo`), to offer the assistant. */
  tools: ReadonlyMap<string, RegisteredTool>;
}

/**
 * How the telephony provider should continue the call: markup in its own format (Twilio's TwiML), which the
 * voice plugin got from its provider (Vapi answers a provider-bypassed call with TwiML).
 */
export interface CallHandoff {
  format: 'twiml';
  body: string;
  /** The voice agent's own id of the call (the Vapi call id), kept on our call record. */
  agentCallId?: string;
  agent: string;
}
