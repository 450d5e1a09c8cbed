import { ClerkProvider, Show, SignIn, UserButton, useAuth } from '@clerk/react';
import { useEffect } from 'react';
import { Dashboard } from '../layout/dashboard.js';
import { clearSession } from '../session.js';

/** Clerk's sign-in, then the dashboard with Clerk's session token as the API's bearer token. */
export function ClerkSignIn({ publishableKey }: { publishableKey: string }) {
  return (
    <ClerkProvider publishableKey={publishableKey} afterSignOutUrl="/">
      <Show when="signed-out">
        <SignedOut />
      </Show>
      <Show when="signed-in">
        <SignedIn />
      </Show>
    </ClerkProvider>
  );
}

function SignedOut() {
  // The next user of this tab must not inherit an impersonation.
  useEffect(clearSession, []);
  return (
    <main className="app-sign-in">
      <h1>Sign in to Nuvatra</h1>
      <p className="app-lede">Sign in to see your business&apos;s calls and settings.</p>
      {/* Hash routing: the example server answers every path with the app, and Clerk's steps stay client-side. */}
      <SignIn routing="hash" />
    </main>
  );
}

function SignedIn() {
  const { getToken, userId } = useAuth();
  return (
    // Asked before every request, so the short-lived session token is always fresh.
    <Dashboard key={userId} getToken={() => getToken()} account={<UserButton />} />
  );
}
