import { CallLog } from '@nuvatra/react';
import { useTenantTimeZone } from './time-zone.js';

/** The call log; the open call is part of the URL (`#/calls/<id>`), so it can be linked to and survives a reload. */
export function CallsScreen({
  callId,
  onSelectCall,
}: {
  callId: string | null;
  onSelectCall: (id: string | null) => void;
}) {
  const timeZone = useTenantTimeZone();
  return <CallLog pageSize={25} timeZone={timeZone} selectedCallId={callId} onSelectCall={onSelectCall} />;
}
