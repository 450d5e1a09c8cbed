// The public surface of @nuvatra/react. test/exports.test.ts snapshots it, so it changes only on purpose.

export {
  CalendarConnection,
  type CalendarConnectionProps,
  type CalendarConnectionView,
  type CalendarDisconnected,
  useCalendarConnection,
  useCompleteCalendarConnection,
  useConnectCalendar,
  useDisconnectCalendar,
} from './calendar.js';
export type { NuvatraClient, NuvatraClientOptions, QueryValue, RequestOptions } from './client/client.js';
export { createNuvatraClient } from './client/client.js';
export { isNuvatraApiError, NuvatraApiError } from './client/errors.js';
export type { AdminJobsProps, AdminTenantsProps } from './components/admin/index.js';
export { AdminJobs, AdminTenants, ImpersonationBanner } from './components/admin/index.js';
export type {
  AppointmentsProps,
  CallDetailProps,
  CallLogProps,
  ConversationsProps,
  StatsOverviewProps,
} from './components/calls/index.js';
export { Appointments, CallDetail, CallLog, Conversations, StatsOverview } from './components/calls/index.js';
export { IntentsEditor, PhoneNumbers, ProfileForm, WorkingHoursEditor } from './components/settings/index.js';
export type { JobFilter } from './hooks/admin.js';
export {
  useAddSharedNumber,
  useAuditEvents,
  useCreateTenant,
  useDiscardJob,
  useInviteToTenant,
  useJob,
  useJobs,
  useRemoveSharedNumber,
  useRetryJob,
  useRevokeInvitation,
  useSharedNumbers,
  useTenants,
  useUnroutedEvents,
  useUpdateTenant,
} from './hooks/admin.js';
export type { CallFilter, PageParams } from './hooks/dashboard.js';
export {
  useAddPhoneNumber,
  useAppointments,
  useCall,
  useCalls,
  useComposedPrompt,
  useConversations,
  useCreateAppointment,
  useCreateIntent,
  useDeleteIntent,
  useIntents,
  useMe,
  useMessages,
  usePhoneNumbers,
  useProfile,
  usePrompt,
  useRemovePhoneNumber,
  useSaveProfile,
  useSavePrompt,
  useSaveWorkingHours,
  useStats,
  useSubscription,
  useUpdateIntent,
  useWorkingHours,
} from './hooks/dashboard.js';
export type { NuvatraProviderProps } from './provider/provider.js';
export {
  createNuvatraQueryClient,
  NuvatraProvider,
  useImpersonation,
  useNuvatraClient,
} from './provider/provider.js';
export { ErrorMessage } from './ui/states.js';
