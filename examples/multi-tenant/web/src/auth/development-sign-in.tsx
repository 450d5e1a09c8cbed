import { useState } from 'react';
import type { DevelopmentUser } from '../dashboard-config.js';
import { Dashboard } from '../layout/dashboard.js';
import { clearSession, readSession, writeSession } from '../session.js';

/**
 * Development sign-in: no password, the API trusts `Bearer dev:<user>` because no auth provider is configured
 * (and refuses it under NODE_ENV=production). The picked user lasts as long as the browser tab.
 */
export function DevelopmentSignIn({ users }: { users: DevelopmentUser[] }) {
  const [user, setUser] = useState(() => readSession('development-user'));
  if (!user) {
    return (
      <UserPicker
        users={users}
        onPick={(id) => {
          writeSession('development-user', id);
          setUser(id);
        }}
      />
    );
  }
  const signOut = () => {
    clearSession();
    setUser(null);
  };
  return (
    // A new user gets a new provider, and so an empty cache: nothing of the previous user's is shown.
    <Dashboard
      key={user}
      getToken={() => `dev:${user}`}
      account={
        <>
          <span className="app-account__user">
            Signed in as <strong>{user}</strong>
          </span>
          <button type="button" className="app-button" onClick={signOut}>
            Sign out
          </button>
        </>
      }
    />
  );
}

function UserPicker({ users, onPick }: { users: DevelopmentUser[]; onPick: (id: string) => void }) {
  return (
    <main className="app-sign-in">
      <h1>Sign in to the Nuvatra demo</h1>
      <p className="app-lede">
        Development sign-in is on because no auth provider is configured: pick who you are. Each business owner sees
        only their own business; the operator sees them all.
      </p>
      <ul className="app-sign-in__users">
        {users.map((user) => (
          <li key={user.id}>
            <button type="button" className="app-sign-in__user" onClick={() => onPick(user.id)}>
              <span className="app-sign-in__name">{user.id}</span>
              <span className="app-sign-in__description">{user.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="app-hint">
        With Clerk keys set (CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY), this page is Clerk&apos;s sign-in instead.
      </p>
    </main>
  );
}
