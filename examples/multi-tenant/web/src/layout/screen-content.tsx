import { IntentsEditor, PhoneNumbers, ProfileForm, WorkingHoursEditor } from '@nuvatra/react';
import { AppointmentsScreen, ConversationsScreen, StatsScreen } from '../screens/activity-screens.js';
import { AdminScreen } from '../screens/admin-screen.js';
import { CallsScreen } from '../screens/calls-screen.js';
import { IntegrationsScreen } from '../screens/integrations-screen.js';
import type { Route } from './hash-route.js';
import type { ScreenId } from './screens.js';

/** What each screen shows under its heading; the components come from @nuvatra/react. */
export function ScreenContent({
  screen,
  route,
  navigate,
}: {
  screen: ScreenId;
  route: Route;
  navigate: (route: Route) => void;
}) {
  switch (screen) {
    case 'calls':
      return <CallsScreen callId={route.item} onSelectCall={(item) => navigate({ screen: 'calls', item })} />;
    case 'stats':
      return <StatsScreen />;
    case 'conversations':
      return <ConversationsScreen />;
    case 'appointments':
      return <AppointmentsScreen />;
    case 'intents':
      return <IntentsEditor />;
    case 'phone-numbers':
      return <PhoneNumbers />;
    case 'hours':
      return <WorkingHoursEditor />;
    case 'profile':
      return <ProfileForm />;
    case 'integrations':
      return <IntegrationsScreen />;
    case 'admin':
      return <AdminScreen onImpersonated={() => navigate({ screen: 'calls', item: null })} />;
  }
}
