import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { parseSwimSchoolOptions, type SwimSchoolOptions } from './options.js';
import { registrationSmsJob } from './registration-sms.js';
import { swimStorage } from './storage.js';
import { bookMeetingTool } from './tools/book-meeting.js';
import { getAvailableSlotsTool } from './tools/get-available-slots.js';
import { getClassesTool } from './tools/get-classes.js';
import { sendRegistrationLinkTool } from './tools/send-registration-link.js';

/**
 * A swim school's voice-agent tools, for the tenants named in `tenants` only: `get_classes`, `get_available_slots`,
 * `book_meeting` and `send_registration_link`. Written against @nuvatra/core's public API alone, as an integrator
 * would, with its own tables (`storage.migrate({ plugins })` creates them) and a job that sends the texts.
 */
export function swimSchool(options: SwimSchoolOptions): NuvatraPlugin {
  const settings = parseSwimSchoolOptions(options);
  return definePlugin({
    name: 'swim-school',
    appliesTo: (tenant) => settings.tenants.has(tenant.slug),
    storage: swimStorage,
    tools: {
      get_classes: getClassesTool(),
      get_available_slots: getAvailableSlotsTool(settings),
      book_meeting: bookMeetingTool(settings),
      send_registration_link: sendRegistrationLinkTool(settings),
    },
    jobs: [registrationSmsJob(settings)],
  });
}
