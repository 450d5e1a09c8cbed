import { useEffect, useState } from 'react';

// A minute is the clock's resolution; redrawing twice a minute keeps it at most half a minute behind.
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function localTime(zone: string, now: Date): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
      weekday: 'long',
      hour: 'numeric',
      minute: '2-digit',
    }).format(now);
  } catch {
    return null;
  }
}

/** Says which zone the hours are in and what time it is there, since the person editing may be elsewhere. */
export function ZoneClock({ zone }: { zone: string }) {
  const local = localTime(zone, useNow());
  return (
    <p className="nv-zone-clock">
      {local ? (
        <>
          Times are in {zone}; it is now {local} there.
        </>
      ) : (
        `“${zone}” is not a time zone this browser knows; saving will check it.`
      )}
    </p>
  );
}
