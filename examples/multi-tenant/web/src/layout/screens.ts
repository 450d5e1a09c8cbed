/** Every screen of the dashboard, in the navigation's order, with the line that tells a newcomer what it is for. */
export const screens = [
  {
    id: 'calls',
    label: 'Calls',
    title: 'Calls',
    explanation:
      'Every call the AI receptionist answered, newest first. Open one to read its transcript and listen to it.',
  },
  {
    id: 'stats',
    label: 'Stats',
    title: 'Stats',
    explanation: 'How many calls came in each day, how long they lasted, how they ended and what callers wanted.',
  },
  {
    id: 'conversations',
    label: 'Conversations',
    title: 'Conversations',
    explanation: 'Text messages (SMS, WhatsApp) between your customers and the assistant.',
  },
  {
    id: 'appointments',
    label: 'Appointments',
    title: 'Appointments',
    explanation: 'Bookings the assistant made during calls, with the call they came from.',
  },
  {
    id: 'intents',
    label: 'Intents',
    title: 'Intents',
    explanation: 'What callers typically ask for, the phrases they use, and how the assistant should answer.',
  },
  {
    id: 'phone-numbers',
    label: 'Phone numbers',
    title: 'Phone numbers',
    explanation: 'The numbers callers dial to reach your business, and the lines you forward to the assistant.',
  },
  {
    id: 'hours',
    label: 'Hours',
    title: 'Working hours',
    explanation: 'When your business is open: the assistant tells callers, and books only inside these hours.',
  },
  {
    id: 'profile',
    label: 'Profile',
    title: 'Business profile',
    explanation: 'Who you are, the languages you answer in, your greeting, services and the voice of the assistant.',
  },
  {
    id: 'integrations',
    label: 'Integrations',
    title: 'Integrations',
    explanation:
      'Connect your Google Calendar, so the assistant books into it, and your Gmail, so emails reach the assistant.',
  },
  {
    id: 'admin',
    label: 'Admin',
    title: 'Admin: tenants and jobs',
    explanation:
      'For the operator: every business on this deployment (create one, suspend it, or view it as its owner), and the background jobs that failed.',
  },
] as const;

export type Screen = (typeof screens)[number];
export type ScreenId = Screen['id'];

export function findScreen(id: string): Screen | undefined {
  return screens.find((screen) => screen.id === id);
}
