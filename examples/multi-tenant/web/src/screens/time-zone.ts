import { useWorkingHours } from '@nuvatra/react';

/** The tenant's own time zone, so a clinic in New York reads its calls in New York time wherever it is opened. */
export function useTenantTimeZone(): string | undefined {
  return useWorkingHours().data?.timezone;
}
