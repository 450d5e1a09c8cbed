import type { AnyRoute } from '../http/route.js';
import { callRoutes } from './calls.js';
import { appointmentRoutes, conversationRoutes } from './conversations.js';
import { intentRoutes } from './intents.js';
import { meRoute } from './me.js';
import { phoneNumberRoutes } from './phone-numbers.js';
import { settingsRoutes } from './settings.js';
import { statsRoute } from './stats.js';

/** Every route of a tenant's dashboard. */
export const dashboardRoutes: AnyRoute[] = [
  meRoute,
  ...callRoutes,
  statsRoute,
  ...intentRoutes,
  ...phoneNumberRoutes,
  ...settingsRoutes,
  ...conversationRoutes,
  ...appointmentRoutes,
];
