// The public surface of @nuvatra/example-swim-school.
export type { OutboundSms, SwimSchoolOptions } from './options.js';
export { swimSchool } from './plugin.js';
export { registrationPurpose } from './registration-link.js';
export { registrationSmsJobName } from './registration-sms.js';
export { seedSwimSchool } from './seed.js';
