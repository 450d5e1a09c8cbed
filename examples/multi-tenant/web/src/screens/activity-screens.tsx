import { Appointments, Conversations, StatsOverview } from '@nuvatra/react';
import { useTenantTimeZone } from './time-zone.js';

export function StatsScreen() {
  return <StatsOverview />;
}

export function ConversationsScreen() {
  return <Conversations pageSize={25} />;
}

export function AppointmentsScreen() {
  const timeZone = useTenantTimeZone();
  return <Appointments pageSize={25} timeZone={timeZone} />;
}
