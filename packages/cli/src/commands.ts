import type { CommandSpec } from './command.js';
import { doctor } from './doctor/command.js';
import { memberCommands } from './manage/members.js';
import { migrateCommands } from './manage/migrate.js';
import { numberCommands } from './manage/numbers.js';
import { tenantCommands } from './manage/tenants.js';
import { simulateClerkEvent } from './simulate/clerk.js';
import { simulateEndOfCall } from './simulate/end-of-call.js';
import { twilioSimulations } from './simulate/twilio.js';
import { toolUrls } from './tools/urls.js';
import { worker } from './worker/command.js';

/** Every command, by its first word, in the order --help lists them. */
export const commandGroups: ReadonlyMap<string, readonly CommandSpec[]> = new Map([
  ['simulate', [...twilioSimulations, simulateEndOfCall, simulateClerkEvent]],
  ['tenants', tenantCommands],
  ['numbers', numberCommands],
  ['admin', memberCommands],
  ['migrate', migrateCommands],
  ['doctor', [doctor]],
  ['worker', [worker]],
  ['tools', [toolUrls]],
]);
