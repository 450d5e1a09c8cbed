import { useCallback, useSyncExternalStore } from 'react';

/** Where the dashboard is: `#/calls/call_123` is the calls screen with that call open. */
export interface Route {
  screen: string;
  /** The item open on the screen (a call's id), if any. */
  item: string | null;
}

// Hash routing: the server needs no route table, a reload keeps the screen, and Back works.
function parseHash(hash: string): Route {
  const [screen = '', item] = hash.replace(/^#\/?/, '').split('/');
  return { screen, item: item ? decodeURIComponent(item) : null };
}

export function toHash({ screen, item }: Route): string {
  return `#/${screen}${item ? `/${encodeURIComponent(item)}` : ''}`;
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const navigate = useCallback((route: Route) => {
    window.location.hash = toHash(route);
  }, []);
  return [parseHash(hash), navigate];
}
