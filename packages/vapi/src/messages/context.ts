import type { Logger, NuvatraServices, Storage } from '@nuvatra/core';
import type { VapiSettings } from '../options.js';

/** What every server-message handler works with: the route's storage and services, and the plugin's settings. */
export interface MessageContext {
  storage: Storage;
  services: NuvatraServices;
  log: Logger;
  settings: VapiSettings;
}

/** The audit actor for everything the Vapi webhook does. */
export const vapiActor = { type: 'provider', id: 'vapi' } as const;
