// What the dashboard keeps for this browser tab only: the demo user picked, the tenant an admin impersonates.
// sessionStorage, so closing the tab signs out, and two tabs can be two different users side by side.

const prefix = 'nuvatra-example.';

export type SessionKey = 'development-user' | 'impersonated-tenant';

export function readSession(key: SessionKey): string | null {
  return sessionStorage.getItem(prefix + key);
}

export function writeSession(key: SessionKey, value: string | null): void {
  if (value === null) sessionStorage.removeItem(prefix + key);
  else sessionStorage.setItem(prefix + key, value);
}

/** Forgets everything of the signed-in user's, on sign-out. */
export function clearSession(): void {
  writeSession('development-user', null);
  writeSession('impersonated-tenant', null);
}
